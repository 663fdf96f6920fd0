import { decodeDesign, presetByName, templateById } from '../arch/index';
import type { Design, DesignTemplate } from '../arch/types';
import { deriveSeed } from '../opt/rng';
import { compileWorkload, evaluateTotals, newTotals } from '../sim/index';
import type { Workload } from '../workload/workload';
import { workloadContext } from './context';
import { type Aggregation, aggregate, bestLogged, designKey, type PrimeDataset } from './dataset';
import { createEncoder } from './features';
import { proposeDesigns, type SearchConfig } from './search';
import { type Surrogate, type TrainConfig, type TrainHooks, trainSurrogate } from './train';

/**
 * One PRIME task: logged data, the workloads it was logged on and the ones to design for. Modes
 * (PRIME §5): single workload (targets = [w], trained on w's data), several jointly (targets =
 * [a, b, …], objective = aggregate latency), zero-shot (targets absent from `train`).
 */
export interface PrimeTask {
  templateId: string;
  /** Preset whose constants every design inherits (none = template defaults). */
  preset?: string;
  data: PrimeDataset;
  /** Every workload named in `train` or `targets` (for context vectors and verification). */
  workloads: readonly Workload[];
  /** Data columns to train on; default: every column of `data` that is not a held-out target. */
  train?: readonly string[];
  targets: readonly string[];
  aggregation: Aggregation;
  /** Proposals verified in the simulator (the only new simulations). */
  k: number;
  seed: number;
  trainConfig?: Partial<TrainConfig>;
  searchConfig?: Partial<SearchConfig>;
}

/** A proposal after its simulation. */
export interface VerifiedDesign {
  x: Int32Array;
  design: Design;
  /** Aggregate latency over the targets, ms (NaN if any target failed to map). */
  latencyMs: number;
  perWorkloadMs: number[];
  areaMm2: number;
  /** Every target maps and area ≤ budget (PRIME's feasibility). */
  feasible: boolean;
  predictedLatencyMs: number;
  pFeasible: number;
  /** Wall time of its simulation (ms), when a clock was given. */
  simMs?: number;
}

export interface PrimeResult {
  proposals: VerifiedDesign[];
  /** Best feasible proposal; undefined when none is feasible. */
  best?: VerifiedDesign;
  surrogate: Surrogate;
  /** New simulations (designs verified). */
  simulations: number;
  zeroShot: boolean;
}

export function taskTemplate(t: Pick<PrimeTask, 'templateId' | 'preset'>): { template: DesignTemplate; base?: Design } {
  const template = templateById(t.templateId);
  if (!template) throw new Error(`unknown template "${t.templateId}"`);
  const p = t.preset ? presetByName(t.preset) : undefined;
  if (t.preset && (!p || p.template.id !== template.id))
    throw new Error(`no preset "${t.preset}" for template ${template.id}`);
  return { template, base: p?.design };
}

export function contextsOf(workloads: readonly Workload[]): Record<string, Float32Array> {
  return Object.fromEntries(workloads.map((w) => [w.id, workloadContext(w)]));
}

/** Columns the surrogate trains on by default: the data's workloads minus held-out targets. */
export function trainColumns(t: Pick<PrimeTask, 'data' | 'train' | 'targets'>): string[] {
  if (t.train) return [...t.train];
  const inData = t.targets.filter((id) => t.data.workloads.includes(id));
  return inData.length === t.targets.length
    ? [...t.data.workloads]
    : t.data.workloads.filter((id) => !t.targets.includes(id));
}

function workloadById(t: Pick<PrimeTask, 'workloads'>, id: string): Workload {
  const w = t.workloads.find((x) => x.id === id);
  if (!w) throw new Error(`workload "${id}" was not given to the task`);
  return w;
}

/** Simulates designs on the targets (the new simulations of PRIME's verification step); with a clock, times each. */
export function verifyDesigns(
  t: Pick<PrimeTask, 'templateId' | 'preset' | 'workloads' | 'targets' | 'aggregation'> & { areaBudgetMm2: number },
  xs: readonly Int32Array[],
  clock?: () => number,
): {
  x: Int32Array;
  design: Design;
  latencyMs: number;
  perWorkloadMs: number[];
  areaMm2: number;
  feasible: boolean;
  simMs?: number;
}[] {
  const { template, base } = taskTemplate(t);
  const bpe = (base?.bytesPerElement as number | undefined) ?? 1;
  const compiled = t.targets.map((id) => compileWorkload(workloadById(t, id), bpe));
  const tot = newTotals();
  return xs.map((x) => {
    const t0 = clock?.() ?? 0;
    const design = decodeDesign(template, x, base);
    const areaMm2 = template.areaTotal(design);
    let ok = areaMm2 <= t.areaBudgetMm2;
    const per = compiled.map((cw) => {
      evaluateTotals(template, design, cw, tot);
      ok &&= tot.feasible && Number.isFinite(tot.latencyMs);
      return tot.latencyMs;
    });
    return {
      x,
      design,
      latencyMs: ok ? aggregate(per, t.aggregation) : Number.NaN,
      perWorkloadMs: per,
      areaMm2,
      feasible: ok,
      ...(clock ? { simMs: clock() - t0 } : {}),
    };
  });
}

/** Logged designs ranked by aggregate latency on `cols` (feasible on all), best first. */
function rankedLogged(data: PrimeDataset, cols: readonly string[], how: Aggregation, limit: number): Int32Array[] {
  const idx = cols.map((id) => data.workloads.indexOf(id)).filter((c) => c >= 0);
  if (idx.length === 0) return [];
  const W = data.workloads.length;
  const scored: { i: number; lat: number }[] = [];
  for (let i = 0; i < data.n; i++) {
    if (!idx.every((c) => data.feasible[i * W + c] === 1)) continue;
    scored.push({
      i,
      lat: aggregate(
        idx.map((c) => data.latencyMs[i * W + c] as number),
        how,
      ),
    });
  }
  scored.sort((a, b) => a.lat - b.lat);
  return scored.slice(0, limit).map((s) => data.codes.slice(s.i * data.dims, (s.i + 1) * data.dims));
}

/**
 * Starting designs for the search: the best logged designs on `cols` jointly; when no logged
 * design is known feasible on all of them (per-application logs, as logged.ts writes), the best of
 * each column in turn, so a joint or zero-shot search still starts from good designs.
 */
export function loggedStarts(
  data: PrimeDataset,
  cols: readonly string[],
  how: Aggregation,
  limit: number,
): Int32Array[] {
  const joint = rankedLogged(data, cols, how, limit);
  if (joint.length > 0 || cols.length < 2) return joint;
  const per = cols.map((c) => rankedLogged(data, [c], how, Math.ceil(limit / cols.length)));
  const out: Int32Array[] = [];
  for (let i = 0; out.length < limit && per.some((p) => i < p.length); i++)
    for (const p of per) if (i < p.length && out.length < limit) out.push(p[i] as Int32Array);
  return out;
}

/** Offline optimisation of a trained surrogate for the task's targets, then verification of the top k. */
export function optimizeSurrogate(
  task: PrimeTask,
  surrogate: Surrogate,
  onProposal?: (v: VerifiedDesign, i: number) => void,
  clock?: () => number,
): VerifiedDesign[] {
  const { template, base } = taskTemplate(task);
  const contexts = contextsOf(task.workloads);
  const budget = task.data.areaBudgetMm2;
  const enc = createEncoder(template, budget, surrogate.contextDims, base);
  const inData = task.targets.every((id) => task.data.workloads.includes(id));
  // Designs already simulated on every target are known: proposing them costs a simulation for nothing.
  const exclude = new Set<number>();
  if (inData) {
    const W = task.data.workloads.length;
    const cols = task.targets.map((id) => task.data.workloads.indexOf(id));
    for (let i = 0; i < task.data.n; i++) {
      if (cols.every((c) => task.data.known[i * W + c] === 1))
        exclude.add(designKey(enc.sizes, task.data.codes.subarray(i * task.data.dims, (i + 1) * task.data.dims)));
    }
  }
  const starts = loggedStarts(task.data, inData ? task.targets : surrogate.trainedOn, task.aggregation, 64);
  const proposals = proposeDesigns({
    surrogate,
    encoder: enc,
    contexts: task.targets.map((id) => contexts[id] as Float32Array),
    aggregation: task.aggregation,
    k: task.k,
    areaBudgetMm2: budget,
    starts,
    exclude,
    config: { seed: deriveSeed(task.seed, 0x6f707431), ...task.searchConfig },
  });
  const verified = verifyDesigns(
    { ...task, areaBudgetMm2: budget },
    proposals.map((p) => p.x),
    clock,
  );
  return verified.map((v, i) => {
    const p = proposals[i] as (typeof proposals)[number];
    const out: VerifiedDesign = { ...v, predictedLatencyMs: p.predictedLatencyMs, pFeasible: p.pFeasible };
    onProposal?.(out, i);
    return out;
  });
}

/** The feasible design of least latency among simulated ones (proposals, or any verified rows). */
export function bestVerified<T extends { feasible: boolean; latencyMs: number }>(vs: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const v of vs) if (v.feasible && (!best || v.latencyMs < best.latencyMs)) best = v;
  return best;
}

/** Trains the conservative surrogate on the task's data and optimises it (PRIME end to end). */
export async function runPrime(
  task: PrimeTask,
  hooks: TrainHooks & { onProposal?: (v: VerifiedDesign, i: number) => void } = {},
): Promise<PrimeResult> {
  const { template, base } = taskTemplate(task);
  const train = trainColumns(task);
  const surrogate = await trainSurrogate(
    {
      template,
      base,
      data: task.data,
      contexts: contextsOf(task.workloads),
      workloads: train,
      config: { seed: deriveSeed(task.seed, 0x74726e31), ...task.trainConfig },
    },
    hooks,
  );
  const proposals = optimizeSurrogate(task, surrogate, hooks.onProposal);
  return {
    proposals,
    best: bestVerified(proposals),
    surrogate,
    simulations: proposals.length,
    zeroShot: task.targets.some((id) => !train.includes(id)),
  };
}

/**
 * The best logged design for the targets. In the data: looked up (no simulation). Zero-shot
 * (targets not logged): the design best on the training workloads, simulated on the targets
 * (one simulation) — what transferring the logged optimum would give. With per-application logs
 * (no design known on every training workload), each training workload's best logged design is
 * simulated on the targets and the best kept (one simulation per training workload).
 */
export function bestLoggedFor(task: PrimeTask): { latencyMs: number; x?: Int32Array; simulations: number } {
  if (task.targets.every((id) => task.data.workloads.includes(id))) {
    const b = bestLogged(task.data, task.targets, task.aggregation);
    return {
      latencyMs: b.latencyMs,
      x: b.index < 0 ? undefined : task.data.codes.slice(b.index * task.data.dims, (b.index + 1) * task.data.dims),
      simulations: 0,
    };
  }
  const cols = trainColumns(task);
  const joint = rankedLogged(task.data, cols, task.aggregation, 1);
  const xs = joint.length > 0 ? joint : cols.flatMap((c) => rankedLogged(task.data, [c], task.aggregation, 1));
  if (xs.length === 0) return { latencyMs: Number.NaN, simulations: 0 };
  const best = bestVerified(verifyDesigns({ ...task, areaBudgetMm2: task.data.areaBudgetMm2 }, xs));
  return { latencyMs: best?.latencyMs ?? Number.NaN, x: best?.x ?? xs[0], simulations: xs.length };
}
