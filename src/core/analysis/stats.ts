/** Small statistics helpers for convergence curves, benchmark tables and learned-model reports. */

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

/**
 * Kendall's τ-b of two equally long samples in O(n log n) (Knight 1966, the algorithm of SciPy's
 * `kendalltau`): sort by (x, y), count ties in x, joint ties, ties in y, and the discordant pairs
 * as the swaps of a merge sort on y. NaN when a sample is constant or shorter than 2.
 */
export function kendallTau(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n !== y.length) throw new Error(`kendallTau: lengths ${n} and ${y.length}`);
  if (n < 2) return Number.NaN;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => (x[a] as number) - (x[b] as number) || (y[a] as number) - (y[b] as number));
  const tiePairs = (eq: (a: number, b: number) => boolean, idx: number[]): number => {
    let total = 0;
    let run = 1;
    for (let i = 1; i <= idx.length; i++) {
      if (i < idx.length && eq(idx[i - 1] as number, idx[i] as number)) run++;
      else {
        total += (run * (run - 1)) / 2;
        run = 1;
      }
    }
    return total;
  };
  const n1 = tiePairs((a, b) => x[a] === x[b], order);
  const n3 = tiePairs((a, b) => x[a] === x[b] && y[a] === y[b], order);
  // Merge sort of y in x order, counting the swaps (pairs with y strictly decreasing).
  let ys = Float64Array.from(order, (i) => y[i] as number);
  let buf = new Float64Array(n);
  let swaps = 0;
  for (let w = 1; w < n; w *= 2) {
    for (let lo = 0; lo < n; lo += 2 * w) {
      const mid = Math.min(lo + w, n);
      const hi = Math.min(lo + 2 * w, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if ((ys[i] as number) <= (ys[j] as number)) buf[k++] = ys[i++] as number;
        else {
          swaps += mid - i;
          buf[k++] = ys[j++] as number;
        }
      }
      while (i < mid) buf[k++] = ys[i++] as number;
      while (j < hi) buf[k++] = ys[j++] as number;
    }
    [ys, buf] = [buf, ys];
  }
  let n2 = 0;
  let run = 1;
  for (let i = 1; i <= n; i++) {
    if (i < n && ys[i] === ys[i - 1]) run++;
    else {
      n2 += (run * (run - 1)) / 2;
      run = 1;
    }
  }
  const n0 = (n * (n - 1)) / 2;
  const denom = Math.sqrt((n0 - n1) * (n0 - n2));
  return denom > 0 ? (n0 - n1 - n2 + n3 - 2 * swaps) / denom : Number.NaN;
}
