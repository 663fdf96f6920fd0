import { create } from 'zustand';
import { type CorpusEcdf, type CorpusHandle, SummaryWorker, startCorpus } from '../bridge/corpus-bridge';
import { defaultWorkerCount } from '../bridge/pool';
import { EDGETPU_CLASSES } from '../core/arch/edgetpu';
import {
  CHECK_EVERY,
  type CorpusBatch,
  type CorpusInit,
  type CorpusProgress,
  type CorpusRunState,
  type CorpusSpec,
  CorpusStore,
  type CorpusSummary,
  classDesigns,
  modelMismatch,
} from '../core/corpus/page';
import { spaceNetwork } from '../core/workload/space/index';
import { actions } from './actions';
import {
  appendCorpusChunk,
  type CorpusMeta,
  clearSavedCorpus,
  loadSavedCorpus,
  sliceBatch,
  startSavedCorpus,
} from './corpus-persist';
import { costModelsFor } from './cost-models';
import { type NetstudyConfig, useStore } from './store';

/** The network study shown in the tab (low-rate snapshot; rows live in the CorpusStore outside React). */
export interface CorpusState {
  state: CorpusRunState | 'restoring';
  spec: CorpusSpec | null;
  progress: CorpusProgress | null;
  /** Unique rows in the store (charts redraw when it changes). */
  rows: number;
  summary: CorpusSummary | null;
  /** Per-class latency ECDFs (thinned), computed with the summary. */
  ecdf: CorpusEcdf[] | null;
  error: string | null;
  /** Set when the study was restored from browser storage after a reload. */
  restored: boolean;
  /** True while workers run (a cancelled run still appends the batches in flight until this turns false). */
  active: boolean;
}

export const useCorpus = create<CorpusState>()(() => ({
  state: 'idle',
  spec: null,
  progress: null,
  rows: 0,
  summary: null,
  ecdf: null,
  error: null,
  restored: false,
  active: false,
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
  const init: CorpusInit = { space: 'edgetpu-nas', seed: spec.seed, classes: classDesigns(spec.classes) };
  // A study evaluated by the learned model carries its models (so a saved one resumes after a reload).
  return spec.evaluator === 'model' && spec.models
    ? { ...init, models: spec.models, checkEvery: spec.checkEvery }
    : init;
}

/** The spec's evaluator part: the held models of every class, or an error naming the classes without one. */
function evaluatorOf(cfg: NetstudyConfig): Pick<CorpusSpec, 'evaluator' | 'models' | 'checkEvery'> | string {
  if (cfg.evaluator !== 'model') return {};
  const held = costModelsFor(cfg.classes);
  if ('missing' in held)
    return `The learned-model evaluator needs a cost model for ${held.missing.map((c) => c.toUpperCase()).join(', ')}: train or import one per class below (a link carries the choice, never the model file).`;
  // A model trained on another design (an import) is refused here, before any worker starts.
  const bad = modelMismatch(classDesigns(cfg.classes), held.models);
  if (bad) return `The learned-model evaluator cannot use the held models: ${bad}`;
  return { evaluator: 'model', models: held.models, checkEvery: CHECK_EVERY };
}

let userPaused = false;
/** The user cancelled the run: saved as such, so a reload shows "cancelled" (not "paused"). */
let userCancelled = false;

function metaOf(s: CorpusStore, finished: boolean): CorpusMeta {
  return {
    id: 'current',
    spec: s.spec,
    next: s.generated,
    generated: s.generated,
    duplicates: s.duplicates,
    rows: s.length,
    finished,
    paused: userPaused,
    cancelled: userCancelled,
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

const summaries = new SummaryWorker();
let computing = false;
let again = false;
/** Wall-clock ms of the last summary: the next one waits ≥ 10× that, so the summary worker takes ≤ ~10 % of a core. */
let lastComputeMs = 0;

const summaryFailed = (e: unknown) =>
  useCorpus.setState({ error: `Summary: ${e instanceof Error ? e.message : String(e)}` });

/**
 * Gives the summary worker a fresh copy of the study: the rows so far (`rows`, transferred: a
 * batch the page no longer needs), then every evaluated batch as it is appended (run()).
 */
function follow(s: CorpusStore, rows?: CorpusBatch): void {
  summaries.reset(s.spec).catch(summaryFailed);
  if (rows && rows.n > 0) summaries.append(rows).catch(summaryFailed);
}

/** Asks the summary worker for the summary and ECDFs (one request at a time; a request during one runs after it). */
function summarize(): void {
  summaryTimer = null;
  if (computing) {
    again = true;
    return;
  }
  const s = store;
  if (!s) return;
  computing = true;
  const t0 = performance.now();
  summaries
    .compute()
    .then((r) => {
      lastComputeMs = performance.now() - t0;
      if (r && store === s) useCorpus.setState({ summary: r.summary, ecdf: r.ecdf });
    })
    .catch((e: unknown) => useCorpus.setState({ error: `Summary: ${e instanceof Error ? e.message : String(e)}` }))
    .finally(() => {
      computing = false;
      if (again) {
        again = false;
        summarize();
      }
    });
}

/** Summaries are recomputed at most every 600 ms (or 10× their cost) while rows arrive, and once at the end. */
function scheduleSummary(): void {
  if (summaryTimer === null) summaryTimer = setTimeout(summarize, Math.max(600, 10 * lastComputeMs));
}

let lastSave = 0;

function run(s: CorpusStore): void {
  const started = handle;
  if (started) return;
  userPaused = false;
  userCancelled = false;
  const h = startCorpus(initOf(s.spec), s, {
    size: defaultWorkerCount(),
    // The batch itself goes on to the summary worker (transferred): no per-batch copy on this thread.
    onAppended: (b) => {
      if (store === s) summaries.append(b).catch(summaryFailed);
    },
    onProgress: (p) => {
      // A replaced study's last batches still arrive: they belong to its own store only.
      if (store !== s) return;
      useCorpus.setState({ progress: p, state: p.state, rows: s.length });
      scheduleSummary();
      if (performance.now() - lastSave > 2000) {
        lastSave = performance.now();
        void checkpoint();
      }
    },
  });
  handle = h;
  useCorpus.setState({ state: 'running', error: null, active: true });
  h.done.then(
    (final) => {
      if (handle === h) handle = null;
      if (store !== s) return;
      void checkpoint(final === 'done');
      summarize();
      useCorpus.setState({ state: final as CorpusRunState, progress: h.progress(), active: handle !== null });
    },
    (e: unknown) => {
      if (handle === h) handle = null;
      if (store !== s) return;
      void checkpoint();
      useCorpus.setState({
        state: 'failed',
        error: e instanceof Error ? e.message : String(e),
        active: handle !== null,
      });
    },
  );
}

export const corpusActions = {
  /** Starts a new study from the tab's form (the previous one is replaced, in the page and in storage). */
  async start(cfg: NetstudyConfig = useStore.getState().netstudy): Promise<void> {
    // A study that cannot start (no model for a class) leaves the one shown untouched.
    const ev = evaluatorOf(cfg);
    if (typeof ev === 'string') {
      useCorpus.setState({ error: ev });
      return;
    }
    handle?.cancel();
    handle = null;
    await saving;
    const spec: CorpusSpec = {
      space: 'edgetpu-nas',
      seed: cfg.seed,
      count: cfg.count,
      classes: [...cfg.classes],
      ...ev,
    };
    // Room for every row up front: growing would copy them all in one long task.
    store = new CorpusStore(spec, cfg.count);
    follow(store);
    savedRows = 0;
    useCorpus.setState({ spec, progress: null, rows: 0, summary: null, ecdf: null, error: null, restored: false });
    try {
      await startSavedCorpus(metaOf(store, false));
    } catch (e) {
      useCorpus.setState({ error: `Not saved: ${e instanceof Error ? e.message : String(e)}` });
    }
    run(store);
  },
  pause(): void {
    if (!handle) return;
    userPaused = true;
    handle.pause();
    void checkpoint();
  },
  /** Resumes a paused run, or continues a cancelled study or one restored from storage where it stopped. */
  resume(): void {
    userPaused = false;
    userCancelled = false;
    if (handle) handle.resume();
    else if (store && store.generated < store.spec.count) run(store);
  },
  /** Stops after the batches in flight; the rows so far stay (and a reload keeps them, stopped). */
  cancel(): void {
    if (!handle) return;
    userPaused = true;
    userCancelled = true;
    handle.cancel();
  },
  async clear(): Promise<void> {
    handle?.cancel();
    handle = null;
    store = null;
    savedRows = 0;
    useCorpus.setState({
      state: 'idle',
      spec: null,
      progress: null,
      rows: 0,
      summary: null,
      ecdf: null,
      restored: false,
    });
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
      follow(store, saved.checkpoint.rows);
      savedRows = store.length;
      const done = saved.meta.finished || store.generated >= store.spec.count;
      userPaused = saved.meta.paused;
      userCancelled = saved.meta.cancelled === true;
      // Stopped: cancelled as the user left it, else paused (by the user, or until the interrupted run goes on below).
      const stopped: CorpusRunState = done ? 'done' : userCancelled ? 'cancelled' : 'paused';
      useCorpus.setState({
        spec: store.spec,
        state: stopped,
        restored: true,
        rows: store.length,
        progress: {
          state: stopped,
          generated: store.generated,
          target: store.spec.count,
          unique: store.length,
          duplicates: store.duplicates,
          networksPerSecond: 0,
        },
      });
      summarize();
      // A study interrupted by the reload goes on from its checkpoint; one the user paused waits.
      if (!done && !saved.meta.paused) run(store);
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

/** Edits the Network-study form (seed, count, classes, cost-model class and training size). */
export function setNetstudyConfig(patch: Partial<NetstudyConfig>): void {
  useStore.setState((s) => ({ netstudy: { ...s.netstudy, ...patch } }));
}

/**
 * After the permalink is read: reopen the network study saved in this browser, or run the one a
 * link (or a lesson step) asks for — whenever `netstudyRunToken` is bumped.
 */
export function startCorpusSync(): void {
  let token = useStore.getState().netstudyRunToken;
  if (token > 0) void corpusActions.start();
  else void corpusActions.restore();
  useStore.subscribe((s) => {
    if (s.netstudyRunToken !== token) {
      token = s.netstudyRunToken;
      void corpusActions.start();
    }
  });
}
