import { constrainedQuadratic, type SyntheticProblem } from '../opt/synthetic';
import { allocColumns, type EvalColumns } from './metrics';

/** Evaluates batches of designs given as index vectors (row-major n × sizes.length). Pure and synchronous. */
export interface Evaluator {
  /** Value-set size of each searched parameter, in encoding order. */
  readonly sizes: readonly number[];
  evaluate(codes: Int32Array, n: number): EvalColumns;
}

/**
 * An evaluator over a synthetic problem, so the runner, pool and workers can be tested and
 * benchmarked without the simulator: latency = energy = objective, area = 1 + violation.
 */
export function syntheticEvaluator(p: SyntheticProblem): Evaluator {
  const dims = p.space.sizes.length;
  return {
    sizes: p.space.sizes,
    evaluate(codes, n) {
      const out = allocColumns(n);
      for (let i = 0; i < n; i++) {
        const r = p.evaluate(codes.subarray(i * dims, (i + 1) * dims));
        const f = r.f[0] as number;
        out.metrics.objective[i] = f;
        out.metrics.latencyMs[i] = f;
        out.metrics.energyMj[i] = f;
        out.metrics.areaMm2[i] = 1 + r.violation;
        out.metrics.powerW[i] = 0;
        out.metrics.violation[i] = r.violation;
        out.metrics.simFeasible[i] = 1;
        out.feasible[i] = r.feasible ? 1 : 0;
      }
      return out;
    },
  };
}

/** Test-only fault injection for worker tests: which call (1-based, per worker instance) misbehaves. */
export interface Faults {
  /** The worker process dies on this call. */
  crashOnCall?: number;
  /** The worker never answers this call. */
  hangOnCall?: number;
  /** Crash whenever a design's first index equals this (a "poison" design, deterministic). */
  crashOnFirstIndex?: number;
}

export interface SyntheticInit {
  kind: 'synthetic';
  dims?: number;
  levels?: number;
  budget?: number;
  /** Busy-work per design (ms), to make throughput measurable. */
  workMs?: number;
}

export function createSyntheticEvaluator(init: SyntheticInit, clock: () => number = () => 0): Evaluator {
  const ev = syntheticEvaluator(constrainedQuadratic(init.dims, init.levels, init.budget));
  const work = init.workMs ?? 0;
  if (work <= 0) return ev;
  return {
    sizes: ev.sizes,
    evaluate(codes, n) {
      const until = clock() + work * n;
      let x = 0;
      while (clock() < until) x += Math.sqrt(x + 1);
      return ev.evaluate(codes, n);
    },
  };
}
