import { kendallTau } from '../analysis/stats';
import type { PrimeDataset } from './dataset';
import type { DesignEncoder } from './features';
import { OUT_FEASIBLE, OUT_SCORE } from './mlp';
import { predictSurrogate } from './surrogate-model';
import { latencyOfScore, type Surrogate } from './train';

/** Mean absolute percentage error, %: 100 · mean |p − a| / |a| over pairs with a ≠ 0. */
export function mape(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as number;
    if (a === 0 || !Number.isFinite(a)) continue;
    s += Math.abs(((predicted[i] as number) - a) / a);
    n++;
  }
  return n ? (100 * s) / n : Number.NaN;
}

/** Share of equal labels, and the mean of the per-class recalls (robust to 97 % infeasible data). */
export function classification(
  labels: ArrayLike<number>,
  predicted: ArrayLike<number>,
): { accuracy: number; balancedAccuracy: number } {
  let ok = 0;
  const hit = [0, 0];
  const count = [0, 0];
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i] ? 1 : 0;
    const p = predicted[i] ? 1 : 0;
    count[l] = (count[l] as number) + 1;
    if (l === p) {
      ok++;
      hit[l] = (hit[l] as number) + 1;
    }
  }
  const recalls = [0, 1].filter((k) => (count[k] as number) > 0).map((k) => (hit[k] as number) / (count[k] as number));
  return {
    accuracy: labels.length ? ok / labels.length : Number.NaN,
    balancedAccuracy: recalls.length ? recalls.reduce((s, v) => s + v, 0) / recalls.length : Number.NaN,
  };
}

export interface ModelReport {
  workload: string;
  /** Held-out (design, workload) rows, and how many of them are feasible. */
  rows: number;
  feasibleRows: number;
  /** Latency MAPE on feasible held-out designs, %. */
  latencyMape: number;
  /** Kendall τ between predicted and simulated latency on feasible held-out designs. */
  kendallTau: number;
  /** Feasibility head (logit > 0) against the simulator's flag, on every held-out row. */
  feasibilityAccuracy: number;
  feasibilityBalancedAccuracy: number;
  /** Predicted-vs-actual points (feasible rows) for the plot, ms. */
  points: { actualMs: number; predictedMs: number }[];
}

/**
 * The learned performance model's report on held-out designs, per workload (as the Edge TPU
 * study's learned-model evaluation: error, rank correlation, feasibility accuracy).
 */
export function modelReport(
  s: Surrogate,
  enc: DesignEncoder,
  test: PrimeDataset,
  contexts: Readonly<Record<string, Float32Array>>,
  workloads: readonly string[] = test.workloads,
): ModelReport[] {
  const W = test.workloads.length;
  return workloads.map((id) => {
    const c = test.workloads.indexOf(id);
    const ctx = contexts[id];
    if (c < 0 || !ctx) throw new Error(`workload "${id}" has no held-out data or context`);
    const rows: number[] = [];
    for (let i = 0; i < test.n; i++) if (test.known[i * W + c]) rows.push(i);
    const buf = new Float32Array(rows.length * enc.width);
    rows.forEach((i, r) => {
      enc.encode(test.codes.subarray(i * test.dims, (i + 1) * test.dims), ctx, buf, r * enc.width);
    });
    const out = predictSurrogate(s, buf, rows.length);
    const labels = rows.map((i) => test.feasible[i * W + c] as number);
    const predFeasible = rows.map((_, r) => ((out[r * 2 + OUT_FEASIBLE] as number) > 0 ? 1 : 0));
    const points: { actualMs: number; predictedMs: number }[] = [];
    rows.forEach((i, r) => {
      if (test.feasible[i * W + c]) {
        points.push({
          actualMs: test.latencyMs[i * W + c] as number,
          predictedMs: latencyOfScore(s, out[r * 2 + OUT_SCORE] as number),
        });
      }
    });
    const cls = classification(labels, predFeasible);
    return {
      workload: id,
      rows: rows.length,
      feasibleRows: points.length,
      latencyMape: mape(
        points.map((p) => p.actualMs),
        points.map((p) => p.predictedMs),
      ),
      kendallTau: kendallTau(
        points.map((p) => p.actualMs),
        points.map((p) => p.predictedMs),
      ),
      feasibilityAccuracy: cls.accuracy,
      feasibilityBalancedAccuracy: cls.balancedAccuracy,
      points,
    };
  });
}
