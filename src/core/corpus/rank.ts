import { kendallTau, quantile } from '../analysis/stats';

/** The q-quantile (0…1) of the finite values (a failed network's metrics are NaN); NaN when there are none. */
export function finiteQuantile(values: ArrayLike<number>, q: number): number {
  return quantile(Array.from(values).filter(Number.isFinite), q);
}

/** Accuracy of predictions against the simulator: mean absolute % error, share within ±10 % (nn-Meter's measure), Kendall τ. */
export interface AccuracyReport {
  n: number;
  mape: number;
  within10: number;
  kendall: number;
}

export function accuracy(pred: ArrayLike<number>, truth: ArrayLike<number>): AccuracyReport {
  const n = truth.length;
  let ape = 0;
  let within = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.abs((pred[i] as number) / (truth[i] as number) - 1);
    ape += e;
    if (e <= 0.1) within++;
  }
  return {
    n,
    mape: n ? (100 * ape) / n : Number.NaN,
    within10: n ? within / n : Number.NaN,
    kendall: kendallTau(pred, truth),
  };
}
