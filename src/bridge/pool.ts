import { type Remote, releaseProxy, transfer, wrap } from 'comlink';
import type { EvalApi } from '../../workers/eval.worker';
import type { StudyWorkerApi } from '../../workers/study.worker';
import type { ResultsStore } from '../core/analysis/results-store';
import type { Observation } from '../core/opt/optimizer';
import type { EvalInit } from '../core/study/eval-api';
import type { EvalColumns, Metric } from '../core/study/metrics';
import { type PoolEvent, type PoolWorker, WorkerPool } from '../core/study/pool';
import type { AskTell, Progress } from '../core/study/runner';
import { studyTemplate, templateSizes } from '../core/study/sim-evaluator';
import type { StudySpec } from '../core/study/spec';
import { createStudyRunner, type PackedWarmStart, packObservations } from '../core/study/study';
import type { Workload } from '../core/workload/workload';

/** Fails every call in flight when the worker reports an uncaught error (a crash). */
export class CrashGuard {
  private pending = new Set<(e: Error) => void>();
  private dead: Error | undefined;
  constructor(w: Worker) {
    w.addEventListener('error', (e) => this.fail(new Error(`worker crashed: ${e.message || 'unknown error'}`)));
    w.addEventListener('messageerror', () => this.fail(new Error('worker message could not be deserialised')));
  }
  fail(e: Error) {
    this.dead ??= e;
    for (const r of this.pending) r(e);
    this.pending.clear();
  }
  run<T>(p: Promise<T>): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise<T>((resolve, reject) => {
      this.pending.add(reject);
      p.then(resolve, reject).finally(() => this.pending.delete(reject));
    });
  }
}

/** Evaluation workers alive in this page (for the debug hook below). */
const liveEvalWorkers = new Set<BrowserEvalWorker>();

/** One evaluation worker (workers/eval.worker.ts) as a PoolWorker. */
export class BrowserEvalWorker implements PoolWorker {
  private readonly guard: CrashGuard;
  private constructor(
    private readonly w: Worker,
    private readonly remote: Remote<EvalApi>,
  ) {
    this.guard = new CrashGuard(w);
  }

  static async spawn(init: EvalInit): Promise<BrowserEvalWorker> {
    const w = new Worker(new URL('../../workers/eval.worker.ts', import.meta.url), { type: 'module', name: 'eval' });
    const h = new BrowserEvalWorker(w, wrap<EvalApi>(w));
    try {
      await h.guard.run(h.remote.init(init));
    } catch (e) {
      h.terminate();
      throw e;
    }
    liveEvalWorkers.add(h);
    return h;
  }

  /** Makes the worker crash for real (an uncaught error inside it); see installDebugHooks. */
  crash(): void {
    void this.remote.crash().catch(() => {
      // never answers: the worker is gone
    });
  }

  evaluate(codes: Int32Array, n: number): Promise<EvalColumns> {
    return this.guard.run(this.remote.evaluate(transfer(codes, [codes.buffer as ArrayBuffer]), n));
  }

  terminate(): void {
    liveEvalWorkers.delete(this);
    this.guard.fail(new Error('eval worker terminated'));
    this.remote[releaseProxy]();
    this.w.terminate();
  }
}

/**
 * With `?debug` in the page URL (the query, not the permalink hash), exposes
 * `window.__archscope.crashEvalWorker()`: it crashes one live evaluation worker of a running study
 * and returns whether there was one. The e2e suite uses it to check crash recovery in a real
 * browser; it can only break the user's own run, in their own tab, so shipping it costs nothing.
 */
export function installDebugHooks(search: string): void {
  if (!new URLSearchParams(search).has('debug')) return;
  (globalThis as { __archscope?: object }).__archscope = {
    crashEvalWorker(): boolean {
      const w = liveEvalWorkers.values().next().value;
      w?.crash();
      return w !== undefined;
    },
  };
}

export interface BrowserPoolOptions {
  /** Workers (default: navigator.hardwareConcurrency − 1 for the page and the optimizer, at least 1). */
  size?: number;
  /** Watchdog per chunk, ms (default 60 s). */
  timeoutMs?: number;
  onEvent?: (e: PoolEvent) => void;
}

export function defaultWorkerCount(): number {
  return Math.max(1, (globalThis.navigator?.hardwareConcurrency ?? 4) - 1);
}

/** A pool of Comlink evaluation workers, each initialised with `init`. */
export function createBrowserPool(init: EvalInit, o: BrowserPoolOptions = {}): WorkerPool {
  return new WorkerPool({
    size: o.size ?? defaultWorkerCount(),
    spawn: () => BrowserEvalWorker.spawn(init),
    timers: { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (h) => clearTimeout(h as number) },
    timeoutMs: o.timeoutMs,
    onEvent: o.onEvent,
  });
}

/**
 * Evaluates `n` designs (codes row-major, n × dims) once, in a short-lived pool of evaluation
 * workers initialised with `init` (one worker unless `o.size` says otherwise), then terminates it.
 * For a handful of designs from outside a run (PRIME's proposals joining a study's plot): the page
 * never simulates on its own thread.
 */
export async function evaluateOnce(
  init: EvalInit,
  codes: Int32Array,
  n: number,
  o: BrowserPoolOptions = {},
): Promise<EvalColumns> {
  const pool = createBrowserPool(init, { size: 1, ...o });
  try {
    return await pool.run(codes, n);
  } finally {
    pool.terminate();
  }
}

/** The study's optimizer in workers/study.worker.ts, driven through the runner's AskTell interface. */
function remoteOptimizer(remote: Remote<StudyWorkerApi>, guard: CrashGuard, dims: number): AskTell {
  return {
    async ask(n) {
      const codes = await guard.run(remote.ask(n));
      return Array.from({ length: n }, (_, i) => codes.slice(i * dims, (i + 1) * dims));
    },
    async tell(batch: Observation[]) {
      const p = packObservations(batch, dims);
      await guard.run(
        remote.tell(transfer(p, [p.codes.buffer, p.f.buffer, p.feasible.buffer, p.violation.buffer] as ArrayBuffer[])),
      );
    },
  };
}

export interface StartStudyOptions {
  spec: StudySpec;
  /** The study's workloads, in `spec.workloads` order. */
  workloads: Workload[];
  /** Results of an interrupted run of the same study to resume from (replayed, not re-evaluated). */
  store?: ResultsStore<Metric>;
  /** Another study's results (same template) to warm-start from: codes row-major, objective, feasibility. */
  warmStart?: PackedWarmStart;
  pool?: BrowserPoolOptions;
  onProgress?: (p: Progress) => void;
}

export interface StudyHandle {
  /** Columnar results, appended in evaluation order; `store.subscribe((start, count) => …)` streams new rows. */
  readonly store: ResultsStore<Metric>;
  /** Value-set sizes of the template's parameters (decode rows with `decodeDesign`). */
  readonly sizes: readonly number[];
  /** Settles when the run ends: budget reached ('done'), cancelled, or failed (rejects). */
  readonly done: Promise<Progress>;
  progress(): Progress;
  /** Stops asking for new designs; designs in flight finish and are stored. */
  pause(): void;
  resume(): void;
  /** Stops the run after the designs in flight; every evaluated design stays in the store. */
  cancel(): Promise<Progress>;
  /** Progress events (evaluations, best so far, evaluations/s, state); returns an unsubscribe function. */
  subscribe(fn: (p: Progress) => void): () => void;
}

/**
 * Starts a study in the browser: an optimizer worker proposes designs, a pool of evaluation
 * workers simulates them, and results stream into `store` in ask order. Workers are terminated
 * when the run ends. Same spec and seed ⇒ same rows as the CLI's `optimize`.
 */
export function startStudy(o: StartStudyOptions): StudyHandle {
  const { template } = studyTemplate(o.spec);
  const sizes = templateSizes(template);
  const listeners = new Set<(p: Progress) => void>();
  if (o.onProgress) listeners.add(o.onProgress);

  const sw = new Worker(new URL('../../workers/study.worker.ts', import.meta.url), { type: 'module', name: 'study' });
  const swGuard = new CrashGuard(sw);
  const remote = wrap<StudyWorkerApi>(sw);
  const pool = createBrowserPool({ kind: 'study', spec: o.spec, workloads: o.workloads }, o.pool);
  const { runner, store } = createStudyRunner({
    spec: o.spec,
    sizes,
    executor: pool,
    store: o.store,
    optimizer: remoteOptimizer(remote, swGuard, sizes.length),
    now: () => performance.now(),
    onProgress: (p) => {
      for (const l of listeners) l(p);
    },
  });
  const done = swGuard
    .run(remote.init(o.spec, sizes, o.warmStart))
    .then(() => runner.run())
    .finally(() => {
      pool.terminate();
      remote[releaseProxy]();
      sw.terminate();
    });
  return {
    store,
    sizes,
    done,
    progress: () => runner.progress(),
    pause: () => runner.pause(),
    resume: () => runner.resume(),
    cancel: () => {
      runner.cancel();
      return done;
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}
