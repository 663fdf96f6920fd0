/**
 * The PRIME panel's runs (docs/prime.md §6): one prime worker behind src/bridge/prime-bridge.ts, the dataset
 * under tag 'logged', the conservative model under 'prime' and, optionally, naive model-based
 * optimisation (α = β = 0) under 'naive'. Progress and proposals stream through Comlink proxies
 * into a small zustand store (about one update per 25 training steps: low rate, React state is fine).
 * The form's types and defaults are in prime-config.ts; the comparison table's run in prime-compare.ts.
 */
import { proxy } from 'comlink';
import { create } from 'zustand';
import { AbortedError, PrimeBridge } from '../bridge/prime-bridge';
// Types only from the PRIME barrel: its values pull TensorFlow.js into the page (it belongs in the worker).
import { datasetFromStores } from '../core/prime/dataset';
import type { DatasetSource, ModelReport, OnlineKind, TrainProgress, VerifiedDesign } from '../core/prime/index';
import { DEFAULT_PRESET } from './actions';
import type { ModelTag, PrimeConfig, PrimeState, TimedProgress } from './prime-config';
import { PRIME_DEFAULTS } from './prime-config';
import { loadLoggedData } from './prime-logged';
import { useStore } from './store';
import { overlayDesigns, session } from './study-runs';

export * from './prime-config';

const empty = <T>(): Record<ModelTag, T[]> => ({ prime: [], naive: [] });

/** Everything a new training replaces: no data, models or results yet. */
const noResults = () => ({
  summary: null,
  curves: empty<TimedProgress>(),
  generation: null,
  reports: empty<ModelReport>(),
  proposals: empty<VerifiedDesign>(),
  bestLoggedMs: null,
  online: {},
  logged: null,
  preset: null,
  data: null,
  trained: [] as ModelTag[],
  error: null,
  comparison: { progress: null, result: null },
});

export const usePrime = create<PrimeState>()(() => ({
  config: PRIME_DEFAULTS,
  phase: 'idle',
  fileName: null,
  backend: null,
  ...noResults(),
}));

/** Targets the plotted logged points are for (the worker is asked again only when they change). */
let loggedFor = '';

/** The study runs the current model was trained on (source 'study'), so its proposals join only that study's plot. */
let trainedOnRuns: readonly unknown[] | null = null;

/** The imported data file: text (CSV/JSONL) or Arrow IPC bytes (kept out of React state: it can be large). */
let fileText: string | Uint8Array | null = null;

/** Takes a logged-data file (a `dataset` CSV/JSONL/Arrow file or an `optimize --out` CSV) as the PRIME data source. */
export function setPrimeFile(name: string, data: string | Uint8Array) {
  fileText = data;
  usePrime.setState((s) => ({ fileName: name, config: { ...s.config, source: 'file' } }));
}

/**
 * The Exploration view's current study as a dataset source: every run's rows (all optimizers and
 * seeds), which must be a single-workload study of zoo or imported models at their own input size.
 */
function studySource(areaMm2: number): {
  source: DatasetSource;
  workload: string;
  preset: string;
  templateId: string;
  areaMm2: number;
} {
  const rows = session.runs.reduce((a, r) => a + r.store.length, 0);
  const spec = session.runs[0]?.spec;
  if (!spec || rows === 0)
    throw new Error('no study results yet: run a study in the Exploration tab first, or generate data here');
  // The spec that ran, not the study form (which may have been edited since).
  if (spec.workloads.length !== 1)
    throw new Error(
      `the study has ${spec.workloads.length} workloads; its results keep only aggregate latency, so PRIME can learn from single-workload studies only`,
    );
  const w = spec.workloads[0] as (typeof spec.workloads)[number];
  if (w.input) throw new Error(`the study runs ${w.id} at input ${w.input}; PRIME uses models at their default input`);
  // The study's own area limit is the natural budget for its data (feasibility is re-derived for it).
  const budget = spec.constraints?.areaMm2 ?? areaMm2;
  return {
    source: {
      kind: 'columns',
      data: datasetFromStores(
        session.runs.map((r) => r.store),
        { templateId: spec.template, workloadId: w.id, areaBudgetMm2: budget },
      ),
    },
    workload: w.id,
    preset: spec.preset ?? DEFAULT_PRESET[spec.template as keyof typeof DEFAULT_PRESET],
    templateId: spec.template,
    areaMm2: budget,
  };
}

export function setPrimeConfig(patch: Partial<PrimeConfig>) {
  usePrime.setState((s) => ({ config: { ...s.config, ...patch } }));
}

const bridge = new PrimeBridge();
/** Worker generation the models were trained in: models live in one worker, so a new worker means they are gone. */
let trainedGen = -1;
let controller: AbortController | null = null;
/** Bumped by each new job, so a superseded job's rejection does not overwrite the new job's state. */
let job = 0;

function fail(id: number, e: unknown) {
  if (id !== job) return;
  if (e instanceof AbortedError) {
    usePrime.setState({ phase: 'cancelled', trained: [], error: null });
    return;
  }
  usePrime.setState({ phase: 'failed', error: e instanceof Error ? e.message : String(e) });
}

/** Generates the logged dataset, then trains PRIME (and naive MBO when asked) with a held-out report. */
export async function generateAndTrain(): Promise<void> {
  cancelPrime();
  const id = ++job;
  const c = usePrime.getState().config;
  const ac = new AbortController();
  controller = ac;
  usePrime.setState({ phase: 'generating', ...noResults() });
  loggedFor = '';
  trainedOnRuns = null;
  try {
    // null: generated PRIME-like logged data, computed in the pool and assembled in the worker.
    let source: DatasetSource | null = null;
    let preset: string | null = null;
    let cfg = c;
    let templateId = 'edgetpu';
    let runs: readonly unknown[] | null = null;
    if (c.source === 'generate') {
      source = {
        kind: 'generate',
        workloads: c.train,
        count: c.count,
        seed: c.seed,
        areaBudgetMm2: c.areaMm2,
        // A third of the designs drawn inside the budget: PRIME's logged data is 70–90 % infeasible (docs §1).
        inAreaShare: 0.3,
      };
    } else if (c.source === 'logged') {
      // The application set is the data's columns: the model trains on all of them.
      cfg = { ...c, train: [...c.apps] };
    } else if (c.source === 'study') {
      const st = studySource(c.areaMm2);
      source = st.source;
      preset = st.preset;
      templateId = st.templateId;
      runs = session.runs;
      // The study's workload is the data's only column: train on it and design for it (other targets
      // can be chosen after training: that is zero-shot design from this data).
      cfg = { ...c, train: [st.workload], targets: [st.workload], areaMm2: st.areaMm2 };
    } else {
      if (fileText === null) throw new Error('choose a logged-data file first (CSV, JSONL or Arrow)');
      // An `optimize --out` CSV has no workload column: its rows are for the (first) "Design for" workload.
      const where = { templateId, areaBudgetMm2: c.areaMm2, workloadId: c.targets[0] ?? 'workload' };
      source =
        typeof fileText === 'string'
          ? { kind: 'text', text: fileText, ...where }
          : { kind: 'arrow', files: [fileText], ...where };
    }
    const summary =
      source === null
        ? await loadLoggedData(
            bridge,
            {
              applications: c.apps,
              rowsPerApplication: c.rows,
              seed: c.seed,
              areaBudgetMm2: c.areaMm2,
              dropTop: c.dropTop,
            },
            ac.signal,
            (generation) => {
              if (id === job) usePrime.setState({ generation });
            },
          )
        : await bridge.call((api) => api.loadDataset('logged', source), ac.signal);
    const backend = await bridge.call((api) => api.backend(), ac.signal);
    usePrime.setState({ backend: { label: backend.label, ...(backend.note ? { note: backend.note } : {}) } });
    if (c.source === 'file') cfg = { ...cfg, train: summary.workloads.map((w) => w.id) };
    // Imported (non-zoo) workloads the data or the targets name: the worker needs their layers.
    const imported = useStore.getState().imported;
    const extra = [...new Set([...cfg.train, ...cfg.targets])].flatMap((wid) => (imported[wid] ? [imported[wid]] : []));
    if (extra.length) await bridge.call((api) => api.addWorkloads(extra), ac.signal);
    // Only what loading decided is written back: edits made meanwhile to other fields are kept.
    if (cfg !== c)
      usePrime.setState((s) => ({
        config: { ...s.config, train: cfg.train, targets: cfg.targets, areaMm2: cfg.areaMm2 },
      }));
    usePrime.setState({ preset, data: { templateId, areaMm2: summary.areaBudgetMm2 } });
    trainedGen = bridge.generation;
    usePrime.setState({ summary, phase: 'training' });
    const tags: ModelTag[] = c.naive ? ['prime', 'naive'] : ['prime'];
    for (const tag of tags) {
      const t0 = performance.now();
      const onProgress = proxy((p: TrainProgress) => {
        const timed: TimedProgress = { ...p, atMs: performance.now() - t0 };
        usePrime.setState((s) => ({ curves: { ...s.curves, [tag]: [...s.curves[tag], timed] } }));
      });
      const r = await bridge.call(
        (api) =>
          api.train(
            tag,
            {
              dataset: 'logged',
              train: cfg.train,
              targets: cfg.targets,
              ...(preset ? { preset } : {}),
              validationShare: 0.2,
              // The scatter of predicted vs simulated latency draws SVG marks: 1,000 are plenty to read it.
              reportPoints: 1000,
              // The curve's validation MSE on at most 20,000 held-out designs (the report uses all).
              validationCurveRows: 20_000,
              config: {
                seed: cfg.seed,
                steps: cfg.steps,
                // About 50 points per curve whatever the length (each report also yields to the worker's queue).
                progressEvery: Math.max(5, Math.round(c.steps / 50)),
                alpha: tag === 'naive' ? 0 : c.alpha,
                beta: tag === 'naive' ? 0 : c.beta,
              },
            },
            onProgress,
          ),
        ac.signal,
      );
      usePrime.setState((s) => ({ reports: { ...s.reports, [tag]: r.report }, trained: [...s.trained, tag] }));
    }
    if (bridge.generation !== trainedGen) throw new Error('the PRIME worker restarted during training; train again');
    const logged = await bridge.call((api) => api.points('logged', cfg.targets, 20_000), ac.signal);
    loggedFor = cfg.targets.join('\n');
    trainedOnRuns = runs;
    usePrime.setState({ phase: 'trained', logged: logged.count > 0 ? logged : null });
  } catch (e) {
    fail(id, e);
  } finally {
    if (controller === ac) controller = null;
  }
}

/** Optimises each trained model offline for the targets and verifies its top k in the simulator. */
export async function proposeDesigns(): Promise<void> {
  const s0 = usePrime.getState();
  const c = s0.config;
  const tags = s0.trained;
  if (tags.length === 0) return;
  cancelPrime();
  const id = ++job;
  const ac = new AbortController();
  controller = ac;
  usePrime.setState({ phase: 'proposing', proposals: empty(), online: {}, error: null });
  try {
    const preset = s0.preset;
    const req = {
      dataset: 'logged',
      targets: c.targets,
      k: c.k,
      seed: c.seed,
      ...(preset ? { preset } : {}),
      ...(c.gate ? { search: { feasibilityGate: 0.5 } } : {}),
    };
    const base = await bridge.call(async (api) => {
      if (bridge.generation !== trainedGen)
        throw new Error('the trained model was released (idle worker); train again');
      return api.baselines(req, []);
    }, ac.signal);
    usePrime.setState({ bestLoggedMs: base.bestLogged.latencyMs });
    // Targets may have changed since training (zero-shot): plot the logged designs on these targets.
    if (loggedFor !== c.targets.join('\n')) {
      const logged = await bridge.call((api) => api.points('logged', c.targets, 20_000), ac.signal);
      loggedFor = c.targets.join('\n');
      usePrime.setState({ logged: logged.count > 0 ? logged : null });
    }
    for (const tag of tags) {
      let settled = false;
      const onProposal = proxy((v: VerifiedDesign, i: number) => {
        if (settled || id !== job) return;
        usePrime.setState((s) => {
          const list = [...s.proposals[tag]];
          list[i] = v;
          return { proposals: { ...s.proposals, [tag]: list } };
        });
      });
      const r = await bridge.call((api) => api.optimize(tag, req, onProposal), ac.signal);
      // The proxy's messages may trail the call's reply: the result is authoritative, later messages are dropped.
      settled = true;
      usePrime.setState((s) => ({ proposals: { ...s.proposals, [tag]: r.proposals } }));
      // Trained on the Exploration study's rows: PRIME's proposals also join that study's Pareto plot
      // (only while that same study is shown: another study's plot is not this model's business).
      if (tag === 'prime' && trainedOnRuns !== null && trainedOnRuns === session.runs)
        await overlayDesigns(
          `PRIME (seed ${c.seed}, k ${c.k})`,
          r.proposals.map((p) => p.x),
        );
    }
    if (c.online) {
      const kinds: OnlineKind[] = ['random', 'evolution', 'bo'];
      for (const kind of kinds) {
        const r = await bridge.call((api) => api.baselines(req, [kind]), ac.signal);
        const v = r.online[kind]?.latencyMs ?? Number.NaN;
        usePrime.setState((s) => ({ online: { ...s.online, [kind]: v } }));
      }
    }
    usePrime.setState({ phase: 'done' });
  } catch (e) {
    fail(id, e);
  } finally {
    if (controller === ac) controller = null;
  }
}

/** Aborts whatever runs: the worker is terminated (the only way to stop a synchronous loop) and its models freed. */
export function cancelPrime(): void {
  if (controller) {
    controller.abort();
    controller = null;
  }
}

/** On leaving the panel: stop a running job (its worker and tensors go with it); idle models stay for a while. */
export function releasePrime(): void {
  cancelPrime();
}

/**
 * Runs `body` as the panel's job (prime-compare.ts's comparison): cancels the running job first; the
 * body gets the bridge and an abort signal, and must call `current()` before writing state (a
 * superseded job's late results are dropped). Failures and cancellation end in the panel's usual phases.
 */
export async function runPrimeJob(
  body: (bridge: PrimeBridge, signal: AbortSignal, current: () => boolean) => Promise<void>,
): Promise<void> {
  cancelPrime();
  const id = ++job;
  const ac = new AbortController();
  controller = ac;
  try {
    if (bridge.generation !== trainedGen) throw new Error('the trained model was released (idle worker); train again');
    await body(bridge, ac.signal, () => id === job);
  } catch (e) {
    fail(id, e);
  } finally {
    if (controller === ac) controller = null;
  }
}
