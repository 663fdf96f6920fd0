/** Small statistics helpers for convergence curves and benchmark tables. */

/** Quantile q ∈ [0, 1] with linear interpolation (type 7, R's default); NaN for an empty input. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const s = Array.from(values).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  if (hi === lo) return s[lo] as number; // also keeps ±Infinity entries from turning into NaN
  return (s[lo] as number) + (h - lo) * ((s[hi] as number) - (s[lo] as number));
}

export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}

/**
 * Best feasible value after each evaluation (minimisation): out[i] = min over j ≤ i of values[j]
 * with feasible[j]; +Infinity until the first feasible evaluation.
 */
export function bestSoFar(values: ArrayLike<number>, feasible: ArrayLike<number | boolean>): Float64Array {
  const out = new Float64Array(values.length);
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (feasible[i] && v < best) best = v;
    out[i] = best;
  }
  return out;
}

/**
 * Evaluations needed to reach `target` (1-based count), or +Infinity if never reached.
 * E.g. target = 1.02 × best-known for "within 2 %".
 */
export function evaluationsToReach(curve: ArrayLike<number>, target: number): number {
  for (let i = 0; i < curve.length; i++) if ((curve[i] as number) <= target) return i + 1;
  return Number.POSITIVE_INFINITY;
}
