/**
 * The 2-D Pareto front of a minimisation (smaller x and smaller y are both better), kept as points stream in. A
 * point is on the front when no other point is ≤ in both coordinates and < in one; of exact duplicates only the
 * first offered stays. Non-finite points never enter. This is the one front the plots draw: the exploration plot
 * offers each feasible evaluation as it arrives, the PRIME plot a whole point set at once.
 */
export class Front2d {
  /** Front members' point indices, x strictly ascending (so y strictly descending). */
  private idx: number[] = [];
  private xs: number[] = [];
  private ys: number[] = [];

  get size(): number {
    return this.idx.length;
  }

  /** Point indices of the front, sorted by x ascending: the order a step line is drawn in. */
  indices(): readonly number[] {
    return this.idx;
  }

  clear(): void {
    this.idx = [];
    this.xs = [];
    this.ys = [];
  }

  /**
   * Offers point `i` at (x, y); returns true when it joins the front (dropping the members it dominates).
   * O(log F) to reject, plus the members removed and the splice when it joins (F = front size).
   */
  offer(i: number, x: number, y: number): boolean {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
    const xs = this.xs;
    // First member with x ≥ the new x.
    let lo = 0;
    let hi = xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((xs[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    // Weakly dominated by the member at the same x (y ≤), or by the last member left of x (smallest y so far).
    if (lo < xs.length && xs[lo] === x && (this.ys[lo] as number) <= y) return false;
    if (lo > 0 && (this.ys[lo - 1] as number) <= y) return false;
    // Members from `lo` on have x ≥ the new x; those with y ≥ the new y are dominated, and they are contiguous.
    let end = lo;
    while (end < xs.length && (this.ys[end] as number) >= y) end++;
    this.idx.splice(lo, end - lo, i);
    xs.splice(lo, end - lo, x);
    this.ys.splice(lo, end - lo, y);
    return true;
  }
}

/**
 * Indices of the front of points [0, count) (those `accept` allows, e.g. feasible designs), sorted by x ascending.
 * The same rule as `Front2d`, which it uses: of exact duplicates the lowest index is kept.
 */
export function paretoFront2d(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  count: number,
  accept?: (i: number) => boolean,
): number[] {
  const f = new Front2d();
  const n = Math.min(count, x.length, y.length);
  for (let i = 0; i < n; i++) if (!accept || accept(i)) f.offer(i, x[i] as number, y[i] as number);
  return [...f.indices()];
}
