import { create } from 'zustand';
import type { CostModelJson } from '../core/corpus/cost-model';

/**
 * The learned cost models this page holds, one per class: the last trained here or imported
 * (src/state/cost-runs.ts) for that class. The Network study's "learned model" evaluator runs on
 * them (src/state/corpus-runs.ts). Memory only: a link cannot carry a model file and a reload
 * forgets them, but a study evaluated by them keeps its models in its saved spec, so it resumes.
 */
export interface HeldModel {
  json: CostModelJson;
  /** "trained in this page" or the imported file's name. */
  source: string;
}

export const useCostModels = create<{ models: Record<string, HeldModel> }>()(() => ({ models: {} }));

/** Keeps `json` as the model of its class (replacing the previous one). */
export function holdCostModel(json: CostModelJson, source: string): void {
  useCostModels.setState((s) => ({ models: { ...s.models, [json.classId]: { json, source } } }));
}

/** The held models of `classes`, in order, or the classes that have none. */
export function costModelsFor(classes: readonly string[]): { models: CostModelJson[] } | { missing: string[] } {
  const held = useCostModels.getState().models;
  const missing = classes.filter((c) => !held[c]);
  if (missing.length > 0) return { missing };
  return { models: classes.map((c) => (held[c] as HeldModel).json) };
}
