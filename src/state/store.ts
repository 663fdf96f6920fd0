import { create } from 'zustand';
import type { Workload } from '../core/workload/workload';

export type Theme = 'light' | 'dark';
export type View = 'workloads';

export interface WorkloadSlice {
  /** Zoo id or imported workload id currently shown in the workload browser. */
  activeWorkloadId: string;
  /** Input resolution per zoo id (absent: the model's default). */
  inputs: Record<string, number>;
  /** Workloads imported in this session, by id. */
  imported: Record<string, Workload>;
  importError: string | null;
}

export interface ViewSlice {
  view: View;
  theme: Theme;
}

export type AppState = WorkloadSlice & ViewSlice;

function initialTheme(): Theme {
  if (typeof window === 'undefined' || !window.matchMedia) return 'light';
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export const useStore = create<AppState>()(() => ({
  activeWorkloadId: 'mobilenet_v2',
  inputs: {},
  imported: {},
  importError: null,
  view: 'workloads',
  theme: initialTheme(),
}));

// Actions live at module level so worker callbacks can call them outside React (zustand guide).
export const actions = {
  selectWorkload(id: string) {
    useStore.setState({ activeWorkloadId: id });
  },
  setInput(id: string, input: number) {
    useStore.setState((s) => ({ inputs: { ...s.inputs, [id]: input } }));
  },
  addImported(wl: Workload) {
    useStore.setState((s) => ({
      imported: { ...s.imported, [wl.id]: wl },
      activeWorkloadId: wl.id,
      importError: null,
    }));
  },
  setImportError(message: string | null) {
    useStore.setState({ importError: message });
  },
  setTheme(theme: Theme) {
    useStore.setState({ theme });
  },
  setView(view: View) {
    useStore.setState({ view });
  },
};
