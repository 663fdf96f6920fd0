import { z } from 'zod';
import { EDGETPU } from '../arch/edgetpu';
import type { DesignTemplate } from '../arch/types';

/**
 * The one set of form limits and defaults: the link schemas (view-state.ts, challenge.ts) validate
 * with these numbers and the forms (design editor budget, study form, workload inputs) offer and
 * accept exactly these ranges, so a value a form accepts is a value a link can hold.
 */
export interface Range {
  min: number;
  max: number;
  /** Whole numbers only. */
  integer?: boolean;
}

/** Area budget of the design explorer and of a study's area constraint, mm². */
export const AREA_BUDGET_MM2: Range = { min: 0.1, max: 10_000 };
/** PRIME's area budget (mm²), the edgetpu template's: the default of every form that asks for one. */
export const DEFAULT_AREA_BUDGET_MM2: number = EDGETPU.defaultAreaBudgetMm2;
/** A study's latency constraint, ms per inference. */
export const LATENCY_LIMIT_MS: Range = { min: 0.001, max: 1e6 };
/** A study's power constraint, W. */
export const POWER_LIMIT_W: Range = { min: 0.001, max: 1e4 };
/** Weight of a workload in a study's aggregate. */
export const WORKLOAD_WEIGHT: Range = { min: 0.01, max: 1000 };
/** Input resolution of a zoo workload, pixels (or sequence length). */
export const WORKLOAD_INPUT: Range = { min: 32, max: 1024, integer: true };
/** Seeds per optimizer in a study. */
export const STUDY_SEEDS: Range = { min: 1, max: 10, integer: true };
/** A study's first seed (a 32-bit unsigned integer). */
export const STUDY_SEED: Range = { min: 0, max: 0xffffffff, integer: true };
/** Evaluations per optimizer run. */
export const STUDY_BUDGET: Range = { min: 1, max: 1_000_000, integer: true };
/** PRIME: logged designs simulated for training. */
export const PRIME_COUNT: Range = { min: 50, max: 20_000, integer: true };
/** PRIME: logged rows per application of generated PRIME-like logged data (PRIME's released data: 5·10^5–10^6). */
export const PRIME_LOGGED_ROWS: Range = { min: 10_000, max: 1_000_000, integer: true };
/** PRIME: share of each application's best feasible logged designs taken out before training (Design-Bench's headroom protocol). */
export const PRIME_DROP_TOP: Range = { min: 0, max: 0.9 };
/** PRIME: training steps. */
export const PRIME_STEPS: Range = { min: 25, max: 5000, integer: true };
/** PRIME: proposals simulated (k). */
export const PRIME_K: Range = { min: 1, max: 64, integer: true };
/** PRIME: the conservative loss weights α and β. */
export const PRIME_LOSS_WEIGHT: Range = { min: 0, max: 10 };
/** Networks of a network study (Edge TPU corpus, docs/corpus.md). */
export const NETSTUDY_COUNT: Range = { min: 10, max: 100_000, integer: true };
/** Networks the learned cost model of a network study trains on (a quarter as many are held out). */
export const COSTMODEL_TRAIN: Range = { min: 50, max: 5000, integer: true };
/** Edge TPU classes a network study can evaluate (EDGETPU_CLASSES ids). */
export const NETSTUDY_CLASSES = ['v1', 'v2', 'v3'] as const;
/** Longest selected-layer key ("workload name/layer name") a link holds. */
export const MAX_SELECTED_LAYER_CHARS = 200;
/** Workloads in the explorer or a study at once. */
export const MAX_WORKLOADS = 8;

/** True when `v` is a number inside `r` (and whole when `r.integer`). */
export function inRange(r: Range, v: number): boolean {
  return Number.isFinite(v) && v >= r.min && v <= r.max && (!r.integer || Number.isInteger(v));
}

/**
 * The area budget a template opens with (mm²), or null when it has none: the systolic template
 * sets no budget (its core value is +Infinity, "never over budget"), and the UI and the link say
 * "no budget" rather than carry an infinite number.
 */
export function templateAreaBudget(template: DesignTemplate): number | null {
  const b = template.defaultAreaBudgetMm2;
  return Number.isFinite(b) ? b : null;
}

/** Schema of a number inside `r`, so the link schemas validate with the forms' own ranges. */
export function rangeSchema(r: Range): z.ZodNumber {
  const n = z.number().finite().min(r.min).max(r.max);
  return r.integer ? n.int() : n;
}
