import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { batchBuffers, type CorpusBatch, concatBatches, failedBatch } from '../core/corpus/batch';
import { createCorpusApi } from '../core/corpus/corpus-api';
import { type CorpusInit, createCorpusEvaluator } from '../core/corpus/evaluate';
import { createEvalApi, type EvalInit } from '../core/study/eval-api';
import { columnBuffers, type EvalColumns } from '../core/study/metrics';
import { type PoolEvent, type PoolWorker, WorkerPool } from '../core/study/pool';
import type { DetailedBatch } from '../core/study/sim-evaluator';

/**
 * The evaluation pool in Node: worker_threads running the same core evaluator as the browser's
 * workers/eval.worker.ts, behind the shared WorkerPool (watchdog, replacement, retries). This
 * module is also the worker's entry: a thread started with the marker in workerData serves
 * `{ id, method, args }` requests.
 * TypeScript in workers: on Node 20 neither `execArgv: ['--import', 'tsx']` nor an inherited tsx
 * loader applies to a worker's entry module (it fails with "Unknown file extension .ts"), so the
 * worker starts from a small eval'd bootstrap that registers tsx's ESM hooks first and then
 * imports this file.
 */

const MARKER = 'archscope:eval-worker';

type Method = 'init' | 'evaluate' | 'evaluateDetailed';
interface Request {
  id: number;
  method: Method;
  args: unknown[];
}
type Reply = { id: number; result: unknown } | { id: number; error: string };

/** Which core API a worker thread serves: the study evaluator or the corpus evaluator. */
type WorkerKind = 'eval' | 'corpus';

if (!isMainThread && parentPort && (workerData as Record<string, unknown> | null)?.[MARKER]) {
  const port = parentPort;
  const kind = (workerData as Record<string, unknown>)[MARKER] as WorkerKind | true;
  const api: Record<string, unknown> =
    kind === 'corpus' ? createCorpusApi() : createEvalApi({ die: () => process.exit(1), now: () => performance.now() });
  port.on('message', async (req: Request) => {
    try {
      const fn = api[req.method] as ((...a: unknown[]) => unknown) | undefined;
      if (!fn) throw new Error(`worker has no method ${req.method}`);
      const result = await fn(...req.args);
      const transfer =
        req.method !== 'evaluate'
          ? []
          : kind === 'corpus'
            ? batchBuffers(result as CorpusBatch)
            : columnBuffers(result as EvalColumns);
      port.postMessage({ id: req.id, result } satisfies Reply, transfer);
    } catch (e) {
      port.postMessage({ id: req.id, error: e instanceof Error ? e.message : String(e) } satisfies Reply);
    }
  });
}

/** One worker thread with request/response bookkeeping; a thread that exits rejects whatever was pending. */
export class NodeEvalWorker implements PoolWorker {
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private dead: Error | undefined;

  private constructor(private readonly w: Worker) {
    w.on('message', (m: Reply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if ('error' in m) p.reject(new Error(m.error));
      else p.resolve(m.result);
    });
    const fail = (e: Error) => {
      this.dead = e;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    w.on('error', (e) => fail(e instanceof Error ? e : new Error(String(e))));
    w.on('exit', (code) => fail(new Error(`eval worker exited with code ${code}`)));
  }

  /** Starts a thread serving `kind`'s API and initialises it with `init`. */
  static async spawn(init: EvalInit | CorpusInit, kind: WorkerKind = 'eval'): Promise<NodeEvalWorker> {
    const w = new Worker(workerBootstrap(), { eval: true, workerData: { [MARKER]: kind } });
    const ew = new NodeEvalWorker(w);
    try {
      await ew.call('init', [init]);
    } catch (e) {
      ew.terminate();
      throw e;
    }
    return ew;
  }

  private call(method: Method, args: unknown[], transfer: ArrayBuffer[] = []): Promise<unknown> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.w.postMessage({ id, method, args } satisfies Request, transfer);
    });
  }

  evaluate(codes: Int32Array, n: number): Promise<EvalColumns> {
    return this.call('evaluate', [codes, n], [codes.buffer as ArrayBuffer]) as Promise<EvalColumns>;
  }

  /** A corpus worker's batch (spawned with kind 'corpus'). */
  evaluateCorpus(indices: Int32Array, n: number): Promise<CorpusBatch> {
    return this.call('evaluate', [indices, n], [indices.buffer as ArrayBuffer]) as Promise<CorpusBatch>;
  }

  evaluateDetailed(codes: Int32Array, n: number): Promise<DetailedBatch> {
    return this.call('evaluateDetailed', [codes, n], [codes.buffer as ArrayBuffer]) as Promise<DetailedBatch>;
  }

  terminate(): void {
    this.dead ??= new Error('eval worker terminated');
    for (const p of this.pending.values()) p.reject(this.dead);
    this.pending.clear();
    void this.w.terminate();
  }
}

/** URL of tsx's ESM API (the `import` condition of its `./esm/api` export; require.resolve would give the CJS build). */
function tsxEsmApiUrl(): string {
  const pkgPath = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  const rel = pkg.exports['./esm/api']?.import.default ?? './dist/esm/api/index.mjs';
  return pathToFileURL(join(dirname(pkgPath), rel)).href;
}

/** Source of the worker's entry: import this module, through tsx's hooks when it is TypeScript. */
function workerBootstrap(): string {
  const self = JSON.stringify(import.meta.url);
  if (!import.meta.url.endsWith('.ts')) return `import(${self});`;
  const tsxApi = JSON.stringify(tsxEsmApiUrl());
  return `import(${tsxApi}).then((m) => { m.register(); return import(${self}); });`;
}

export interface NodePoolOptions {
  /** Worker threads (default: os.availableParallelism()). */
  size?: number;
  timeoutMs?: number;
  maxAttempts?: number;
  chunkSize?: number;
  onEvent?: (e: PoolEvent) => void;
}

/** A WorkerPool of Node worker threads, each initialised with `init`. Call `terminate()` when done. */
export function createNodePool(init: EvalInit, o: NodePoolOptions = {}): WorkerPool {
  return new WorkerPool({
    size: o.size ?? availableParallelism(),
    spawn: () => NodeEvalWorker.spawn(init),
    timers: { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
    timeoutMs: o.timeoutMs,
    maxAttempts: o.maxAttempts,
    chunkSize: o.chunkSize,
    onEvent: o.onEvent,
  });
}

/**
 * A WorkerPool of corpus worker threads (createCorpusApi), each initialised with `init`; `run(indices)`
 * resolves with their CorpusBatch in index order. The init is checked here first, so a bad space
 * or class fails at once with its message instead of after the pool's spawn retries.
 */
export function createNodeCorpusPool(init: CorpusInit, o: NodePoolOptions = {}): WorkerPool<CorpusBatch> {
  const classes = createCorpusEvaluator(init).classes.length;
  return new WorkerPool<CorpusBatch>({
    size: o.size ?? availableParallelism(),
    spawn: async () => {
      const w = await NodeEvalWorker.spawn(init, 'corpus');
      return { evaluate: (idx, n) => w.evaluateCorpus(idx, n), terminate: () => w.terminate() };
    },
    results: {
      rows: (b) => b.n,
      concat: concatBatches,
      empty: () => failedBatch(new Int32Array(0), classes),
      failed: (idx) => failedBatch(idx, classes),
    },
    timers: { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
    timeoutMs: o.timeoutMs,
    maxAttempts: o.maxAttempts,
    chunkSize: o.chunkSize,
    onEvent: o.onEvent,
  });
}
