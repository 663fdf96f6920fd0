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

/** The q-quantile (0…1) of the finite values, linear interpolation; NaN when there are none. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const v: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) v.push(values[i] as number);
  if (v.length === 0) return Number.NaN;
  v.sort((a, b) => a - b);
  const pos = (v.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, v.length - 1);
  return (v[lo] as number) + ((v[hi] as number) - (v[lo] as number)) * (pos - lo);
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
