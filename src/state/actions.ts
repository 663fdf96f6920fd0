import { type Design, presetByName, requireTemplate, type TemplateId } from '../core/arch';
import { AREA_BUDGET_MM2, inRange, MAX_WORKLOADS, templateAreaBudget } from '../core/link/limits';
import type { Workload } from '../core/workload/workload';
import { type LayerKey, type Theme, useStore, type View, type WorkloadRef } from './store';

/** The preset a template opens with. */
export const DEFAULT_PRESET: Record<TemplateId, string> = { edgetpu: 'prime-baseline', systolic: 'scalesim-default' };

/** Design of a named preset (a fresh copy). */
export function presetDesign(name: string): { template: TemplateId; design: Design } {
  const p = presetByName(name);
  if (!p) throw new Error(`unknown preset ${name}`);
  return { template: p.template.id, design: p.design };
}

const set = useStore.setState;

// Actions live at module level so worker callbacks and link sync can call them outside React.
export const actions = {
  setParam(key: string, value: number | string) {
    set((s) => ({ design: { ...s.design, [key]: value } }));
  },
  setTemplate(id: TemplateId) {
    const name = DEFAULT_PRESET[id];
    set({
      template: id,
      preset: name,
      design: presetDesign(name).design,
      budgetMm2: templateAreaBudget(requireTemplate(id)),
    });
  },
  /** Loads a preset; a preset of another template switches template and so takes that template's budget. */
  applyPreset(name: string) {
    const p = presetDesign(name);
    set((s) => ({
      template: p.template,
      preset: name,
      design: p.design,
      ...(p.template !== s.template ? { budgetMm2: templateAreaBudget(requireTemplate(p.template)) } : {}),
    }));
  },
  /** Area budget in mm² (inside AREA_BUDGET_MM2), or null for no budget; other values are ignored. */
  setBudget(mm2: number | null) {
    if (mm2 === null || inRange(AREA_BUDGET_MM2, mm2)) set({ budgetMm2: mm2 });
  },
  addWorkload(ref: WorkloadRef) {
    set((s) => {
      if (s.workloads.some((w) => w.id === ref.id) || s.workloads.length >= MAX_WORKLOADS) return {};
      return { workloads: [...s.workloads, ref] };
    });
  },
  removeWorkload(index: number) {
    set((s) => {
      if (s.workloads.length <= 1) return {};
      const workloads = s.workloads.filter((_, i) => i !== index);
      return { workloads, activeIndex: Math.min(s.activeIndex, workloads.length - 1) };
    });
  },
  setWorkloadInput(index: number, input: number | undefined) {
    set((s) => ({
      workloads: s.workloads.map((w, i) => (i === index ? (input ? { id: w.id, input } : { id: w.id }) : w)),
    }));
  },
  setActiveWorkload(index: number) {
    set({ activeIndex: index });
  },
  pin() {
    const s = useStore.getState();
    set({
      pinned: { template: s.template, design: { ...s.design }, label: s.preset ? `${s.preset} (edited)` : 'pinned' },
      pinnedResults: s.results,
    });
  },
  unpin() {
    set({ pinned: null, pinnedResults: [] });
  },
  /** Makes the pinned design the current one and pins the current one (swap). */
  swapPinned() {
    const s = useStore.getState();
    if (!s.pinned) return;
    set({
      template: s.pinned.template,
      design: { ...s.pinned.design },
      preset: null,
      pinned: { template: s.template, design: { ...s.design }, label: 'previous design' },
      pinnedResults: s.results,
      results: s.pinnedResults,
    });
  },
  select(key: LayerKey | null) {
    set({ selected: key });
  },
  setBreakdown(mode: 'cycles' | 'energy') {
    set({ breakdown: mode });
  },
  setSort(sort: 'order' | 'cost') {
    set({ sort });
  },
  setView(view: View) {
    set({ view });
  },
  setTheme(theme: Theme) {
    set({ theme });
    try {
      window.localStorage.setItem('archscope.theme', theme);
    } catch {
      // not persisted when storage is unavailable; the toggle still works for this page
    }
  },
  browse(id: string) {
    set({ browserId: id });
  },
  setBrowserInput(id: string, input: number) {
    set((s) => ({ inputs: { ...s.inputs, [id]: input } }));
  },
  addImported(wl: Workload) {
    set((s) => ({ imported: { ...s.imported, [wl.id]: wl }, browserId: wl.id, importError: null }));
  },
  setImportError(message: string | null) {
    set({ importError: message });
  },
  dismissLinkError() {
    set({ linkError: null });
  },
};
