import { type CorpusHandle, type CostReport, startCorpus, trainCostModel } from '../bridge/corpus-bridge';
import { defaultWorkerCount } from '../bridge/pool';
import { EDGETPU_CLASSES } from '../core/arch/edgetpu';
import {
  type CorpusInit,
  type CorpusProgress,
  type CorpusRunState,
  type CorpusSpec,
  CorpusStore,
  type CorpusSummary,
  classDesigns,
  summarizeCorpus,
} from '../core/corpus/index';
import { spaceNetwork } from '../core/workload/space/index';
import { create } from 'zustand';
import { actions } from './actions';
import { appendCorpusChunk, type CorpusMeta, clearSavedCorpus, loadSavedCorpus, sliceBatch, startSavedCorpus } from './corpus-persist';
import { type NetstudyConfig, useStore } from './store';

/** The network study shown in the tab (low-rate snapshot; rows live in the CorpusStore outside React). */
export interface CorpusState {
  state: CorpusRunState | 'restoring';
  spec: CorpusSpec | null;
  progress: CorpusProgress | null;
  /** Unique rows in the store (charts redraw when it changes). */
  rows: number;
  summary: CorpusSummary | null;
  error: string | null;
  /** Set when the study was restored from browser storage after a reload. */
  restored: boolean;
}

export const useCorpus = create<CorpusState>()(() => ({
  state: 'idle',
  spec: null,
  progress: null,
  rows: 0,
  summary: null,
  error: null,
  restored: false,
}));

let store: CorpusStore | null = null;
let handle: CorpusHandle | null = null;
let savedRows = 0;
let saving: Promise<void> = Promise.resolve();
let summaryTimer: ReturnType<typeof setTimeout> | null = null;

/** The rows of the study shown (a CorpusStore: subscribe for new rows, view() for columns). */
export function corpusStore(): CorpusStore | null {
  return store;
}

function initOf(spec: CorpusSpec): CorpusInit {
  return { space: 'edgetpu-nas', seed: spec.seed, classes: classDesigns(spec.classes) };
}

function metaOf(s: CorpusStore, finished: boolean): CorpusMeta {
  return {
    id: 'current',
    spec: s.spec,
    next: s.generated,
    generated: s.generated,
    duplicates: s.duplicates,
    rows: s.length,
    finished,
    updatedAt: Date.now(),
  };
}

/** Queues a checkpoint of the rows not yet saved (writes run one after another). */
function checkpoint(finished = false): Promise<void> {
  const s = store;
  if (!s) return saving;
  const meta = metaOf(s, finished);
  const from = savedRows;
  const chunk = s.length > from ? { start: from, rows: sliceBatch(s.view(), from, s.length) } : null;
  savedRows = s.length;
  saving = saving
    .then(() => appendCorpusChunk(meta, chunk))
    .catch((e: unknown) => {
      useCorpus.setState({ error: `Not saved: ${e instanceof Error ? e.message : String(e)}` });
    });
  return saving;
}

function summarize(): void {
  summaryTimer = null;
  if (!store) return;
  useCorpus.setState({ summary: summarizeCorpus(store.view(), store.spec.classes), rows: store.length });
}

/** Summaries are recomputed at most every 600 ms while rows arrive (and once at the end). */
function scheduleSummary(): void {
  summaryTimer ??= setTimeout(summarize, 600);
}

let lastSave = 0;

function run(s: CorpusStore): void {
  const started = handle;
  if (started) return;
  const h = startCorpus(initOf(s.spec), s, {
    size: defaultWorkerCount(),
    onProgress: (p) => {
      useCorpus.setState({ progress: p, state: p.state, rows: s.length });
      scheduleSummary();
      if (performance.now() - lastSave > 2000) {
        lastSave = performance.now();
        void checkpoint();
      }
    },
  });
  handle = h;
  useCorpus.setState({ state: 'running', error: null });
  h.done.then(
    (final) => {
      if (handle === h) handle = null;
      void checkpoint(final === 'done');
      summarize();
      useCorpus.setState({ state: final as CorpusRunState, progress: h.progress() });
    },
    (e: unknown) => {
      if (handle === h) handle = null;
      void checkpoint();
      useCorpus.setState({ state: 'failed', error: e instanceof Error ? e.message : String(e) });
    },
  );
}

export const corpusActions = {
  /** Starts a new study from the tab's form (the previous one is replaced, in the page and in storage). */
  async start(cfg: NetstudyConfig = useStore.getState().netstudy): Promise<void> {
    handle?.cancel();
    handle = null;
    await saving;
    const spec: CorpusSpec = { space: 'edgetpu-nas', seed: cfg.seed, count: cfg.count, classes: [...cfg.classes] };
    store = new CorpusStore(spec, Math.min(cfg.count, 4096));
    savedRows = 0;
    useCorpus.setState({ spec, progress: null, rows: 0, summary: null, error: null, restored: false });
    try {
      await startSavedCorpus(metaOf(store, false));
    } catch (e) {
      useCorpus.setState({ error: `Not saved: ${e instanceof Error ? e.message : String(e)}` });
    }
    run(store);
  },
  pause(): void {
    handle?.pause();
    void checkpoint();
  },
  /** Resumes a paused run, or continues a study restored from storage where its checkpoint stopped. */
  resume(): void {
    if (handle) handle.resume();
    else if (store && store.generated < store.spec.count) run(store);
  },
  cancel(): void {
    handle?.cancel();
  },
  async clear(): Promise<void> {
    handle?.cancel();
    handle = null;
    store = null;
    savedRows = 0;
    useCorpus.setState({ state: 'idle', spec: null, progress: null, rows: 0, summary: null, restored: false });
    await clearSavedCorpus().catch(() => undefined);
  },
  /** Reopens the study saved in IndexedDB (after a reload); an unfinished one waits for Resume. */
  async restore(): Promise<void> {
    if (store) return;
    useCorpus.setState({ state: 'restoring' });
    try {
      const saved = await loadSavedCorpus();
      if (!saved || store) {
        useCorpus.setState({ state: store ? useCorpus.getState().state : 'idle' });
        return;
      }
      store = CorpusStore.fromCheckpoint(saved.checkpoint);
      savedRows = store.length;
      const done = saved.meta.finished || store.generated >= store.spec.count;
      useCorpus.setState({
        spec: store.spec,
        state: done ? 'done' : 'paused',
        restored: true,
        progress: {
          state: done ? 'done' : 'paused',
          generated: store.generated,
          target: store.spec.count,
          unique: store.length,
          duplicates: store.duplicates,
          networksPerSecond: 0,
        },
      });
      summarize();
    } catch (e) {
      useCorpus.setState({ state: 'idle', error: e instanceof Error ? e.message : String(e) });
    }
  },
  /**
   * Opens network `row` of the study in the design explorer: the space network as an extra
   * workload (as imported models are added), on the clicked class's preset design.
   */
  openNetwork(row: number, classIndex: number): void {
    if (!store || row < 0 || row >= store.length) return;
    const v = store.view();
    const net = spaceNetwork('edgetpu-nas', store.spec.seed, v.index[row] as number);
    const wl = net.workload;
    actions.addImported(wl);
    const cls = EDGETPU_CLASSES.find((c) => c.id === store?.spec.classes[classIndex]);
    if (cls) actions.applyPreset(cls.preset);
    useStore.setState((s) => {
      const others = s.workloads.filter((w) => w.id !== wl.id && !w.id.startsWith('edgetpu-nas:'));
      const workloads = [...others.slice(0, 7), { id: wl.id }];
      return { workloads, activeIndex: workloads.length - 1, view: 'explorer' };
    });
  },
};

/** Cost-model panel state (training runs in a short-lived worker). */
export interface CostState {
  state: 'idle' | 'training' | 'done' | 'failed';
  report: CostReport | null;
  error: string | null;
  /** Milliseconds the training and report took in the worker, wall clock. */
  wallMs: number;
}

export const useCost = create<CostState>()(() => ({ state: 'idle', report: null, error: null, wallMs: 0 }));

let costAbort: AbortController | null = null;

export const costActions = {
  async train(cfg: NetstudyConfig, classId: string, trainNetworks: number): Promise<void> {
    costAbort?.abort();
    const ac = new AbortController();
    costAbort = ac;
    const t0 = performance.now();
    useCost.setState({ state: 'training', error: null });
    try {
      const init: CorpusInit = { space: 'edgetpu-nas', seed: cfg.seed, classes: classDesigns([classId]) };
      const report = await trainCostModel(
        init,
        classId,
        { train: trainNetworks, test: Math.max(20, Math.round(trainNetworks / 4)), epochs: 100 },
        ac.signal,
      );
      if (costAbort !== ac) return;
      useCost.setState({ state: 'done', report, wallMs: performance.now() - t0 });
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
  /** Shows an imported model's report slot: the file is checked first (errors name the field). */
  setImported(report: CostReport): void {
    useCost.setState({ state: 'done', report, error: null, wallMs: 0 });
  },
  setError(message: string): void {
    useCost.setState({ error: message });
  },
};
