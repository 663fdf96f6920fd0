import { DEFAULT_AREA_BUDGET_MM2 } from '../core/link/limits';
import type { PrimeApplication } from '../core/prime/applications';
import type { DatasetSummary } from '../core/prime/dataset';
// Types only from the PRIME barrel: its values pull TensorFlow.js into the page (it belongs in the worker).
import type {
  CompareProgress,
  CompareSummary,
  ModelReport,
  OnlineKind,
  TrainProgress,
  VerifiedDesign,
} from '../core/prime/index';
import type { GenerationProgress } from './prime-logged';

/** The PRIME panel's form and state (src/state/prime-runs.ts runs it): the two models by tag. */
export type ModelTag = 'prime' | 'naive';

/**
 * Where the logged data comes from: simulated random designs, generated PRIME-like logged data
 * (optimizer trajectories and random designs per application, logged.ts), the Exploration view's
 * study, or a file.
 */
export type PrimeSource = 'generate' | 'logged' | 'study' | 'file';

/** A training progress report and when it arrived (ms after that model's training started), for the ETA. */
export type TimedProgress = TrainProgress & { atMs: number };

/** Logged designs as plot points (area vs aggregate latency on the targets), from the worker. */
export interface LoggedPoints {
  areaMm2: Float64Array;
  latencyMs: Float64Array;
  status: Uint8Array;
  codes: Int32Array;
  dims: number;
  count: number;
}

export interface PrimeConfig {
  source: PrimeSource;
  /** Workloads whose logged data trains the model (zoo ids). */
  train: string[];
  /** Workloads to design for: one = single, several = joint, not in `train` = zero-shot. */
  targets: string[];
  count: number;
  /** Source 'logged': the application set (PRIME_APPLICATIONS ids) and logged rows per application. */
  apps: PrimeApplication[];
  rows: number;
  /** Source 'logged': share of each application's best feasible designs held back (0: none; Design-Bench's headroom). */
  dropTop: number;
  seed: number;
  k: number;
  alpha: number;
  beta: number;
  steps: number;
  areaMm2: number;
  naive: boolean;
  /** Also run random, evolution and BO with the same k simulations (PRIME's comparison). */
  online: boolean;
  /**
   * Drop candidates whose feasibility head gives P(feasible) < 0.5 during the offline search (an
   * ablation: PRIME proper ranks by its conservative score alone).
   */
  gate: boolean;
}

export type PrimePhase =
  | 'idle'
  | 'generating'
  | 'training'
  | 'trained'
  | 'proposing'
  | 'comparing'
  | 'done'
  | 'failed'
  | 'cancelled';

export interface PrimeState {
  config: PrimeConfig;
  phase: PrimePhase;
  summary: DatasetSummary | null;
  curves: Record<ModelTag, TimedProgress[]>;
  /** Generation of logged data (source 'logged') while it runs and after, else null. */
  generation: GenerationProgress | null;
  reports: Record<ModelTag, ModelReport[]>;
  proposals: Record<ModelTag, VerifiedDesign[]>;
  /** Best logged design's aggregate latency on the targets (NaN when a target has no logged data). */
  bestLoggedMs: number | null;
  /** Best aggregate latency each simulator-driven optimizer found with k simulations (NaN: none feasible). */
  online: Partial<Record<OnlineKind, number>>;
  /** Logged designs on the targets, for the PRIME Pareto plot (null in zero-shot: no target latencies logged). */
  logged: LoggedPoints | null;
  /** Preset whose constants the data's designs carry (a study's), or null for template defaults. */
  preset: string | null;
  /** Template and area budget of the loaded data (what proposals are searched and verified under). */
  data: { templateId: string; areaMm2: number } | null;
  /** Name of the imported data file (source 'file'). */
  fileName: string | null;
  /** Models currently held by the worker (a terminated worker holds none). */
  trained: ModelTag[];
  error: string | null;
  /** The comparison table of the current task (compare.ts): its progress while it runs, then its rows. */
  comparison: { progress: CompareProgress | null; result: CompareSummary | null };
  /** The tfjs backend the worker trains on ("wasm (SIMD)", or "cpu" with why wasm failed), once known. */
  backend: { label: string; note?: string } | null;
}

export const PRIME_DEFAULTS: PrimeConfig = {
  source: 'generate',
  train: ['mobilenet_v2'],
  targets: ['mobilenet_v2'],
  count: 600,
  apps: ['mobilenet_v2'],
  rows: 100_000,
  dropTop: 0,
  seed: 1,
  k: 8,
  // PRIME's weights on a standardised target (TRAIN_DEFAULTS in src/core/prime/train.ts).
  alpha: 0.1,
  beta: 0.1,
  steps: 300,
  areaMm2: DEFAULT_AREA_BUDGET_MM2,
  naive: false,
  online: false,
  gate: false,
};
