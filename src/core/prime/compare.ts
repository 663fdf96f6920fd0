/**
 * The comparison of issue 15 item 4 for one task: PRIME against naive MBO (ungated and gated by
 * its own feasibility head), the best logged design, and the engine's online optimizers at k, 10·k
 * and 100·k new simulations. Pure core: no DOM, no Worker; deterministic per seed (the latencies;
 * the wall times are measurements).
 *
 *   const c = await compareTask(
 *     { templateId: 'edgetpu', data, workloads, train: ['mobilenet_v2'], targets: ['mobilenet_v2'],
 *       aggregation: 'geomean', k: 16, seed: 1,
 *       surrogates?: { prime?, naive? },   // trained models to reuse; missing ones are trained here
 *       trainConfig?, searchConfig?,       // PRIME's; naive MBO gets the same with α = β = 0
 *       gate?: 0.5, gatePrime?: false, multiples?: [1, 10, 100], online?: ['random', 'evolution', 'bo'] },
 *     { onProgress?: (p: CompareProgress) => void, signal?: AbortSignal, clock?: () => performance.now() });
 *   c.rows      CompareRow[]: method, budget, latencyMs (NaN: nothing feasible), simulations, simMs, feasible
 *   c.savings   SimulationSaving: the fewest online simulations that reach PRIME's latency, and the share saved
 *   c.surrogates { prime, naive } — the models used (plain data, no tensors)
 *
 * Simulated time (`simMs`) is the measured wall time of the simulator calls (the clock around each
 * simulation), not a cost model; 0 without a clock. Logged data costs no new simulation. Online
 * runs are area-aware (over-budget designs are rejected before simulating, as PRIME's search does).
 * For one optimizer and seed, the k, 10·k and 100·k runs are separate runs with budget-scaled
 * settings (online.ts `onlineSpec`); only random search's runs are prefixes of each other, so only
 * its best is monotone in the budget by construction. A cancelled comparison throws an Error named
 * 'AbortError' (training stops at its next step).
 */
import { median } from '../analysis/stats';
import { deriveSeed } from '../opt/rng';
import type { Workload } from '../workload/workload';
import { type Aggregation, bestLogged, type PrimeDataset } from './dataset';
import { abortError, type OnlineKind, runOnline } from './online';
import {
  bestLoggedFor,
  bestVerified,
  contextsOf,
  optimizeSurrogate,
  type PrimeTask,
  taskTemplate,
  trainColumns,
  type VerifiedDesign,
  verifyDesigns,
} from './run';
import type { SearchConfig } from './search';
import { type Surrogate, type TrainConfig, type TrainProgress, trainSurrogate } from './train';

export type CompareMethod = 'prime' | 'naive' | 'naive-gated' | 'prime-gated' | 'logged' | OnlineKind;

export interface CompareTask {
  templateId: string;
  preset?: string;
  workloads: readonly Workload[];
  data: PrimeDataset;
  train?: readonly string[];
  targets: readonly string[];
  aggregation: Aggregation;
  k: number;
  seed: number;
  surrogates?: { prime?: Surrogate; naive?: Surrogate };
  trainConfig?: Partial<TrainConfig>;
  searchConfig?: Partial<SearchConfig>;
  /** The naive model's gate: proposals need P(feasible) ≥ this from its feasibility head (default 0.5). */
  gate?: number;
  /** Also PRIME's model with the same gate (an ablation row, 'prime-gated'). */
  gatePrime?: boolean;
  /** Online budgets as multiples of k (default [1, 10, 100]). */
  multiples?: readonly number[];
  online?: readonly OnlineKind[];
}

export interface CompareRow {
  method: CompareMethod;
  /** Online rows: the simulation budget (k · multiple); others: k for the surrogates, 0 for logged. */
  budget: number;
  /** Best feasible aggregate latency over the targets (ms); NaN when nothing feasible was found. */
  latencyMs: number;
  /** New simulations spent (designs simulated on every target). */
  simulations: number;
  /** Measured wall time of those simulations (ms). */
  simMs: number;
  feasible: boolean;
  /** Surrogate rows: how many of the k proposals were feasible. */
  feasibleProposals?: number;
  /**
   * Surrogate rows: median over the feasible proposals of predicted / simulated latency (< 1: the
   * model was optimistic about its own picks, the error PRIME's conservatism exists to remove).
   */
  predictedOverTrue?: number;
  x?: Int32Array;
}

export interface SimulationSaving {
  /** PRIME's best latency (ms) that the online optimizers must reach. */
  targetMs: number;
  /** Fewest simulations any online run needed to reach it, with the run; undefined: none did. */
  matched?: { kind: OnlineKind; budget: number; simulations: number; simMs: number };
  /** Simulations of the largest online run (the bound when nothing matched). */
  searched: number;
  /** 1 − k / matched simulations (a lower bound, 1 − k / searched, when nothing matched). */
  savedShare: number;
  lowerBound: boolean;
}

export interface CompareProgress {
  stage: string;
  /** Stages done and in all (training, searches, online runs). */
  done: number;
  total: number;
  train?: TrainProgress;
}

export interface Comparison {
  rows: CompareRow[];
  savings?: SimulationSaving;
  surrogates: { prime: Surrogate; naive: Surrogate };
  zeroShot: boolean;
}

export interface CompareOptions {
  onProgress?: (p: CompareProgress) => void | Promise<void>;
  signal?: { readonly aborted: boolean };
  /** Milliseconds clock timing the simulations (performance.now); none: simMs = 0. */
  clock?: () => number;
}

const sum = (v: readonly number[]) => v.reduce((a, b) => a + b, 0);

/**
 * Best logged design for the targets. When no logged design is known on every target (per-
 * application logs, joint design), each target's own best logged design is simulated on all
 * targets and the best of those is the baseline (those simulations are counted).
 */
function loggedRow(task: PrimeTask, clock?: () => number): CompareRow {
  const inData = task.targets.every((id) => task.data.workloads.includes(id));
  if (!inData || task.targets.length === 1 || bestLogged(task.data, task.targets, task.aggregation).index >= 0) {
    const t0 = clock?.() ?? 0;
    const b = bestLoggedFor(task);
    const simMs = b.simulations ? (clock?.() ?? 0) - t0 : 0;
    const feasible = Number.isFinite(b.latencyMs);
    return { method: 'logged', budget: 0, latencyMs: b.latencyMs, simulations: b.simulations, simMs, feasible, x: b.x };
  }
  const d = task.data.dims;
  const xs = task.targets
    .map((id) => bestLogged(task.data, [id], task.aggregation).index)
    .filter((i, j, all) => i >= 0 && all.indexOf(i) === j)
    .map((i) => task.data.codes.slice(i * d, (i + 1) * d));
  const vs = verifyDesigns({ ...task, areaBudgetMm2: task.data.areaBudgetMm2 }, xs, clock);
  const best = bestVerified(vs);
  return {
    method: 'logged',
    budget: 0,
    latencyMs: best?.latencyMs ?? Number.NaN,
    simulations: vs.length,
    simMs: sum(vs.map((v) => v.simMs ?? 0)),
    feasible: best !== undefined,
    x: best?.x,
  };
}

function surrogateRow(method: CompareMethod, k: number, vs: readonly VerifiedDesign[]): CompareRow {
  const b = bestVerified(vs);
  return {
    method,
    budget: k,
    latencyMs: b?.latencyMs ?? Number.NaN,
    simulations: vs.length,
    simMs: sum(vs.map((v) => v.simMs ?? 0)),
    feasible: b !== undefined,
    feasibleProposals: vs.filter((v) => v.feasible).length,
    predictedOverTrue: median(vs.filter((v) => v.feasible).map((v) => v.predictedLatencyMs / v.latencyMs)),
    x: b?.x,
  };
}

/** Runs the whole comparison for one task (see the comment at the top of this file). */
export async function compareTask(ct: CompareTask, o: CompareOptions = {}): Promise<Comparison> {
  const multiples = ct.multiples ?? [1, 10, 100];
  const kinds = ct.online ?? ['random', 'evolution', 'bo'];
  if (!(Number.isInteger(ct.k) && ct.k >= 1)) throw new Error(`k must be a positive integer, got ${ct.k}`);
  if (multiples.some((m) => !(Number.isInteger(m) && m >= 1)))
    throw new Error(`multiples must be positive integers, got ${multiples.join(', ')}`);
  const task: PrimeTask = { ...ct, searchConfig: { ...ct.searchConfig } };
  const { template, base } = taskTemplate(task);
  const train = trainColumns(task);
  const toTrain = (['prime', 'naive'] as const).filter((m) => !ct.surrogates?.[m]);
  const total = toTrain.length + 4 + (ct.gatePrime ? 1 : 0) + kinds.length * multiples.length;
  let done = 0;
  const step = async (stage: string, train?: TrainProgress) => {
    if (o.signal?.aborted) throw abortError();
    await o.onProgress?.({ stage, done, total, ...(train ? { train } : {}) });
  };
  const models = { ...ct.surrogates } as { prime?: Surrogate; naive?: Surrogate };
  for (const m of toTrain) {
    await step(`train ${m}`);
    const seed = deriveSeed(ct.seed, 0x74726e31);
    const cfg = { seed, ...ct.trainConfig, ...(m === 'naive' ? { alpha: 0, beta: 0 } : {}) };
    models[m] = await trainSurrogate(
      { template, base, data: ct.data, contexts: contextsOf(ct.workloads), workloads: train, config: cfg },
      { onProgress: (p) => step(`train ${m}`, p), shouldStop: () => o.signal?.aborted === true },
    );
    if (o.signal?.aborted) throw abortError();
    done++;
  }
  const prime = models.prime as Surrogate;
  const naive = models.naive as Surrogate;
  const rows: CompareRow[] = [];
  const gated = (feasibilityGate: number): PrimeTask => ({
    ...task,
    searchConfig: { ...task.searchConfig, feasibilityGate },
  });
  const searches: [CompareMethod, Surrogate, PrimeTask][] = [
    ['prime', prime, task],
    ['naive', naive, gated(0)],
    ['naive-gated', naive, gated(ct.gate ?? 0.5)],
  ];
  if (ct.gatePrime) searches.push(['prime-gated', prime, gated(ct.gate ?? 0.5)]);
  for (const [method, model, t] of searches) {
    await step(`search ${method}`);
    rows.push(surrogateRow(method, ct.k, optimizeSurrogate(t, model, undefined, o.clock)));
    done++;
  }
  await step('best logged');
  rows.push(loggedRow(task, o.clock));
  done++;
  const targets = ct.targets.map((id) => {
    const w = ct.workloads.find((x) => x.id === id);
    if (!w) throw new Error(`workload "${id}" was not given to the task`);
    return w;
  });
  const traces: { kind: OnlineKind; budget: number; best: Float64Array; elapsed: Float64Array }[] = [];
  for (const kind of kinds) {
    for (const m of multiples) {
      await step(`${kind} × ${m * ct.k}`);
      const r = await runOnline(kind, {
        templateId: ct.templateId,
        preset: ct.preset,
        targets,
        aggregation: ct.aggregation,
        areaBudgetMm2: ct.data.areaBudgetMm2,
        budget: m * ct.k,
        seed: deriveSeed(ct.seed, 0x6f6e6c6e),
        clock: o.clock,
        signal: o.signal,
      });
      const feasible = Number.isFinite(r.latencyMs);
      rows.push({
        method: kind,
        budget: m * ct.k,
        latencyMs: r.latencyMs,
        simulations: r.simulations,
        simMs: r.simMs,
        feasible,
        x: r.x,
      });
      traces.push({ kind, budget: m * ct.k, best: r.bestSoFar as Float64Array, elapsed: r.elapsedMs as Float64Array });
      done++;
    }
  }
  await step('done');
  const primeRow = rows[0] as CompareRow;
  return {
    rows,
    savings: primeRow.feasible ? saving(primeRow, traces) : undefined,
    surrogates: { prime, naive },
    zeroShot: ct.targets.some((id) => !train.includes(id)),
  };
}

/** The fewest simulations any online run needed to reach PRIME's latency (from its best-so-far trace). */
function saving(
  prime: CompareRow,
  traces: readonly { kind: OnlineKind; budget: number; best: Float64Array; elapsed: Float64Array }[],
): SimulationSaving {
  let matched: SimulationSaving['matched'];
  let searched = 0;
  for (const t of traces) {
    searched = Math.max(searched, t.best.length);
    const i = t.best.findIndex((v) => v <= prime.latencyMs);
    if (i >= 0 && (!matched || i + 1 < matched.simulations))
      matched = { kind: t.kind, budget: t.budget, simulations: i + 1, simMs: t.elapsed[i] as number };
  }
  const n = matched ? matched.simulations : searched;
  return {
    targetMs: prime.latencyMs,
    matched,
    searched,
    savedShare: n > 0 ? 1 - prime.simulations / n : Number.NaN,
    lowerBound: !matched,
  };
}
