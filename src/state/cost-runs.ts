import { create } from 'zustand';
import { type CostReport, scoreCostModel, trainCostModel } from '../bridge/corpus-bridge';
import type { CostModelJson } from '../core/corpus/cost-model';
import { type AccuracyReport, accuracy, type CorpusInit, classDesigns } from '../core/corpus/page';
import { corpusStore } from './corpus-runs';
import { holdCostModel } from './cost-models';
import { type NetstudyConfig, useStore } from './store';

/** Predictions of a cost model on networks of the study the model was not trained on, with the simulator's answer. */
export interface CostCheck {
  classId: string;
  /** "trained" (this page) or the imported file's name. */
  source: string;
  index: Int32Array;
  predictedMs: Float64Array;
  simulatedMs: Float64Array;
  accuracy: AccuracyReport;
}

/** Cost-model panel state (training and scoring run in short-lived workers). */
export interface CostState {
  state: 'idle' | 'training' | 'scoring' | 'done' | 'failed';
  /** Reports per class id, from training in this page. */
  reports: Record<string, CostReport>;
  /** The last model trained or imported, checked on the study's networks. */
  check: CostCheck | null;
  error: string | null;
  /** Wall-clock ms of the last training (features, simulation of the sets, training, report). */
  wallMs: number;
}

export const useCost = create<CostState>()(() => ({ state: 'idle', reports: {}, check: null, error: null, wallMs: 0 }));

let costAbort: AbortController | null = null;

/** Rows of the study on `classId` whose network index is ≥ `from` (not trained on), at most `max`. */
function studyRowsFor(classId: string, from: number, max: number): { rows: number[]; c: number } | null {
  const s = corpusStore();
  const c = s?.spec.classes.indexOf(classId) ?? -1;
  if (!s || c < 0) return null;
  const v = s.view();
  const C = v.classes;
  const truth = simulatedOf(s);
  const rows: number[] = [];
  for (let r = 0; r < v.n && rows.length < max; r++)
    if ((v.index[r] as number) >= from && v.cls.feasible[r * C + c] === 1 && Number.isFinite(truth[r * C + c]))
      rows.push(r);
  return { rows, c };
}

/**
 * The simulator's latencies of a study: in a study evaluated by the learned model, latencyMs holds
 * predictions and only the checked sample has simLatencyMs; a simulated study saved before that
 * column existed has latencyMs only.
 */
function simulatedOf(s: NonNullable<ReturnType<typeof corpusStore>>): Float64Array {
  const v = s.view();
  return s.spec.evaluator === 'model' ? v.cls.simLatencyMs : v.cls.latencyMs;
}

/** Scores a model (JSON) on up to 600 of the study's networks of its class, numbered from `from` on. */
async function checkOnStudy(
  json: unknown,
  source: string,
  from: number,
  classHint?: string,
): Promise<CostCheck | null> {
  const s = corpusStore();
  if (!s) {
    // No study to score on: still check the file (the worker throws naming the bad field).
    await scoreCostModel(json, 1, new Int32Array(0));
    return null;
  }
  const hint = classHint ?? (json as { classId?: unknown })?.classId;
  const picked = typeof hint === 'string' ? studyRowsFor(hint, from, 600) : null;
  const rows = picked?.rows ?? [];
  const v = s.view();
  const index = Int32Array.from(rows, (r) => v.index[r] as number);
  const scored = await scoreCostModel(json, s.spec.seed, index.slice());
  if (!picked) return null;
  const truth = simulatedOf(s);
  const simulatedMs = Float64Array.from(rows, (r) => truth[r * v.classes + picked.c] as number);
  return {
    classId: scored.classId,
    source,
    index,
    predictedMs: scored.latencyMs,
    simulatedMs,
    accuracy: accuracy(scored.latencyMs, simulatedMs),
  };
}

export const costActions = {
  /** Trains the form's class on the form's count (a quarter as many held out), then checks it on the study. */
  async train(cfg: NetstudyConfig = useStore.getState().netstudy): Promise<void> {
    costAbort?.abort();
    const ac = new AbortController();
    costAbort = ac;
    const t0 = performance.now();
    const classId = cfg.modelClass;
    const test = Math.max(20, Math.round(cfg.modelTrain / 4));
    useCost.setState({ state: 'training', error: null });
    try {
      const init: CorpusInit = { space: 'edgetpu-nas', seed: cfg.seed, classes: classDesigns([classId]) };
      const report = await trainCostModel(init, classId, { train: cfg.modelTrain, test, epochs: 100 }, ac.signal);
      if (costAbort !== ac) return;
      const wallMs = performance.now() - t0;
      useCost.setState((s) => ({ reports: { ...s.reports, [classId]: report }, wallMs, state: 'scoring' }));
      holdCostModel(report.model, 'trained in this page');
      const check =
        corpusStore()?.spec.seed === cfg.seed
          ? await checkOnStudy(report.model, 'trained', cfg.modelTrain + 4 * test + 16)
          : null;
      if (costAbort !== ac) return;
      useCost.setState({ state: 'done', check });
    } catch (e) {
      if (costAbort !== ac) return;
      useCost.setState({ state: 'failed', error: e instanceof Error ? e.message : String(e) });
    }
  },
  cancel(): void {
    costAbort?.abort();
    costAbort = null;
    useCost.setState({ state: 'idle' });
  },
  /** Imports a model file: checked in a worker (errors name the field), then scored on the study's networks. */
  async importModel(name: string, text: string): Promise<void> {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      useCost.setState({ error: `${name}: not a JSON file` });
      return;
    }
    useCost.setState({ state: 'scoring', error: null });
    try {
      const check = await checkOnStudy(json, name, 0);
      // Valid (scoreModel checked it): the model of its class for the learned-model evaluator.
      holdCostModel(json as CostModelJson, name);
      useCost.setState({
        state: 'done',
        check,
        error: check
          ? null
          : `${name}: the model is valid, but its class is not in the study shown, so it was not scored`,
      });
    } catch (e) {
      useCost.setState({ state: 'failed', error: `${name}: ${e instanceof Error ? e.message : String(e)}` });
    }
  },
};
