import { OPTIMIZER_KINDS, type OptimizerKind, type OptimizerSpec } from '../opt/optimizer';

/**
 * A study: what to optimise, under which constraints, with which optimizer, seed and budget.
 * The same spec (and warm start) gives the same sequence of designs and results everywhere:
 * designs are asked in fixed batches of `batchSize` with at most `pipelineDepth` batches in
 * flight and told in ask order, independent of how many workers evaluate them.
 */
export interface StudySpec {
  /** Design template id (`edgetpu` or `systolic`). */
  template: string;
  /** Template preset whose constants (clock, overheads) apply to every design; none = defaults. */
  preset?: string;
  workloads: StudyWorkload[];
  objective: ObjectiveKind;
  /** How per-workload latency and energy combine: weighted arithmetic or geometric mean. */
  aggregation: 'mean' | 'geomean';
  constraints: Constraints;
  optimizer: OptimizerSpec;
  /** 32-bit seed of every random choice of the study. */
  seed: number;
  /** Number of design evaluations (each design is simulated on every workload). */
  budget: number;
  /** Designs per ask; default per optimizer (DEFAULT_BATCH). */
  batchSize?: number;
  /** Batches in flight before the oldest must be told; default per optimizer. */
  pipelineDepth?: number;
}

export interface StudyWorkload {
  /** Zoo id or imported workload id. */
  id: string;
  /** Relative weight in the aggregate (default 1). */
  weight?: number;
  /** Input resolution for zoo models (default: the model's). */
  input?: number;
}

/**
 * latency: aggregate latency (ms); energy: aggregate energy per inference (mJ); edp: their
 * product (ms·mJ); multi: Pareto front of latency, energy and area (single-objective optimizers
 * minimise log latency + log energy + log area).
 */
export type ObjectiveKind = 'latency' | 'energy' | 'edp' | 'multi';
export const OBJECTIVE_KINDS: readonly ObjectiveKind[] = ['latency', 'energy', 'edp', 'multi'];

export interface Constraints {
  /** Area ≤ this (mm²). */
  areaMm2?: number;
  /** Aggregate latency ≤ this (ms). */
  latencyMs?: number;
  /** Peak power over the workloads ≤ this (W). */
  powerW?: number;
}

/** Batch size and pipeline depth per optimizer: wide for random (no model), narrow for BO (each pick uses the GP). */
export const DEFAULT_BATCH: Record<OptimizerKind, { batchSize: number; pipelineDepth: number }> = {
  random: { batchSize: 64, pipelineDepth: 2 },
  evolution: { batchSize: 8, pipelineDepth: 2 },
  bo: { batchSize: 4, pipelineDepth: 2 },
  nsga2: { batchSize: 16, pipelineDepth: 2 },
};

/** A study field that fails validation; `field` is its path (e.g. `constraints.areaMm2`). */
export class StudyError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'StudyError';
  }
}

/** Checks a spec and fills defaults; throws StudyError naming the first bad field. */
export function normalizeStudy(spec: StudySpec): Required<Omit<StudySpec, 'preset'>> & Pick<StudySpec, 'preset'> {
  if (!spec.template) throw new StudyError('template', 'missing');
  if (!Array.isArray(spec.workloads) || spec.workloads.length === 0)
    throw new StudyError('workloads', 'at least one workload');
  spec.workloads.forEach((w, i) => {
    if (!w.id) throw new StudyError(`workloads[${i}].id`, 'missing');
    if (w.weight !== undefined && !(w.weight > 0 && Number.isFinite(w.weight))) {
      throw new StudyError(`workloads[${i}].weight`, `must be a positive number, got ${w.weight}`);
    }
  });
  if (!OBJECTIVE_KINDS.includes(spec.objective)) {
    throw new StudyError('objective', `must be one of ${OBJECTIVE_KINDS.join(' | ')}, got ${spec.objective}`);
  }
  if (spec.aggregation !== 'mean' && spec.aggregation !== 'geomean') {
    throw new StudyError('aggregation', `must be mean | geomean, got ${spec.aggregation}`);
  }
  for (const k of ['areaMm2', 'latencyMs', 'powerW'] as const) {
    const v = spec.constraints?.[k];
    if (v !== undefined && !(v > 0 && Number.isFinite(v)))
      throw new StudyError(`constraints.${k}`, `must be > 0, got ${v}`);
  }
  if (!OPTIMIZER_KINDS.includes(spec.optimizer?.kind)) {
    throw new StudyError('optimizer.kind', `must be one of ${OPTIMIZER_KINDS.join(' | ')}`);
  }
  if (!Number.isInteger(spec.seed) || spec.seed < 0 || spec.seed > 0xffffffff) {
    throw new StudyError('seed', `must be an integer in [0, 2^32), got ${spec.seed}`);
  }
  if (!Number.isInteger(spec.budget) || spec.budget < 1)
    throw new StudyError('budget', `must be a positive integer, got ${spec.budget}`);
  const d = DEFAULT_BATCH[spec.optimizer.kind];
  const batchSize = spec.batchSize ?? d.batchSize;
  const pipelineDepth = spec.pipelineDepth ?? d.pipelineDepth;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 4096)
    throw new StudyError('batchSize', `must be in 1…4096`);
  if (!Number.isInteger(pipelineDepth) || pipelineDepth < 1 || pipelineDepth > 64) {
    throw new StudyError('pipelineDepth', 'must be in 1…64');
  }
  return { ...spec, constraints: spec.constraints ?? {}, batchSize, pipelineDepth };
}

/** Number of objective values the optimizer sees. */
export function objectiveCount(kind: ObjectiveKind): 1 | 3 {
  return kind === 'multi' ? 3 : 1;
}
