import { create } from 'zustand';
import type { Design, TemplateId } from '../core/arch';
import type { Evaluation } from '../core/sim';
import type { Workload } from '../core/workload/workload';

export type Theme = 'light' | 'dark';
export type View = 'explorer' | 'workloads';
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
  budgetMm2: number;
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
}

export type AppState = WorkloadSlice & DesignSlice & EvalSlice & CompareSlice & ViewSlice;

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
  budgetMm2: 27,
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
}));
