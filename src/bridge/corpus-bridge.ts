import { type Remote, releaseProxy, transfer, wrap } from 'comlink';
import type { CorpusWorkerApi, CostReport } from '../../workers/corpus.worker';
import {
  type CorpusBatch,
  type CorpusInit,
  type CorpusProgress,
  CorpusRunner,
  type CorpusStore,
  concatBatches,
  failedBatch,
} from '../core/corpus/index';
import { type PoolWorker, WorkerPool } from '../core/study/pool';
import { CrashGuard, defaultWorkerCount } from './pool';

export type { CostReport };

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
      concat: concatBatches,
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
  o: { size?: number; batchSize?: number; onProgress?: (p: CorpusProgress) => void } = {},
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
