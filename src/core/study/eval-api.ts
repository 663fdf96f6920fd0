import { createSyntheticEvaluator, type Evaluator, type Faults, type SyntheticInit } from './evaluator';
import type { EvalColumns } from './metrics';
import { createSimEvaluator, type DetailedBatch, type StudyInit } from './sim-evaluator';

/** Payload of an evaluation worker's `init`: a study (the simulator) or a synthetic problem (tests, benchmarks). */
export type EvalInit = (StudyInit | SyntheticInit) & {
  /** Test-only fault injection (crash and hang tests of the pool). */
  faults?: Faults;
};

export interface EvalHost {
  /** Ends the worker abruptly (process.exit in Node; in a browser, an uncaught error and self.close). */
  die(): void;
  /** Milliseconds clock for synthetic busy-work. */
  now?: () => number;
}

/**
 * The API every evaluation worker exposes (workers/eval.worker.ts in browsers, the worker_threads
 * entry in src/cli/node-pool.ts): init once with a study, then evaluate batches of index vectors.
 * Columns come back as fresh typed arrays the worker can transfer.
 */
export function createEvalApi(host: EvalHost) {
  let ev: (Evaluator & { evaluateDetailed?: (codes: Int32Array, n: number) => DetailedBatch }) | undefined;
  let faults: Faults = {};
  let calls = 0;
  const check = (codes: Int32Array, n: number): Promise<never> | undefined => {
    calls++;
    const dims = ev?.sizes.length ?? 1;
    let poison = false;
    if (faults.crashOnFirstIndex !== undefined) {
      for (let i = 0; i < n; i++) if (codes[i * dims] === faults.crashOnFirstIndex) poison = true;
    }
    if (calls === faults.crashOnCall || poison) {
      host.die();
      return new Promise<never>(() => {}); // a browser worker may outlive die() for a moment: never answer
    }
    if (calls === faults.hangOnCall) return new Promise<never>(() => {});
    return undefined;
  };
  return {
    /** Prepares the evaluator; returns the value-set sizes of the space. */
    init(payload: EvalInit): { sizes: number[] } {
      faults = payload.faults ?? {};
      calls = 0;
      ev = payload.kind === 'study' ? createSimEvaluator(payload) : createSyntheticEvaluator(payload, host.now);
      return { sizes: [...ev.sizes] };
    },
    /** Evaluates n designs (codes row-major n × dims). */
    evaluate(codes: Int32Array, n: number): EvalColumns | Promise<EvalColumns> {
      if (!ev) throw new Error('eval worker: init first');
      const f = check(codes, n);
      if (f) return f;
      return ev.evaluate(codes, n);
    },
    /** Per design × workload simulator totals (datasets). */
    evaluateDetailed(codes: Int32Array, n: number): DetailedBatch {
      if (!ev?.evaluateDetailed) throw new Error('eval worker: evaluateDetailed needs a study init');
      return ev.evaluateDetailed(codes, n);
    },
  };
}

export type EvalApiCore = ReturnType<typeof createEvalApi>;
