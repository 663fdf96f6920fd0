import { evaluateOnce, type StudyHandle, startStudy } from '../bridge/pool';
import type { ResultsStore } from '../core/analysis/results-store';
import { decodeDesign, presetByName, requireTemplate } from '../core/arch';
import { OPTIMIZER_KINDS, optimizerLabel } from '../core/opt/optimizer';
import type { Metric } from '../core/study/metrics';
import type { Progress } from '../core/study/runner';
import { studyTemplate, templateSizes } from '../core/study/sim-evaluator';
import type { StudySpec } from '../core/study/spec';
import { bestRow, studyStore } from '../core/study/study';
import type { Workload } from '../core/workload/workload';
import { buildZooModel } from '../core/workload/zoo';
import { DEFAULT_PRESET } from './actions';
import { appendChunk, type ChunkRecord, markFinished, type StudyRecord, saveStudy, setCurrentStudyId } from './persist';
import { PlotBuffer } from './plot-buffer';
import { type OptimizerKind, type RunInfo, type StudyDraft, useStore } from './store';

/** One optimizer × seed run: its spec, its store (the rows) and, while it runs, its handle. */
export interface Run {
  key: string;
  optimizer: OptimizerKind;
  seed: number;
  spec: StudySpec;
  store: ResultsStore<Metric>;
  handle: StudyHandle | null;
  saved: number;
  progress: Progress | null;
}

/**
 * Designs proposed outside the study's optimizers (PRIME's, trained on this study's rows), plotted
 * with the study's metrics in their own colour. Kept for this session only: they live in the PRIME
 * tab too, and a stored study must resume with its own runs.
 */
export interface Overlay {
  label: string;
  store: ResultsStore<Metric>;
}

/** Plot run indices from here on are overlays, not optimizer runs. */
export const OVERLAY_BASE = 60_000;

/** Everything high-rate lives here, outside React state; charts subscribe and redraw on frames. */
export const session = {
  runs: [] as Run[],
  overlays: [] as Overlay[],
  plot: new PlotBuffer('latencyMs', 'energyMj'),
  listeners: new Set<() => void>(),
  /** Increments whenever the run list is replaced (charts reset their data). */
  generation: 0,
  /** Why results are not being saved (quota, private mode, blocked), or null while saving works. */
  storageProblem: null as string | null,
  /** Evaluation workers replaced after a crash or hang since the study started. */
  workerRestarts: 0,
};

function notify() {
  for (const l of session.listeners) l();
}

/** Subscribes to "rows arrived / runs replaced"; returns an unsubscribe function. */
export function onSessionChange(fn: () => void): () => void {
  session.listeners.add(fn);
  return () => session.listeners.delete(fn);
}

/** Colour group of overlaid PRIME proposals (after the optimizers', which are OPTIMIZER_KINDS order). */
export const PRIME_GROUP = OPTIMIZER_KINDS.length;
export const PRIME_GROUP_LABEL = 'PRIME proposals';

/** The study spec of one optimizer × seed run of a draft. */
export function specOf(d: StudyDraft, optimizer: OptimizerKind, seed: number): StudySpec {
  return {
    template: d.template,
    preset: d.preset ?? DEFAULT_PRESET[d.template],
    workloads: d.workloads.map((w) => ({
      id: w.id,
      ...(w.weight ? { weight: w.weight } : {}),
      ...(w.input ? { input: w.input } : {}),
    })),
    objective: d.objective,
    aggregation: d.aggregation,
    constraints: {
      ...(d.areaMm2 ? { areaMm2: d.areaMm2 } : {}),
      ...(d.latencyMs ? { latencyMs: d.latencyMs } : {}),
      ...(d.powerW ? { powerW: d.powerW } : {}),
    },
    optimizer: { kind: optimizer },
    seed,
    budget: d.budget,
  };
}

function workloadsOf(d: Pick<StudyDraft, 'workloads'>): Workload[] {
  const imported = useStore.getState().imported;
  return d.workloads.map((w) => imported[w.id] ?? buildZooModel(w.id, w.input));
}

function runInfo(r: Run): RunInfo {
  const p = r.progress;
  const stored = p ? -1 : bestRow(r.store);
  return {
    key: r.key,
    optimizer: r.optimizer,
    seed: r.seed,
    state: p?.state ?? (r.store.length >= r.spec.budget ? 'done' : 'idle'),
    evaluations: p?.evaluations ?? r.store.length,
    budget: r.spec.budget,
    best:
      p?.bestObjective ?? (stored >= 0 ? (r.store.metric('objective')[stored] as number) : Number.POSITIVE_INFINITY),
    evalsPerSecond: p?.evalsPerSecond ?? 0,
    replayed: p?.replayed ?? 0,
    inFlight: p?.inFlight ?? 0,
  };
}

let publishTimer: ReturnType<typeof setTimeout> | null = null;
/** Copies run snapshots into React state at most 5 times a second. */
function publish(now = false) {
  const go = () => {
    publishTimer = null;
    const s = useStore.getState();
    useStore.setState({
      runs: session.runs.map(runInfo),
      elapsedMs: s.startedAt ? Date.now() - s.startedAt : s.elapsedMs,
    });
  };
  if (now) {
    if (publishTimer) clearTimeout(publishTimer);
    go();
  } else publishTimer ??= setTimeout(go, 200);
}

/**
 * Shows why saving failed (ExploreView's storage banner); the run carries on in memory. The first
 * failure names the cause (full, private mode, blocked); later ones are its consequences ("study
 * is not saved"), so it stays until a write succeeds again.
 */
function reportStorage(e: unknown) {
  if (session.storageProblem !== null) return;
  session.storageProblem = e instanceof Error ? e.message : String(e);
  notify();
}

function storageRecovered() {
  if (session.storageProblem === null) return;
  session.storageProblem = null;
  notify();
}

let checkpointTimer: ReturnType<typeof setInterval> | null = null;

/** The study record of the current study, until it is stored (a failed first save is retried at each checkpoint). */
let unsavedRecord: StudyRecord | null = null;

/**
 * Rows per stored chunk. IndexedDB clones a value on the main thread, ~1 µs a row here: at 30,000 evaluations a
 * second one chunk per checkpoint was a 25-35 ms task (more on a busy machine); 4,096 rows keep each write short.
 */
const CHUNK_ROWS = 4096;
/** Rows a run's store is sized for up front: growing by doubling copies every column (a 10-20 ms task at 10^5). */
const PRESIZE_ROWS = 1 << 18;

/** Writes every run's new rows to IndexedDB (about once a second while running). */
async function checkpoint(studyId: string) {
  // Chunks without their study record would be orphans after a reload: store the record first.
  if (unsavedRecord) {
    try {
      await saveStudy(unsavedRecord);
      setCurrentStudyId(unsavedRecord.id);
      unsavedRecord = null;
    } catch (e) {
      reportStorage(e);
      return;
    }
  }
  for (const r of session.runs) {
    // In chunks of at most CHUNK_ROWS, each written in its own task (after the previous write's reply).
    while (r.saved < r.store.length) {
      const start = r.saved;
      const end = Math.min(r.store.length, start + CHUNK_ROWS);
      const chunk: ChunkRecord = { studyId, run: r.key, start, batch: r.store.slice(start, end) };
      r.saved = end;
      try {
        await appendChunk(chunk, end >= r.spec.budget);
        storageRecovered();
      } catch (e) {
        r.saved = start;
        reportStorage(e);
        return;
      }
    }
  }
}

function attach(run: Run, index: number, group: number) {
  run.store.subscribe((start, count) => {
    session.plot.append(run.store, index, group, start, count);
    notify();
  });
}

function rebuildPlot() {
  const s = useStore.getState();
  session.plot.reset(s.paretoX, s.paretoY);
  session.plot.reserve(
    Math.min(
      PRESIZE_ROWS,
      session.runs.reduce((n, r) => n + r.spec.budget, 0),
    ),
  );
  session.runs.forEach((r, i) => {
    session.plot.append(r.store, i, OPTIMIZER_KINDS.indexOf(r.optimizer), 0, r.store.length);
  });
  session.overlays.forEach((o, i) => {
    session.plot.append(o.store, OVERLAY_BASE + i, PRIME_GROUP, 0, o.store.length);
  });
  session.generation += 1;
  notify();
}

/** Re-plots every row on new axes (also when a link or Back sets them: see the subscription below). */
export function setAxes(x: StudyMetric, y: StudyMetric) {
  useStore.setState({ paretoX: x, paretoY: y });
}
useStore.subscribe((s, prev) => {
  if (s.paretoX !== prev.paretoX || s.paretoY !== prev.paretoY) rebuildPlot();
});
type StudyMetric = import('./store').StudyMetric;

function stopAll() {
  for (const r of session.runs) r.handle?.cancel();
  if (checkpointTimer) clearInterval(checkpointTimer);
  checkpointTimer = null;
}

/**
 * Starts (or resumes) every optimizer × seed run of `draft`. With `resume`, stored rows are
 * replayed into each run's store and only the rest of its budget is evaluated (same seed ⇒ the
 * same designs, so the resumed sequence equals an uninterrupted one).
 */
export async function runStudy(draft: StudyDraft, resume?: { record: StudyRecord; chunks: ChunkRecord[] }) {
  stopAll();
  const sizes = templateSizes(
    studyTemplate({ template: draft.template, preset: draft.preset ?? DEFAULT_PRESET[draft.template] }).template,
  );
  let workloads: Workload[];
  try {
    workloads = workloadsOf(draft);
  } catch (e) {
    useStore.setState({ exploreMessage: `Cannot start: ${e instanceof Error ? e.message : String(e)}` });
    return;
  }
  const id = resume?.record.id ?? `study-${Date.now().toString(36)}-${draft.seed}`;
  const record: StudyRecord = resume?.record ?? {
    id,
    name: `${draft.workloads.map((w) => w.id).join('+')} · ${draft.objective} · ${draft.optimizers.join('/')} · seed ${draft.seed}`,
    draft,
    createdAt: Date.now(),
    updatedAt: Date.now(),
    runs: {},
  };
  const runs: Run[] = [];
  for (const optimizer of OPTIMIZER_KINDS.filter((o) => draft.optimizers.includes(o))) {
    for (let k = 0; k < draft.seeds; k++) {
      const seed = (draft.seed + k) >>> 0;
      const key = `${optimizer}:${seed}`;
      const store = studyStore(sizes, undefined, Math.min(draft.budget, PRESIZE_ROWS));
      for (const c of resume?.chunks.filter((c) => c.run === key) ?? []) store.append(c.batch);
      runs.push({
        key,
        optimizer,
        seed,
        spec: specOf(draft, optimizer, seed),
        store,
        handle: null,
        saved: store.length,
        progress: null,
      });
    }
  }
  session.runs = runs;
  session.overlays = [];
  session.storageProblem = null;
  session.workerRestarts = 0;
  useStore.setState({ studyId: id, startedAt: Date.now(), elapsedMs: 0, exploreMessage: null, recoveries: [] });
  rebuildPlot();
  runs.forEach((r, i) => {
    attach(r, i, OPTIMIZER_KINDS.indexOf(r.optimizer));
  });
  unsavedRecord = record;
  try {
    await saveStudy(record);
    setCurrentStudyId(id);
    unsavedRecord = null;
  } catch (e) {
    reportStorage(e);
  }
  const active = runs.filter((r) => r.store.length < r.spec.budget);
  const poolSize = Math.max(
    1,
    Math.floor(Math.max(1, (navigator.hardwareConcurrency ?? 4) - 1) / Math.max(1, active.length)),
  );
  for (const r of active) {
    try {
      r.handle = startStudy({
        spec: r.spec,
        workloads,
        store: r.store,
        pool: {
          size: poolSize,
          onEvent: (e) => {
            if (e.kind === 'replaced') {
              session.workerRestarts += 1;
              notify();
            }
            const msg =
              e.kind === 'replaced'
                ? `a worker was replaced (${e.reason}); its batch is re-run`
                : e.kind === 'retry'
                  ? `a batch of ${e.n} designs is re-run (attempt ${e.attempt})`
                  : 'a design failed to evaluate and was recorded as infeasible';
            useStore.setState((s) => ({ recoveries: [...s.recoveries.slice(-4), `${r.key}: ${msg}`] }));
          },
        },
        onProgress: (p) => {
          r.progress = p;
          publish();
        },
      });
      r.handle.done
        .then(async (p) => {
          r.progress = p;
          await checkpoint(id);
          if (p.state === 'done') await markFinished(id, r.key, r.store.length).catch(reportStorage);
          publish(true);
        })
        .catch((e: unknown) => {
          r.progress = { ...(r.progress ?? r.handle?.progress() ?? emptyProgress(r)), state: 'failed' };
          useStore.setState({ exploreMessage: `${r.key} failed: ${e instanceof Error ? e.message : String(e)}` });
          publish(true);
        });
    } catch (e) {
      useStore.setState({ exploreMessage: `Cannot start ${r.key}: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  checkpointTimer = setInterval(() => void checkpoint(id), 1000);
  publish(true);
}

function emptyProgress(r: Run): Progress {
  return {
    state: 'idle',
    evaluations: r.store.length,
    budget: r.spec.budget,
    bestObjective: Number.POSITIVE_INFINITY,
    bestRow: -1,
    evalsPerSecond: 0,
    replayed: 0,
    inFlight: 0,
  };
}

export function pauseAll() {
  for (const r of session.runs) r.handle?.pause();
  publish(true);
}

export function resumeAll() {
  for (const r of session.runs) r.handle?.resume();
  publish(true);
}

export async function cancelAll() {
  await Promise.all(session.runs.map((r) => r.handle?.cancel()));
  const id = useStore.getState().studyId;
  if (id) await checkpoint(id);
  publish(true);
}

/** Shows stored rows of a saved study without running anything (a finished or imported study). */
export function showStored(
  draft: StudyDraft,
  stores: { key: string; optimizer: OptimizerKind; seed: number; store: ResultsStore<Metric> }[],
  id: string | null,
) {
  stopAll();
  session.runs = stores.map((s) => ({
    ...s,
    spec: specOf(draft, s.optimizer, s.seed),
    handle: null,
    saved: s.store.length,
    progress: null,
  }));
  session.overlays = [];
  session.storageProblem = null;
  session.workerRestarts = 0;
  unsavedRecord = null;
  useStore.setState({ studyId: id, draft, startedAt: null, exploreMessage: null, recoveries: [] });
  rebuildPlot();
  session.runs.forEach((r, i) => {
    attach(r, i, OPTIMIZER_KINDS.indexOf(r.optimizer));
  });
  publish(true);
}

/**
 * Simulates designs proposed outside the study (PRIME's) with the study's own spec — same template,
 * preset, workloads, objective and constraints — in an evaluation worker, and plots them as an
 * overlay. Resolves to how many were added (0 when there is no study to compare with, its design
 * space differs, or another study replaced it meanwhile).
 */
export async function overlayDesigns(label: string, codes: readonly Int32Array[]): Promise<number> {
  const runs = session.runs;
  const base = runs[0];
  if (!base || codes.length === 0) return 0;
  const sizes = templateSizes(studyTemplate(base.spec).template);
  const dims = sizes.length;
  if (codes.some((x) => x.length !== dims)) return 0;
  const flat = new Int32Array(codes.length * dims);
  codes.forEach((x, i) => {
    flat.set(x, i * dims);
  });
  const r = await evaluateOnce(
    { kind: 'study', spec: base.spec, workloads: workloadsOf(base.spec) },
    flat,
    codes.length,
  );
  if (session.runs !== runs) return 0;
  const store = studyStore(sizes);
  store.append({ n: codes.length, codes: flat, metrics: r.metrics, feasible: r.feasible });
  session.overlays.push({ label, store });
  session.plot.append(store, OVERLAY_BASE + session.overlays.length - 1, PRIME_GROUP, 0, codes.length);
  notify();
  return codes.length;
}

/** Who produced plotted point i: "evolution (seed 3)", or an overlay's label. */
export function pointSource(i: number, withSeed = false): string {
  const ri = session.plot.run[i] ?? 0;
  if (ri >= OVERLAY_BASE) return session.overlays[ri - OVERLAY_BASE]?.label ?? PRIME_GROUP_LABEL;
  const run = session.runs[ri];
  return run ? `${optimizerLabel(run.optimizer)}${withSeed ? ` (seed ${run.seed})` : ''}` : '';
}

/** The design of a plotted point, with the study's template and preset constants. */
export function designOfPoint(i: number) {
  const ri = session.plot.run[i] ?? 0;
  const row = session.plot.row[i] ?? 0;
  const run = session.runs[ri >= OVERLAY_BASE ? 0 : ri];
  const store = ri >= OVERLAY_BASE ? session.overlays[ri - OVERLAY_BASE]?.store : run?.store;
  if (!run || !store) return null;
  const template = requireTemplate(run.spec.template);
  const base = run.spec.preset ? presetByName(run.spec.preset)?.design : undefined;
  const key = ri >= OVERLAY_BASE ? (session.overlays[ri - OVERLAY_BASE]?.label ?? 'PRIME') : run.key;
  return { template: template.id, design: decodeDesign(template, store.codesAt(row), base), key, row };
}
