import { proxy } from 'comlink';
import { create } from 'zustand';
import type { PrimeWorkerApi } from '../../workers/prime.worker';
import { AbortedError, WorkerBridge } from '../bridge/worker-bridge';
import type { DatasetSummary, ModelReport, TrainProgress, VerifiedDesign } from '../core/prime/index';

/**
 * The PRIME panel's runs (docs/prime.md §6): one prime worker behind a WorkerBridge, the dataset
 * under tag 'logged', the conservative model under 'prime' and, optionally, naive model-based
 * optimisation (α = β = 0) under 'naive'. Progress and proposals stream through Comlink proxies
 * into a small zustand store (about one update per 25 training steps: low rate, React state is fine).
 */
export type ModelTag = 'prime' | 'naive';

export interface PrimeConfig {
  /** Workloads whose logged data trains the model (zoo ids). */
  train: string[];
  /** Workloads to design for: one = single, several = joint, not in `train` = zero-shot. */
  targets: string[];
  count: number;
  seed: number;
  k: number;
  alpha: number;
  beta: number;
  steps: number;
  areaMm2: number;
  naive: boolean;
}

export type PrimePhase = 'idle' | 'generating' | 'training' | 'trained' | 'proposing' | 'done' | 'failed' | 'cancelled';

export interface PrimeState {
  config: PrimeConfig;
  phase: PrimePhase;
  summary: DatasetSummary | null;
  curves: Record<ModelTag, TrainProgress[]>;
  reports: Record<ModelTag, ModelReport[]>;
  proposals: Record<ModelTag, VerifiedDesign[]>;
  /** Best logged design's aggregate latency on the targets (NaN when a target has no logged data). */
  bestLoggedMs: number | null;
  /** Models currently held by the worker (a terminated worker holds none). */
  trained: ModelTag[];
  error: string | null;
}

export const PRIME_DEFAULTS: PrimeConfig = {
  train: ['mobilenet_v2'],
  targets: ['mobilenet_v2'],
  count: 600,
  seed: 1,
  k: 8,
  // PRIME's weights on a standardised target (TRAIN_DEFAULTS in src/core/prime/train.ts).
  alpha: 0.1,
  beta: 0.05,
  steps: 300,
  areaMm2: 27,
  naive: false,
};

const empty = <T>(): Record<ModelTag, T[]> => ({ prime: [], naive: [] });

export const usePrime = create<PrimeState>()(() => ({
  config: PRIME_DEFAULTS,
  phase: 'idle',
  summary: null,
  curves: empty(),
  reports: empty(),
  proposals: empty(),
  bestLoggedMs: null,
  trained: [],
  error: null,
}));

export function setPrimeConfig(patch: Partial<PrimeConfig>) {
  usePrime.setState((s) => ({ config: { ...s.config, ...patch } }));
}

/** Counts workers created: models live in one worker, so a new worker means they are gone. */
let workerGen = 0;
let trainedGen = -1;
// Kept alive 10 minutes when idle so the user can come back and propose again without retraining.
const bridge = new WorkerBridge<PrimeWorkerApi>(() => {
  workerGen += 1;
  return new Worker(new URL('../../workers/prime.worker.ts', import.meta.url), { type: 'module' });
}, 600_000);
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
  usePrime.setState({
    phase: 'generating',
    summary: null,
    curves: empty(),
    reports: empty(),
    proposals: empty(),
    bestLoggedMs: null,
    trained: [],
    error: null,
  });
  try {
    const summary = await bridge.call(
      (api) =>
        api.loadDataset('logged', {
          kind: 'generate',
          workloads: c.train,
          count: c.count,
          seed: c.seed,
          areaBudgetMm2: c.areaMm2,
          // A third of the designs drawn inside the budget: PRIME's logged data is 70–90 % infeasible (docs §1).
          inAreaShare: 0.3,
        }),
      ac.signal,
    );
    trainedGen = workerGen;
    usePrime.setState({ summary, phase: 'training' });
    const tags: ModelTag[] = c.naive ? ['prime', 'naive'] : ['prime'];
    for (const tag of tags) {
      const onProgress = proxy((p: TrainProgress) => {
        usePrime.setState((s) => ({ curves: { ...s.curves, [tag]: [...s.curves[tag], p] } }));
      });
      const r = await bridge.call(
        (api) =>
          api.train(
            tag,
            {
              dataset: 'logged',
              train: c.train,
              targets: c.targets,
              validationShare: 0.2,
              config: {
                seed: c.seed,
                steps: c.steps,
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
    if (workerGen !== trainedGen) throw new Error('the PRIME worker restarted during training; train again');
    usePrime.setState({ phase: 'trained' });
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
  usePrime.setState({ phase: 'proposing', proposals: empty(), error: null });
  try {
    const req = { dataset: 'logged', targets: c.targets, k: c.k, seed: c.seed };
    const base = await bridge.call(async (api) => {
      if (workerGen !== trainedGen) throw new Error('the trained model was released (idle worker); train again');
      return api.baselines(req, []);
    }, ac.signal);
    usePrime.setState({ bestLoggedMs: base.bestLogged.latencyMs });
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

/** Frees the worker and everything in it now. */
export function disposePrime(): void {
  cancelPrime();
  bridge.terminate();
  usePrime.setState({ trained: [] });
}
