import { type Remote, releaseProxy, transfer, wrap } from 'comlink';
import type { CorpusEcdf, CorpusWorkerApi, CostReport } from '../../workers/corpus.worker';
import {
  batchBuffers,
  type CorpusBatch,
  type CorpusInit,
  type CorpusProgress,
  CorpusRunner,
  type CorpusSpec,
  type CorpusStore,
  type CorpusSummary,
  concatBatches,
  failedBatch,
} from '../core/corpus/page';
import { type PoolWorker, WorkerPool } from '../core/study/pool';
import { CrashGuard, defaultWorkerCount } from './pool';

export type { CorpusEcdf, CostReport };

function spawnWorker(name: string): { w: Worker; remote: Remote<CorpusWorkerApi>; guard: CrashGuard } {
  const w = new Worker(new URL('../../workers/corpus.worker.ts', import.meta.url), { type: 'module', name });
  return { w, remote: wrap<CorpusWorkerApi>(w), guard: new CrashGuard(w) };
}

/** One corpus worker (workers/corpus.worker.ts) as a PoolWorker of network batches. */
async function spawnCorpusWorker(init: CorpusInit): Promise<PoolWorker<CorpusBatch>> {
  const { w, remote, guard } = spawnWorker('corpus');
  const terminate = () => {
    guard.fail(new Error('corpus worker terminated'));
    remote[releaseProxy]();
    w.terminate();
  };
  try {
    await guard.run(remote.init(init));
  } catch (e) {
    terminate();
    throw e;
  }
  return {
    evaluate: (indices, n) => guard.run(remote.evaluate(transfer(indices, [indices.buffer as ArrayBuffer]), n)),
    terminate,
  };
}

/** A pool of corpus workers, each initialised with `init` (crashed or hung workers are replaced). */
export function createCorpusPool(init: CorpusInit, size = defaultWorkerCount()): WorkerPool<CorpusBatch> {
  const C = init.classes.length;
  return new WorkerPool<CorpusBatch>({
    size,
    spawn: () => spawnCorpusWorker(init),
    results: {
      rows: (b) => b.n,
      // A batch evaluated in one piece is passed on as it came (no copy on the page's thread).
      concat: (parts) => (parts.length === 1 ? (parts[0] as CorpusBatch) : concatBatches(parts)),
      empty: () => failedBatch(new Int32Array(0), C),
      failed: (idx) => failedBatch(idx, C),
    },
    timers: { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (h) => clearTimeout(h as number) },
    timeoutMs: 60_000,
  });
}

export interface CorpusHandle {
  readonly store: CorpusStore;
  /** Settles with the final state when the run ends (rejects when it fails). */
  readonly done: Promise<string>;
  progress(): CorpusProgress;
  pause(): void;
  resume(): void;
  cancel(): void;
}

/**
 * Runs a corpus study in the browser: network indices from the store's position to its count go
 * to a pool of corpus workers in batches, results stream into `store` in index order. The pool is
 * terminated when the run ends.
 */
export function startCorpus(
  init: CorpusInit,
  store: CorpusStore,
  o: {
    size?: number;
    batchSize?: number;
    onProgress?: (p: CorpusProgress) => void;
    /** Each batch after the store appended it; it may be transferred (CorpusRunnerOptions.onAppended). */
    onAppended?: (b: CorpusBatch) => void;
  } = {},
): CorpusHandle {
  const size = o.size ?? defaultWorkerCount();
  const pool = createCorpusPool(init, size);
  const runner = new CorpusRunner({
    store,
    executor: pool,
    // A batch per worker call keeps every worker busy; small enough that the page appends in short steps.
    batchSize: o.batchSize ?? 64 * size,
    pipelineDepth: 2,
    now: () => performance.now(),
    onProgress: o.onProgress,
    onAppended: o.onAppended,
  });
  const done = runner.run().finally(() => pool.terminate());
  return {
    store,
    done,
    progress: () => runner.progress(),
    pause: () => runner.pause(),
    resume: () => runner.resume(),
    cancel: () => runner.cancel(),
  };
}

/** Trains the learned cost model in a short-lived corpus worker (terminated after, or on abort). */
export async function trainCostModel(
  init: CorpusInit,
  classId: string,
  o: { train: number; test: number; epochs: number },
  signal?: AbortSignal,
): Promise<CostReport> {
  const { w, remote, guard } = spawnWorker('costmodel');
  const stop = () => {
    guard.fail(new Error('cost-model training cancelled'));
    w.terminate();
  };
  signal?.addEventListener('abort', stop);
  try {
    return await guard.run(remote.trainCostModel(init, classId, o));
  } finally {
    signal?.removeEventListener('abort', stop);
    remote[releaseProxy]();
    w.terminate();
  }
}

/** Checks an imported cost model and predicts networks `indices` of the space with it (in a short-lived worker). */
export async function scoreCostModel(
  json: unknown,
  seed: number,
  indices: Int32Array,
): Promise<{ classId: string; latencyMs: Float64Array }> {
  const { w, remote, guard } = spawnWorker('costmodel');
  try {
    return await guard.run(remote.scoreModel(json, seed, indices));
  } finally {
    remote[releaseProxy]();
    w.terminate();
  }
}

/**
 * A worker that keeps a copy of the study's rows and computes its summary (summarizeCorpus with
 * its Kendall τ sorts, the ECDFs) off the page's thread: at 10^5 networks that is ~10^2 ms of work
 * a summary, which on the main thread would be a long task every time the charts refresh.
 */
export class SummaryWorker {
  private w: Worker | null = null;
  private remote: Remote<CorpusWorkerApi> | null = null;
  private guard: CrashGuard | null = null;

  private api(): { remote: Remote<CorpusWorkerApi>; guard: CrashGuard } {
    if (!this.remote || !this.guard) {
      const s = spawnWorker('corpus-summary');
      this.w = s.w;
      this.remote = s.remote;
      this.guard = s.guard;
    }
    return { remote: this.remote, guard: this.guard };
  }

  reset(spec: CorpusSpec): Promise<void> {
    const { remote, guard } = this.api();
    return guard.run(remote.summaryReset(spec));
  }

  /** Sends a batch to append (the summary copy drops duplicates as the page's store does); it is transferred. */
  append(b: CorpusBatch): Promise<void> {
    const { remote, guard } = this.api();
    return guard.run(remote.summaryAppend(transfer(b, batchBuffers(b))));
  }

  compute(): Promise<{ rows: number; summary: CorpusSummary; ecdf: CorpusEcdf[] } | null> {
    const { remote, guard } = this.api();
    return guard.run(remote.summaryCompute());
  }

  terminate(): void {
    this.guard?.fail(new Error('summary worker terminated'));
    this.remote?.[releaseProxy]();
    this.w?.terminate();
    this.w = null;
    this.remote = null;
    this.guard = null;
  }
}
