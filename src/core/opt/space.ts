import type { Rng } from './rng';

/**
 * A discrete design space as the optimizers see it: dimension i takes an index in [0, sizes[i]).
 * Indices are ordinal (PRIME/Apollo value sets are sorted: 1, 2, 4, … PEs), so "neighbour" means
 * index ± 1 and the GP works on index / (size − 1) ∈ [0, 1].
 */
export interface DiscreteSpace {
  readonly sizes: readonly number[];
}

/** Number of points in the space (may exceed 2^53 for large spaces; then it is approximate). */
export function spaceSize(space: DiscreteSpace): number {
  return space.sizes.reduce((p, s) => p * s, 1);
}

export function randomPoint(space: DiscreteSpace, rng: Rng): Int32Array {
  const x = new Int32Array(space.sizes.length);
  for (let i = 0; i < x.length; i++) x[i] = rng.int(space.sizes[i] as number);
  return x;
}

/** Writes the [0, 1] coordinates of `x` into `out` at `offset` (single-valued dimensions map to 0). */
export function normalisePoint(space: DiscreteSpace, x: ArrayLike<number>, out: Float64Array, offset = 0): void {
  for (let i = 0; i < space.sizes.length; i++) {
    const s = space.sizes[i] as number;
    out[offset + i] = s > 1 ? (x[i] as number) / (s - 1) : 0;
  }
}

/**
 * Set of visited points. Keys are the mixed-radix integer of the point when the space has at
 * most 2^53 points (one number per entry, ~40 bytes in a V8 Set), else a comma-joined string.
 */
export class PointSet {
  private readonly numeric: boolean;
  private readonly set = new Set<number | string>();

  constructor(private readonly space: DiscreteSpace) {
    this.numeric = spaceSize(space) <= Number.MAX_SAFE_INTEGER;
  }

  key(x: ArrayLike<number>): number | string {
    if (!this.numeric) return Array.prototype.join.call(x, ',');
    let k = 0;
    for (let i = 0; i < this.space.sizes.length; i++) k = k * (this.space.sizes[i] as number) + (x[i] as number);
    return k;
  }
  has(x: ArrayLike<number>): boolean {
    return this.set.has(this.key(x));
  }
  add(x: ArrayLike<number>): void {
    this.set.add(this.key(x));
  }
  get size(): number {
    return this.set.size;
  }
}

export interface MutationSettings {
  /** Probability that each additional dimension is also mutated (geometric count, ≥ 1 dimension). */
  extraDimProb: number;
  /** Probability that a mutated dimension moves to a neighbouring index (± 1 or ± 2) rather than a uniform new value. */
  localProb: number;
}

export const DEFAULT_MUTATION: MutationSettings = { extraDimProb: 0.3, localProb: 0.5 };

/**
 * Mutates a copy of `x`: at least one dimension changes (Real et al. 2019 mutate one thing; we allow a
 * geometric number of extra changes so the walk can cross plateaus). A mutated dimension either steps
 * to a nearby index (ordinal structure) or jumps to a uniformly chosen different value.
 */
export function mutatePoint(space: DiscreteSpace, x: ArrayLike<number>, rng: Rng, m = DEFAULT_MUTATION): Int32Array {
  const y = Int32Array.from(x);
  const free: number[] = [];
  for (let i = 0; i < space.sizes.length; i++) if ((space.sizes[i] as number) > 1) free.push(i);
  if (free.length === 0) return y;
  rng.shuffle(free);
  let count = 1;
  while (count < free.length && rng.chance(m.extraDimProb)) count++;
  for (let j = 0; j < count; j++) {
    const d = free[j] as number;
    const s = space.sizes[d] as number;
    const v = y[d] as number;
    if (rng.chance(m.localProb)) {
      const step = (rng.chance(0.5) ? 1 : 2) * (rng.chance(0.5) ? 1 : -1);
      let nv = v + step;
      if (nv < 0 || nv >= s) nv = v - step;
      y[d] = Math.min(s - 1, Math.max(0, nv));
      if (y[d] === v) y[d] = v === 0 ? 1 : v - 1;
    } else {
      const r = rng.int(s - 1);
      y[d] = r >= v ? r + 1 : r;
    }
  }
  return y;
}

/** Uniform crossover: each dimension from `a` or `b` with probability ½. */
export function crossoverPoints(a: ArrayLike<number>, b: ArrayLike<number>, rng: Rng): Int32Array {
  const y = new Int32Array(a.length);
  for (let i = 0; i < y.length; i++) y[i] = rng.chance(0.5) ? (a[i] as number) : (b[i] as number);
  return y;
}

/**
 * Draws a point not yet in `seen` using `propose`; after `tries` collisions it falls back to the last
 * proposal (tiny spaces can be exhausted — re-evaluating is then the only option).
 */
export function freshPoint(seen: PointSet, propose: () => Int32Array, tries = 64): Int32Array {
  let x = propose();
  for (let t = 1; t < tries && seen.has(x); t++) x = propose();
  return x;
}
