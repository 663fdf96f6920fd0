import { deriveSeed, Rng } from '../opt/rng';
import { crossoverPoints, mutatePoint, randomPoint } from '../opt/space';
import { type Aggregation, aggregate, designKey } from './dataset';
import type { DesignEncoder } from './features';
import { OUT_FEASIBLE, OUT_SCORE } from './mlp';
import { predictSurrogate } from './surrogate-model';
import { latencyOfScore, type Surrogate } from './train';

/**
 * Offline optimisation of a trained surrogate (PRIME §4: optimise the learned model, then verify
 * only the top k proposals in the simulator). A (μ + λ) evolutionary search over the discrete
 * grid: tournament selection, uniform crossover and the engine's ordinal mutation
 * (src/core/opt/space.ts), with the area budget enforced exactly — area is an analytical function
 * of the design, so no design over budget is ever proposed (PRIME treats area as known). Every
 * scored design goes to an archive; the k best distinct ones not already logged are returned.
 */
export interface SearchConfig {
  population: number;
  generations: number;
  tournament: number;
  crossoverRate: number;
  /**
   * Designs whose feasibility head gives P(feasible) below this on any target count as
   * infeasible (ranked after all others); 0 disables the gate (PRIME proper: the score alone).
   */
  feasibilityGate: number;
  /**
   * Proposals differ from each other in at least this many parameters (greedy, best first; the
   * rest of k is filled by rank when too few qualify). A converged population is one design with
   * variations in parameters the model deems irrelevant; k near-copies would spend the k
   * simulations on one guess (1 = no diversity rule).
   */
  minDistance: number;
  seed: number;
}

export const SEARCH_DEFAULTS: SearchConfig = {
  population: 256,
  generations: 40,
  tournament: 4,
  crossoverRate: 0.3,
  feasibilityGate: 0,
  minDistance: 3,
  seed: 1,
};

export interface Proposal {
  x: Int32Array;
  /** Model objective: −ln(aggregate predicted latency / ms). */
  objective: number;
  /** Aggregate predicted latency, ms. */
  predictedLatencyMs: number;
  /** Smallest P(feasible) of the feasibility head over the targets. */
  pFeasible: number;
}

export interface SearchInput {
  surrogate: Surrogate;
  encoder: DesignEncoder;
  /** Context vector of each target workload (joint design when several). */
  contexts: readonly Float32Array[];
  aggregation: Aggregation;
  k: number;
  areaBudgetMm2: number;
  /** Starting designs (e.g. the best logged ones); the rest of the first population is random in budget. */
  starts?: readonly Int32Array[];
  /** Design keys (designKey) never to propose: already simulated on the targets. */
  exclude?: ReadonlySet<number>;
  config?: Partial<SearchConfig>;
}

interface Scored {
  x: Int32Array;
  objective: number;
  rank: number;
  latency: number;
  pFeasible: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
/** Rank penalty that puts gated-out designs after every gated-in one. */
const GATE_PENALTY = 1e6;

export function proposeDesigns(o: SearchInput): Proposal[] {
  const cfg = { ...SEARCH_DEFAULTS, ...o.config };
  const { encoder: enc, surrogate: s } = o;
  const rng = new Rng(deriveSeed(cfg.seed, 0x73726368));
  const space = { sizes: enc.sizes };
  const T = o.contexts.length;
  const archive = new Map<number, Scored>();

  const score = (xs: Int32Array[]): Scored[] => {
    const buf = new Float32Array(xs.length * T * enc.width);
    xs.forEach((x, r) => {
      o.contexts.forEach((c, t) => {
        enc.encode(x, c, buf, (r * T + t) * enc.width);
      });
    });
    const out = predictSurrogate(s, buf, xs.length * T);
    return xs.map((x, r) => {
      const lats: number[] = [];
      let pMin = 1;
      for (let t = 0; t < T; t++) {
        lats.push(latencyOfScore(s, out[(r * T + t) * 2 + OUT_SCORE] as number));
        pMin = Math.min(pMin, sigmoid(out[(r * T + t) * 2 + OUT_FEASIBLE] as number));
      }
      const latency = aggregate(lats, o.aggregation);
      const objective = -Math.log(latency);
      const rank = objective - (cfg.feasibilityGate > 0 && pMin < cfg.feasibilityGate ? GATE_PENALTY : 0);
      const sc = { x, objective, rank, latency, pFeasible: pMin };
      archive.set(designKey(enc.sizes, x), sc);
      return sc;
    });
  };
  const inBudget = (x: Int32Array) => enc.area(x) <= o.areaBudgetMm2;
  const isNew = (x: Int32Array) => !archive.has(designKey(enc.sizes, x));

  const first: Int32Array[] = [];
  const firstKeys = new Set<number>();
  const add = (x: Int32Array) => {
    const key = designKey(enc.sizes, x);
    if (!firstKeys.has(key) && inBudget(x)) {
      firstKeys.add(key);
      first.push(x);
    }
  };
  for (const x of o.starts ?? []) if (first.length < cfg.population >> 1) add(Int32Array.from(x));
  for (let t = 0; first.length < cfg.population && t < cfg.population * 200; t++) add(randomPoint(space, rng));
  let pop = score(first).sort((a, b) => b.rank - a.rank);

  const pick = (): Scored => {
    let best = pop[rng.int(pop.length)] as Scored;
    for (let i = 1; i < cfg.tournament; i++) {
      const m = pop[rng.int(pop.length)] as Scored;
      if (m.rank > best.rank) best = m;
    }
    return best;
  };
  for (let g = 0; g < cfg.generations && pop.length > 0; g++) {
    const kids: Int32Array[] = [];
    const kidKeys = new Set<number>();
    for (let c = 0; c < cfg.population; c++) {
      for (let t = 0; t < 16; t++) {
        const p = pick();
        const base = rng.chance(cfg.crossoverRate) ? crossoverPoints(p.x, pick().x, rng) : p.x;
        const y = mutatePoint(space, base, rng);
        const key = designKey(enc.sizes, y);
        if (inBudget(y) && isNew(y) && !kidKeys.has(key)) {
          kidKeys.add(key);
          kids.push(y);
          break;
        }
      }
    }
    if (kids.length === 0) break;
    pop = [...pop, ...score(kids)].sort((a, b) => b.rank - a.rank).slice(0, cfg.population);
  }

  const ranked = [...archive.entries()]
    .filter(([key]) => !o.exclude?.has(key))
    .map(([, v]) => v)
    .sort((a, b) => b.rank - a.rank);
  const chosen: Scored[] = [];
  const far = (x: Int32Array) =>
    chosen.every((c) => {
      let d = 0;
      for (let i = 0; i < x.length; i++) if (x[i] !== c.x[i]) d++;
      return d >= cfg.minDistance;
    });
  for (const v of ranked) {
    if (chosen.length >= o.k) break;
    if (far(v.x)) chosen.push(v);
  }
  for (const v of ranked) {
    if (chosen.length >= o.k) break;
    if (!chosen.includes(v)) chosen.push(v);
  }
  chosen.sort((a, b) => b.rank - a.rank);
  return chosen.map((v) => ({
    x: v.x,
    objective: v.objective,
    predictedLatencyMs: v.latency,
    pFeasible: v.pFeasible,
  }));
}
