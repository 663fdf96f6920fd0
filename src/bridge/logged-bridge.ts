import { type Remote, releaseProxy, wrap } from 'comlink';
import type { LoggedBatch, LoggedWorkerApi } from '../../workers/logged.worker';
import type { LoggedPlan, SegmentRows } from '../core/prime/logged';
import { loggedSegments } from '../core/prime/logged';
import { type PoolWorker, WorkerPool } from '../core/study/pool';
import { CrashGuard, defaultWorkerCount } from './pool';
import { AbortedError } from './worker-bridge';

/** One logged-data worker (workers/logged.worker.ts) as a PoolWorker of segment batches. */
async function spawnLoggedWorker(plan: LoggedPlan): Promise<PoolWorker<LoggedBatch>> {
  const w = new Worker(new URL('../../workers/logged.worker.ts', import.meta.url), { type: 'module', name: 'logged' });
  const remote: Remote<LoggedWorkerApi> = wrap<LoggedWorkerApi>(w);
  const guard = new CrashGuard(w);
  const terminate = () => {
    guard.fail(new Error('logged-data worker terminated'));
    remote[releaseProxy]();
    w.terminate();
  };
  try {
    await guard.run(remote.init(plan));
  } catch (e) {
    terminate();
    throw e;
  }
  // The pool passes a fresh copy of the indices: it is small, so it is simply copied.
  return { evaluate: (indices, n) => guard.run(remote.evaluate(indices, n)), terminate };
}

export interface LoggedProgress {
  /** Rows (logged designs) computed so far, and in all. */
  rows: number;
  total: number;
  segments: number;
  totalSegments: number;
}

export interface LoggedPoolOptions {
  /** Called with each finished segment, in completion order (not plan order); may take ownership of its buffers. */
  onSegment: (rows: SegmentRows) => void | Promise<void>;
  onProgress?: (p: LoggedProgress) => void;
  signal?: AbortSignal;
  /** Workers (default: hardwareConcurrency − 1, at least 1). */
  size?: number;
}

/**
 * Computes a logged-data plan's segments in a short-lived pool of logged-data workers (one
 * segment per call, two calls in flight per worker so none idles while the page forwards a
 * result). Crashed or hung workers are replaced and their segment re-run (the pool's rules); a
 * segment that fails on every attempt fails the whole run. Aborting terminates the pool and
 * rejects with AbortedError. Resolves when every segment went through `onSegment`.
 */
export function generateLoggedInPool(plan: LoggedPlan, o: LoggedPoolOptions): Promise<void> {
  const segs = loggedSegments(plan);
  const total = segs.reduce((s, g) => s + g.length, 0);
  const size = o.size ?? defaultWorkerCount();
  const pool = new WorkerPool<LoggedBatch>({
    size,
    spawn: () => spawnLoggedWorker(plan),
    chunkSize: 1,
    results: {
      rows: (b) => b.n,
      concat: (bs) => ({ n: bs.reduce((s, b) => s + b.n, 0), parts: bs.flatMap((b) => b.parts) }),
      empty: () => ({ n: 0, parts: [] }),
      failed: () => ({ n: 1, parts: [] }),
    },
    timers: { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (h) => clearTimeout(h as number) },
    // A BO segment (64 GP-guided evaluations) takes seconds on a loaded machine; evolution ones far less.
    timeoutMs: 120_000,
  });
  return new Promise<void>((resolve, reject) => {
    let next = 0;
    let inFlight = 0;
    let done = 0;
    let rows = 0;
    let over = false;
    const finish = (e?: unknown) => {
      if (over) return;
      over = true;
      o.signal?.removeEventListener('abort', onAbort);
      pool.terminate();
      if (e === undefined) resolve();
      else reject(e);
    };
    const onAbort = () => finish(new AbortedError());
    if (o.signal?.aborted) return finish(new AbortedError());
    o.signal?.addEventListener('abort', onAbort, { once: true });
    const launch = () => {
      while (!over && inFlight < 2 * size && next < segs.length) {
        const i = next++;
        inFlight++;
        pool
          .run(Int32Array.of(i), 1)
          .then(async (b) => {
            if (over) return;
            const r = b.parts[0];
            if (!r) throw new Error(`logged data: segment ${i} failed in every worker`);
            await o.onSegment(r);
            inFlight--;
            done++;
            rows += r.segment.length;
            o.onProgress?.({ rows, total, segments: done, totalSegments: segs.length });
            if (done === segs.length) finish();
            else launch();
          })
          .catch((e) => finish(e));
      }
    };
    o.onProgress?.({ rows: 0, total, segments: 0, totalSegments: segs.length });
    launch();
  });
}
