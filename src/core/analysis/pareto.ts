/**
 * Pareto archive for 2 or 3 minimised objectives with its dominated hypervolume.
 * The front is maintained incrementally: an insert is checked against the current front only
 * (O(F)), so streaming a million evaluations costs O(N·F), not O(N²). The hypervolume is
 * recomputed lazily when the front has changed: O(F log F) in 2-D (a sweep) and O(F²) in 3-D (a
 * slab sweep over the third objective with an incrementally updated 2-D front, the idea of
 * Fonseca, Paquete & López-Ibáñez's HV3D, CEC 2006, without its balanced tree).
 */
export class ParetoArchive {
  /** Objective vectors of front members, m per member. */
  private vals: number[] = [];
  private ids: number[] = [];
  private hv = 0;
  private dirty = false;

  /**
   * @param m number of objectives (2 or 3)
   * @param ref reference point; only the part of the front dominating it counts toward the
   *   hypervolume (members beyond it stay in the front but add no volume)
   */
  constructor(
    readonly m: 2 | 3,
    private ref: readonly number[],
  ) {
    if (ref.length !== m) throw new RangeError(`ParetoArchive: reference point needs ${m} values`);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Row ids of the front, in insertion order of the survivors. */
  rows(): number[] {
    return [...this.ids];
  }

  /** Objective value k of front member i. */
  value(i: number, k: number): number {
    return this.vals[i * this.m + k] as number;
  }

  /**
   * Offers a point; returns true if it joined the front (removing the members it dominates).
   * Non-finite points are rejected. A point equal to a member is dominated (first one wins).
   */
  insert(id: number, f: ArrayLike<number>): boolean {
    const m = this.m;
    for (let k = 0; k < m; k++) if (!Number.isFinite(f[k] as number)) return false;
    let w = 0;
    const n = this.ids.length;
    for (let i = 0; i < n; i++) {
      let leq = true; // member ≤ f in every objective
      let geq = true; // f ≤ member in every objective
      for (let k = 0; k < m; k++) {
        const a = this.vals[i * m + k] as number;
        const b = f[k] as number;
        if (a > b) leq = false;
        if (b > a) geq = false;
      }
      if (leq) {
        // member weakly dominates f: f rejected; nothing was removed yet (w === i)
        return false;
      }
      if (geq) continue; // f dominates member: drop it
      if (w !== i) {
        this.ids[w] = this.ids[i] as number;
        for (let k = 0; k < m; k++) this.vals[w * m + k] = this.vals[i * m + k] as number;
      }
      w++;
    }
    this.ids.length = w;
    this.vals.length = w * m;
    this.ids.push(id);
    for (let k = 0; k < m; k++) this.vals.push(f[k] as number);
    this.dirty = true;
    return true;
  }

  setReference(ref: readonly number[]): void {
    this.ref = ref;
    this.dirty = true;
  }

  /** Hypervolume dominated by the front and bounded by the reference point (units: product of objective units). */
  hypervolume(): number {
    if (this.dirty) {
      this.hv = this.m === 2 ? hv2(this.points(), this.ref) : hv3(this.points(), this.ref);
      this.dirty = false;
    }
    return this.hv;
  }

  private points(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.ids.length; i++) {
      const p = this.vals.slice(i * this.m, (i + 1) * this.m);
      if (p.every((v, k) => v < (this.ref[k] as number))) out.push(p);
    }
    return out;
  }
}

/** 2-D hypervolume of mutually non-dominated points strictly inside the reference box. */
export function hv2(pts: number[][], ref: readonly number[]): number {
  const s = [...pts].sort((a, b) => (a[0] as number) - (b[0] as number));
  let vol = 0;
  let prevY = ref[1] as number;
  for (const p of s) {
    const y = p[1] as number;
    if (y >= prevY) continue; // dominated (tolerates non-front input)
    vol += ((ref[0] as number) - (p[0] as number)) * (prevY - y);
    prevY = y;
  }
  return vol;
}

/** 3-D hypervolume by slabs along the third objective. */
export function hv3(pts: number[][], ref: readonly number[]): number {
  const s = [...pts].sort((a, b) => (a[2] as number) - (b[2] as number));
  // 2-D front of the points seen so far, sorted by x ascending (so y descending).
  const fx: number[] = [];
  const fy: number[] = [];
  let area = 0;
  let vol = 0;
  for (let i = 0; i < s.length; i++) {
    const p = s[i] as number[];
    const x = p[0] as number;
    const y = p[1] as number;
    // insert (x, y) into the 2-D front unless dominated
    let lo = 0;
    let hi = fx.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((fx[mid] as number) <= x) lo = mid + 1;
      else hi = mid;
    }
    const dominated = lo > 0 && (fy[lo - 1] as number) <= y;
    if (!dominated) {
      let end = lo;
      while (end < fx.length && (fy[end] as number) >= y) end++;
      fx.splice(lo, end - lo, x);
      fy.splice(lo, end - lo, y);
      area = 0;
      let prevY = ref[1] as number;
      for (let j = 0; j < fx.length; j++) {
        area += ((ref[0] as number) - (fx[j] as number)) * (prevY - (fy[j] as number));
        prevY = fy[j] as number;
      }
    }
    const nextZ = i + 1 < s.length ? ((s[i + 1] as number[])[2] as number) : (ref[2] as number);
    vol += area * (nextZ - (p[2] as number));
  }
  return vol;
}

/** The minimal slice of a results store that `trackFront` reads. */
export interface FrontSource<M extends string> {
  readonly length: number;
  metric(m: M): Float64Array;
  feasible(): Uint8Array;
  subscribe(l: (start: number, count: number) => void): () => void;
}

/**
 * Keeps a Pareto archive of a results store's rows up to date as rows stream in (feasible rows
 * only by default). `metrics` are the 2 or 3 minimised columns, `ref` the hypervolume reference.
 */
export function trackFront<M extends string>(
  store: FrontSource<M>,
  metrics: readonly M[],
  ref: readonly number[],
  feasibleOnly = true,
): { archive: ParetoArchive; dispose: () => void } {
  if (metrics.length !== 2 && metrics.length !== 3) throw new RangeError('trackFront: 2 or 3 metrics');
  const archive = new ParetoArchive(metrics.length as 2 | 3, ref);
  const f = new Float64Array(metrics.length);
  const add = (start: number, count: number) => {
    const cols = metrics.map((m) => store.metric(m));
    const feas = store.feasible();
    for (let i = start; i < start + count; i++) {
      if (feasibleOnly && feas[i] !== 1) continue;
      for (let k = 0; k < cols.length; k++) f[k] = (cols[k] as Float64Array)[i] as number;
      archive.insert(i, f);
    }
  };
  add(0, store.length);
  return { archive, dispose: store.subscribe(add) };
}
