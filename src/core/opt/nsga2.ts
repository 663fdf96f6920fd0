import type { Nsga2Settings, Observation, Optimizer, OptimizerContext } from './optimizer';
import { compareConstrained } from './optimizer';
import { crossoverPoints, DEFAULT_MUTATION, freshPoint, mutatePoint, PointSet, randomPoint } from './space';

export const NSGA2_DEFAULTS: Nsga2Settings = { population: 32, crossoverRate: 0.9, mutation: DEFAULT_MUTATION };

interface Member {
  x: Int32Array;
  f: readonly number[];
  feasible: boolean;
  violation: number;
  rank: number;
  crowding: number;
}

/**
 * Constrained Pareto dominance (Deb et al. 2002, §VI): a feasible design dominates an infeasible
 * one; of two infeasible designs the smaller violation dominates; feasible designs compare by
 * Pareto dominance on all objectives (minimisation).
 */
export function constrainedDominates(a: Omit<Member, 'rank' | 'crowding'>, b: Omit<Member, 'rank' | 'crowding'>) {
  if (a.feasible !== b.feasible) return a.feasible;
  if (!a.feasible) return a.violation < b.violation;
  let strictly = false;
  for (let i = 0; i < a.f.length; i++) {
    const u = a.f[i] as number;
    const v = b.f[i] as number;
    if (u > v) return false;
    if (u < v) strictly = true;
  }
  return strictly;
}

/** Fast non-dominated sort; returns fronts as index lists (front 0 = non-dominated). */
export function nondominatedFronts(ms: readonly Omit<Member, 'rank' | 'crowding'>[]): number[][] {
  const n = ms.length;
  const dominatedBy = Array.from({ length: n }, () => [] as number[]);
  const count = new Int32Array(n);
  const fronts: number[][] = [[]];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = ms[i] as Member;
      const b = ms[j] as Member;
      if (constrainedDominates(a, b)) {
        dominatedBy[i]?.push(j);
        count[j] = (count[j] as number) + 1;
      } else if (constrainedDominates(b, a)) {
        dominatedBy[j]?.push(i);
        count[i] = (count[i] as number) + 1;
      }
    }
  }
  for (let i = 0; i < n; i++) if (count[i] === 0) fronts[0]?.push(i);
  for (let k = 0; (fronts[k]?.length ?? 0) > 0; k++) {
    const next: number[] = [];
    for (const i of fronts[k] as number[]) {
      for (const j of dominatedBy[i] as number[]) {
        count[j] = (count[j] as number) - 1;
        if (count[j] === 0) next.push(j);
      }
    }
    fronts.push(next);
  }
  fronts.pop();
  return fronts;
}

/** Crowding distance of each member of one front (boundary points get +Infinity). */
export function crowdingDistances(front: readonly Omit<Member, 'rank' | 'crowding'>[]): Float64Array {
  const n = front.length;
  const dist = new Float64Array(n);
  if (n === 0) return dist;
  const m = front[0]?.f.length ?? 0;
  const order = Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < m; k++) {
    const val = (i: number) => (front[i] as Member).f[k] as number;
    order.sort((a, b) => val(a) - val(b) || a - b);
    const lo = val(order[0] as number);
    const hi = val(order[n - 1] as number);
    dist[order[0] as number] = Number.POSITIVE_INFINITY;
    dist[order[n - 1] as number] = Number.POSITIVE_INFINITY;
    const range = hi - lo;
    if (!(range > 0) || !Number.isFinite(range)) continue;
    for (let i = 1; i < n - 1; i++) {
      const o = order[i] as number;
      dist[o] = (dist[o] as number) + (val(order[i + 1] as number) - val(order[i - 1] as number)) / range;
    }
  }
  return dist;
}

/** Environmental selection: keep `size` members by front rank, then crowding distance. */
function selectSurvivors(pool: Member[], size: number): Member[] {
  const fronts = nondominatedFronts(pool);
  const out: Member[] = [];
  for (let r = 0; r < fronts.length && out.length < size; r++) {
    const front = (fronts[r] as number[]).map((i) => pool[i] as Member);
    const cd = crowdingDistances(front);
    front.forEach((m, i) => {
      m.rank = r;
      m.crowding = cd[i] as number;
    });
    if (out.length + front.length <= size) out.push(...front);
    else {
      const idx = front.map((_, i) => i).sort((a, b) => (cd[b] as number) - (cd[a] as number) || a - b);
      for (const i of idx.slice(0, size - out.length)) out.push(front[i] as Member);
    }
  }
  return out;
}

/**
 * NSGA-II (Deb, Pratap, Agarwal, Meyarivan, IEEE TEC 2002) with constrained dominance.
 * Offspring come from binary tournaments on (rank, crowding), uniform crossover and the shared
 * discrete mutation. Told offspring accumulate until a full generation (N) has arrived, then
 * parents ∪ offspring are reduced to N survivors; asks never wait for a generation to finish,
 * so the pipeline stays full and the sequence depends only on ask/tell order.
 */
export function createNsga2(ctx: OptimizerContext, settings: Partial<Nsga2Settings> = {}): Optimizer {
  const s = { ...NSGA2_DEFAULTS, ...settings };
  if (s.population < 4) throw new RangeError('nsga2: population must be ≥ 4');
  const { space, rng } = ctx;
  const seen = new PointSet(space);
  let parents: Member[] = [];
  let offspring: Member[] = [];
  const warmQueue: Int32Array[] = [];
  if (ctx.warmStart) {
    const ranked = [...ctx.warmStart.points].sort((a, b) =>
      compareConstrained({ ...a, violation: 0 }, { ...b, violation: 0 }),
    );
    const queued = new PointSet(space);
    for (const p of ranked) {
      if (warmQueue.length >= s.population / 2) break;
      if (!queued.has(p.x)) {
        queued.add(p.x);
        warmQueue.push(Int32Array.from(p.x));
      }
    }
  }

  const pick = (): Member => {
    const a = parents[rng.int(parents.length)] as Member;
    const b = parents[rng.int(parents.length)] as Member;
    if (a.rank !== b.rank) return a.rank < b.rank ? a : b;
    return a.crowding >= b.crowding ? a : b;
  };

  const child = (): Int32Array => {
    if (parents.length === 0) return warmQueue.shift() ?? randomPoint(space, rng);
    const p1 = pick();
    const base = rng.chance(s.crossoverRate) ? crossoverPoints(p1.x, pick().x, rng) : p1.x;
    return mutatePoint(space, base, rng, s.mutation);
  };

  return {
    kind: 'nsga2',
    ask(n) {
      const out: Int32Array[] = [];
      for (let i = 0; i < n; i++) {
        const x = freshPoint(seen, child);
        seen.add(x);
        out.push(x);
      }
      return out;
    },
    tell(batch: readonly Observation[]) {
      for (const o of batch) {
        offspring.push({ x: o.x, f: o.f, feasible: o.feasible, violation: o.violation, rank: 0, crowding: 0 });
        if (offspring.length >= s.population) {
          parents = selectSurvivors([...parents, ...offspring], s.population);
          offspring = [];
        }
      }
    },
  };
}
