import { log } from './fdlibm';
import type { Rng } from './rng';
import type { DiscreteSpace, MutationSettings } from './space';

/**
 * The ask/tell contract every optimizer implements. The study asks for a batch of designs
 * (index vectors), evaluates them anywhere (workers, Node threads) and tells the results back
 * in ask order, so the sequence of proposals depends only on the seed and the told data.
 */
export interface Optimizer {
  readonly kind: OptimizerKind;
  /** Proposes `n` designs (index vectors into the space's value sets). */
  ask(n: number): Int32Array[];
  /** Reports evaluated designs, in the order they were asked. */
  tell(batch: readonly Observation[]): void;
}

/** One evaluated design as an optimizer sees it. */
export interface Observation {
  x: Int32Array;
  /**
   * Objective values to minimise (1 for single-objective studies; latency, energy, area for
   * multi-objective). +Infinity where the simulator could not produce a value.
   */
  f: readonly number[];
  feasible: boolean;
  /** Total relative constraint violation (0 when feasible); ranks infeasible designs (Deb 2000). */
  violation: number;
  /**
   * Values of the study's explicit constraints, each ≤ 0 when satisfied (log value/limit); NaN
   * where unknown. Lets BO model each constraint as a continuous function (Gardner et al. 2014).
   */
  constraints?: readonly number[];
  /** The evaluator rejected the design for a reason other than the explicit constraints. */
  failed?: boolean;
}

/** Results of an earlier study used to warm-start this one (transfer, as in Apollo §4). */
export interface WarmStart {
  /** Designs in this study's space with that study's scalar objective (smaller is better). */
  points: readonly { x: Int32Array; y: number; feasible: boolean; failed?: boolean }[];
}

/** Every optimizer, in the order the UI lists, colours and runs them (the link and file schemas enumerate these). */
export const OPTIMIZER_KINDS = ['random', 'evolution', 'bo', 'nsga2'] as const;
export type OptimizerKind = (typeof OPTIMIZER_KINDS)[number];

export interface RandomSettings {
  /** Avoid proposing a design twice (a hash set of visited designs). */
  dedupe: boolean;
}

export interface EvolutionSettings {
  /** Population size P of regularized evolution (Real et al. 2019): the P most recent designs. */
  population: number;
  /** Tournament size S: the parent is the best of S designs sampled from the population. */
  tournament: number;
  /** Probability a child is the uniform crossover of two tournament winners (0 = pure mutation). */
  crossoverRate: number;
  mutation: MutationSettings;
  /** Fraction of the first population taken from the warm start's best designs. */
  warmFraction: number;
  /**
   * 0: tournaments follow Deb's constraint-domination. > 0: a design's fitness is its objective
   * × exp(penalty × violation), so a slightly infeasible but much better design can still be a
   * parent — a bridge across the area boundary. Infinite objectives still lose.
   */
  penalty: number;
}

export interface BoSettings {
  /** Random (or warm-start) designs evaluated before the first GP proposal. */
  initial: number;
  /** Acquisition candidates per ask: half uniform, half mutations of the incumbents. */
  candidates: number;
  /** Incumbents whose mutations enter the candidate pool. */
  incumbents: number;
  /** Cap on GP training points (O(n³) fit); above it, keep the best half and a random half. */
  maxPoints: number;
  /** Re-search hyperparameters when the data has grown by this factor since the last search. */
  refitGrowth: number;
  /** Exploration margin ξ of expected improvement, in standardised objective units. */
  xi: number;
  /** Weight of the warm-start GP's mean as the prior mean of this study's GP (0 disables). */
  transferWeight: number;
  mutation: MutationSettings;
}

export interface Nsga2Settings {
  /** Population size N (parents kept per generation). */
  population: number;
  /** Probability an offspring is the uniform crossover of two parents before mutation. */
  crossoverRate: number;
  mutation: MutationSettings;
}

export type OptimizerSpec =
  | { kind: 'random'; settings?: Partial<RandomSettings> }
  | { kind: 'evolution'; settings?: Partial<EvolutionSettings> }
  | { kind: 'bo'; settings?: Partial<BoSettings> }
  | { kind: 'nsga2'; settings?: Partial<Nsga2Settings> };

export interface OptimizerContext {
  space: DiscreteSpace;
  rng: Rng;
  /** Number of objectives in `Observation.f`. */
  objectives: number;
  warmStart?: WarmStart;
}

/**
 * The one label and one-line description of each optimizer: study form, chart legends, tables,
 * the PRIME panel, the CLI's text output and the benchmarks' tables all read them from here.
 */
export const OPTIMIZER_META: Record<OptimizerKind, { label: string; doc: string }> = {
  random: { label: 'Random search', doc: 'Uniform random designs; the baseline every method must beat.' },
  evolution: {
    label: 'Regularized evolution',
    doc: 'Tournament selection and mutation over an ageing population (Real et al. 2019).',
  },
  bo: {
    label: 'Bayesian optimisation',
    doc: 'Matérn-5/2 GP, expected improvement × probability of feasibility, kriging-believer batches.',
  },
  nsga2: { label: 'NSGA-II', doc: 'Non-dominated sorting with crowding distance for Pareto fronts (Deb et al. 2002).' },
};

/** The display label of an optimizer (OPTIMIZER_META). */
export function optimizerLabel(kind: OptimizerKind): string {
  return OPTIMIZER_META[kind].label;
}

/**
 * One number to minimise from an objective vector: the value itself for one objective, and the
 * sum of logs (log of the product latency·energy·area, scale-free) for several. Used by the
 * single-objective optimizers when they run a multi-objective study.
 */
export function scalarObjective(f: readonly number[]): number {
  if (f.length === 1) return f[0] as number;
  let s = 0;
  for (const v of f) s += log(Math.max(v, 1e-300));
  return s;
}

/**
 * Total order used by tournaments: feasible before infeasible; feasible by objective, infeasible
 * by violation then objective (Deb's constraint-domination rules, CMAME 2000). Negative: a is better.
 */
export function compareConstrained(
  a: { y: number; feasible: boolean; violation: number },
  b: { y: number; feasible: boolean; violation: number },
): number {
  if (a.feasible !== b.feasible) return a.feasible ? -1 : 1;
  if (!a.feasible && a.violation !== b.violation) return a.violation - b.violation;
  if (a.y === b.y) return 0;
  return a.y < b.y ? -1 : 1;
}
