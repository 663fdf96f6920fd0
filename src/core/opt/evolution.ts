import { log } from './fdlibm';
import {
  compareConstrained,
  type EvolutionSettings,
  type Observation,
  type Optimizer,
  type OptimizerContext,
  scalarObjective,
} from './optimizer';
import { crossoverPoints, DEFAULT_MUTATION, freshPoint, mutatePoint, PointSet, randomPoint } from './space';

export const EVOLUTION_DEFAULTS: EvolutionSettings = {
  population: 64,
  tournament: 8,
  crossoverRate: 0.9,
  mutation: DEFAULT_MUTATION,
  warmFraction: 0.5,
  penalty: 0,
};

interface Member {
  x: Int32Array;
  y: number;
  feasible: boolean;
  violation: number;
}

/**
 * Regularized (ageing) evolution, Real et al., "Regularized Evolution for Image Classifier
 * Architecture Search", AAAI 2019, Algorithm 1: the population is the P most recently evaluated
 * designs; each child mutates the best of S randomly sampled members; the oldest member dies when
 * a child joins. Ageing instead of killing the worst keeps the search from collapsing onto a lucky
 * early design. With probability `crossoverRate` the child first crosses two tournament winners
 * (a GA step). Batched asks draw all children from the population as last told, so results
 * depend only on the ask/tell order. Infeasible designs stay in the population but lose
 * tournaments (constraint domination), so they still carry information about where not to go.
 */
export function createEvolution(ctx: OptimizerContext, settings: Partial<EvolutionSettings> = {}): Optimizer {
  const s = { ...EVOLUTION_DEFAULTS, ...settings };
  if (s.population < 2 || s.tournament < 1) throw new RangeError('evolution: population ≥ 2 and tournament ≥ 1');
  const { space, rng } = ctx;
  const seen = new PointSet(space);
  const population: Member[] = [];
  let asked = 0;

  // Transfer: the first generation starts from the warm study's best designs (feasible first).
  const warmQueue: Int32Array[] = [];
  if (ctx.warmStart) {
    const ranked = [...ctx.warmStart.points].sort((a, b) =>
      compareConstrained({ ...a, violation: 0 }, { ...b, violation: 0 }),
    );
    const k = Math.round(s.population * s.warmFraction);
    const queued = new PointSet(space);
    for (const p of ranked) {
      if (warmQueue.length >= k) break;
      if (!queued.has(p.x)) {
        queued.add(p.x);
        warmQueue.push(Int32Array.from(p.x));
      }
    }
  }

  const better = (a: Member, b: Member): boolean => {
    if (s.penalty > 0 && Number.isFinite(a.y) && Number.isFinite(b.y) && a.y > 0 && b.y > 0) {
      return log(a.y) + s.penalty * a.violation < log(b.y) + s.penalty * b.violation;
    }
    return compareConstrained(a, b) < 0;
  };
  const tournament = (): Member => {
    let best: Member | undefined;
    for (let i = 0; i < Math.min(s.tournament, population.length); i++) {
      const m = population[rng.int(population.length)] as Member;
      if (!best || better(m, best)) best = m;
    }
    return best as Member;
  };

  const child = (): Int32Array => {
    if (asked < s.population || population.length < 2) {
      return warmQueue.shift() ?? randomPoint(space, rng);
    }
    const parent = tournament();
    const base = rng.chance(s.crossoverRate) ? crossoverPoints(parent.x, tournament().x, rng) : parent.x;
    return mutatePoint(space, base, rng, s.mutation);
  };

  return {
    kind: 'evolution',
    ask(n) {
      const out: Int32Array[] = [];
      for (let i = 0; i < n; i++) {
        const x = freshPoint(seen, child);
        seen.add(x);
        out.push(x);
        asked++;
      }
      return out;
    },
    tell(batch: readonly Observation[]) {
      for (const o of batch) {
        population.push({ x: o.x, y: scalarObjective(o.f), feasible: o.feasible, violation: o.violation });
        if (population.length > s.population) population.shift();
      }
    },
  };
}
