import { create } from 'zustand';
import type { Design, TemplateId } from '../core/arch';
import type { Challenge } from '../core/link/challenge';
import { DEFAULT_AREA_BUDGET_MM2 } from '../core/link/limits';
import type { PLOT_METRICS } from '../core/link/view-state';
import type { OptimizerKind } from '../core/opt/optimizer';
import type { Evaluation } from '../core/sim';
import type { Workload } from '../core/workload/workload';

export type { OptimizerKind };

export type Theme = 'light' | 'dark';
export type View = 'explorer' | 'explore' | 'workloads' | 'prime' | 'netstudy' | 'lessons';
export interface WorkloadRef {
  id: string;
  input?: number;
}
export interface LayerKey {
  workload: string;
  layer: string;
}

/** Workloads: what the explorer evaluates, and the workload browser's selection. */
export interface WorkloadSlice {
  workloads: WorkloadRef[];
  /** Index into `workloads` whose breakdown and headline totals are shown. */
  activeIndex: number;
  /** Workload browser: the zoo or imported id shown. */
  browserId: string;
  /** Input resolution per zoo id in the workload browser. */
  inputs: Record<string, number>;
  imported: Record<string, Workload>;
  importError: string | null;
}

/** The design being edited. */
export interface DesignSlice {
  template: TemplateId;
  /** Preset the design started from (kept while it is unchanged or edited; informative). */
  preset: string | null;
  design: Design;
  /** Area budget, mm²; null = no budget (the systolic template's default; never +Infinity). */
  budgetMm2: number | null;
}

/** Evaluation results (low rate: one per edit), for the current and the pinned design. */
export interface EvalSlice {
  results: Evaluation[];
  evalErrors: string[];
  evalSeq: number;
  pending: boolean;
}

export interface CompareSlice {
  pinned: { template: TemplateId; design: Design; label: string } | null;
  pinnedResults: Evaluation[];
}

export interface ViewSlice {
  view: View;
  theme: Theme;
  breakdown: 'cycles' | 'energy';
  sort: 'order' | 'cost';
  selected: LayerKey | null;
  /** Message shown when the URL's permalink could not be used. */
  linkError: string | null;
  /** Message shown when the current view could not be written to the link (a bug, named). */
  linkWriteError: string | null;
  /** The classroom challenge the link poses, if any. */
  challenge: Challenge | null;
}

export type StudyMetric = (typeof PLOT_METRICS)[number];

/** The study being set up in the exploration view (what a study permalink holds). */
export interface StudyDraft {
  template: 'edgetpu' | 'systolic';
  preset?: string;
  workloads: { id: string; weight?: number; input?: number }[];
  objective: 'latency' | 'energy' | 'edp' | 'multi';
  aggregation: 'mean' | 'geomean';
  areaMm2?: number;
  latencyMs?: number;
  powerW?: number;
  optimizers: OptimizerKind[];
  /** Seeds per optimizer (seed, seed+1, …): the convergence plot shows their median and range. */
  seeds: number;
  seed: number;
  budget: number;
}

/** One optimizer × seed run of the current study (low-rate snapshot; rows live in its ResultsStore). */
export interface RunInfo {
  key: string;
  optimizer: OptimizerKind;
  seed: number;
  state: 'idle' | 'running' | 'paused' | 'cancelling' | 'cancelled' | 'done' | 'failed';
  evaluations: number;
  budget: number;
  best: number;
  evalsPerSecond: number;
  replayed: number;
  /** Batches asked for and not yet stored. */
  inFlight: number;
  error?: string;
}

export interface ExploreSlice {
  draft: StudyDraft;
  /** Id of the study whose runs are shown (saved in IndexedDB), or null. */
  studyId: string | null;
  runs: RunInfo[];
  startedAt: number | null;
  elapsedMs: number;
  paretoX: StudyMetric;
  paretoY: StudyMetric;
  colorBy: 'group' | 'order';
  exploreMessage: string | null;
  /** Worker replacements and other recoveries the user should know happened. */
  recoveries: string[];
}

export const DEFAULT_DRAFT: StudyDraft = {
  template: 'edgetpu',
  workloads: [{ id: 'mobilenet_v2' }],
  objective: 'latency',
  aggregation: 'geomean',
  areaMm2: DEFAULT_AREA_BUDGET_MM2,
  optimizers: ['random', 'evolution'],
  seeds: 1,
  seed: 1,
  budget: 1000,
};

/** The Network-study form (what its permalink holds); the run itself lives in src/state/corpus-runs.ts. */
export interface NetstudyConfig {
  seed: number;
  count: number;
  classes: ('v1' | 'v2' | 'v3')[];
  /** The cost-model panel: class to train for, training networks. */
  modelClass: 'v1' | 'v2' | 'v3';
  modelTrain: number;
  /** Who evaluates the study: the simulator, or the learned cost model of each class (trained or imported here). */
  evaluator: 'simulator' | 'model';
}

export const NETSTUDY_DEFAULTS: NetstudyConfig = {
  seed: 1,
  count: 2000,
  classes: ['v1', 'v2', 'v3'],
  modelClass: 'v1',
  modelTrain: 400,
  evaluator: 'simulator',
};

export interface NetstudySlice {
  netstudy: NetstudyConfig;
  /** Bumped by a link (or lesson step) that asks to run its network study on open. */
  netstudyRunToken: number;
}

export type AppState = WorkloadSlice &
  DesignSlice &
  EvalSlice &
  CompareSlice &
  ViewSlice &
  ExploreSlice &
  NetstudySlice;

function initialTheme(): Theme {
  if (typeof window === 'undefined' || !window.matchMedia) return 'light';
  try {
    const saved = window.localStorage.getItem('archscope.theme');
    if (saved === 'light' || saved === 'dark') return saved;
  } catch {
    // storage can be unavailable (private mode, sandboxed iframe): fall back to the system theme
  }
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export const useStore = create<AppState>()(() => ({
  workloads: [{ id: 'mobilenet_v2' }],
  activeIndex: 0,
  browserId: 'mobilenet_v2',
  inputs: {},
  imported: {},
  importError: null,
  template: 'edgetpu',
  preset: 'prime-baseline',
  design: {},
  budgetMm2: DEFAULT_AREA_BUDGET_MM2,
  results: [],
  evalErrors: [],
  evalSeq: 0,
  pending: false,
  pinned: null,
  pinnedResults: [],
  view: 'explorer',
  theme: initialTheme(),
  breakdown: 'cycles',
  sort: 'order',
  selected: null,
  linkError: null,
  linkWriteError: null,
  challenge: null,
  draft: DEFAULT_DRAFT,
  studyId: null,
  runs: [],
  startedAt: null,
  elapsedMs: 0,
  paretoX: 'latencyMs',
  paretoY: 'energyMj',
  colorBy: 'group',
  exploreMessage: null,
  recoveries: [],
  netstudy: NETSTUDY_DEFAULTS,
  netstudyRunToken: 0,
}));
