import { decodeDesign } from '../arch/design';
import { createOptimizer } from '../opt/index';
import type { Observation, OptimizerKind, OptimizerSpec } from '../opt/optimizer';
import { deriveSeed, Rng } from '../opt/rng';
import { constraintVector, objectiveVector } from '../study/metrics';
import { createSimEvaluator, studyTemplate } from '../study/sim-evaluator';
import type { StudySpec } from '../study/spec';
import { bestRow, createStudyRunner, inlineExecutor } from '../study/study';
import type { Workload } from '../workload/workload';
import type { Aggregation } from './dataset';

/** The simulator-driven baselines PRIME is compared with, at the same number of new simulations. */
export const ONLINE_KINDS = ['random', 'evolution', 'bo'] as const;
export type OnlineKind = (typeof ONLINE_KINDS)[number];

export interface OnlineTask {
  templateId: string;
  preset?: string;
  targets: Workload[];
  aggregation: Aggregation;
  areaBudgetMm2: number;
  /** Simulations (designs, each simulated on every target). */
  budget: number;
  seed: number;
  /**
   * Reject designs over the area budget before simulating them, at no cost: area is an
   * analytical function of the design, which PRIME's search uses too, so this is the fair
   * comparison at equal simulations (default true). False: the study runner as `optimize` runs
   * it, where an over-budget design costs a simulation.
   */
  areaAware?: boolean;
  /** Designs asked per ask/tell round (default: random 16; evolution 2; BO 2 up to 128 simulations, else budget/16 — its GP fits and kriging-believer batches cost ~0.1–1 s a round, so its 10·k and 100·k runs tell in ~16 rounds). */
  batch?: number;
  /** Milliseconds clock (performance.now) timing each simulation into `simMs` / `elapsedMs`; none: no timing (0). */
  clock?: () => number;
  /** Checked every round; when aborted the run throws an Error named 'AbortError'. */
  signal?: { readonly aborted: boolean };
}

/**
 * Optimizer settings for a budget of `budget` simulations. The engine's defaults are tuned for
 * ~1000 evaluations (evolution's first population of 32 and BO's 16 initial designs are random);
 * with a few dozen simulations those would make every method random search, so the random phase
 * is scaled to a quarter of the budget (at least 4 designs).
 */
export function onlineSpec(kind: OptimizerKind, budget: number): OptimizerSpec {
  const warm = Math.min(32, Math.max(4, Math.round(budget / 4)));
  switch (kind) {
    case 'evolution':
      return { kind, settings: { population: Math.min(32, warm), tournament: Math.max(2, Math.min(8, warm >> 1)) } };
    case 'bo':
      return { kind, settings: { initial: Math.min(16, warm) } };
    default:
      return { kind: kind as 'random' };
  }
}

export interface OnlineResult {
  kind: OptimizerKind;
  /** Best feasible aggregate latency found (ms), NaN when no feasible design was found. */
  latencyMs: number;
  /** Best design's index vector (none without a feasible design). */
  x?: Int32Array;
  simulations: number;
  /** Area-aware runs: best feasible latency after each simulation (+∞ until one is feasible), length `simulations`. */
  bestSoFar?: Float64Array;
  /** Area-aware runs with a clock: cumulative wall time of the simulations (ms) after each one. */
  elapsedMs?: Float64Array;
  /** Wall time of the simulator calls (ms; 0 without a clock). */
  simMs: number;
}

export function abortError(): Error {
  const e = new Error('cancelled');
  e.name = 'AbortError';
  return e;
}

/** Asks before giving up on finding `budget` designs inside the area budget. */
const MAX_ASKS_PER_SIMULATION = 500;

/**
 * Runs one of the engine's optimizers (ask/tell) for `budget` simulations. Area-aware (default):
 * designs over the area budget are told back as infeasible (objective +∞, their area constraint
 * value log(area / budget) > 0) without a simulation, as the study runner would after simulating
 * them; only designs within budget are simulated and counted.
 */
export async function runOnline(kind: OptimizerKind, t: OnlineTask): Promise<OnlineResult> {
  if (t.areaAware === false) return runStudy(kind, t);
  const spec: StudySpec = studySpec(kind, t);
  const ev = createSimEvaluator({ kind: 'study', spec, workloads: t.targets });
  const { template, base } = studyTemplate(spec);
  const opt = createOptimizer(spec.optimizer, {
    space: { sizes: ev.sizes },
    rng: new Rng(deriveSeed(t.seed, 0)),
    objectives: 1,
  });
  const batch = t.batch ?? (kind === 'random' ? 16 : kind === 'bo' && t.budget > 128 ? Math.ceil(t.budget / 16) : 2);
  const bestSoFar = new Float64Array(t.budget);
  const elapsedMs = new Float64Array(t.budget);
  let simMs = 0;
  let sims = 0;
  let best = Number.POSITIVE_INFINITY;
  let bestX: Int32Array | undefined;
  for (let asks = 0; sims < t.budget && asks < t.budget * MAX_ASKS_PER_SIMULATION; asks += batch) {
    if (t.signal?.aborted) throw abortError();
    const xs = opt.ask(batch);
    const obs: Observation[] = [];
    for (const x of xs) {
      const area = template.areaTotal(decodeDesign(template, x, base));
      if (area > t.areaBudgetMm2) {
        obs.push({
          x,
          f: [Number.POSITIVE_INFINITY],
          feasible: false,
          violation: area / t.areaBudgetMm2 - 1,
          constraints: [Math.log(area / t.areaBudgetMm2)],
          failed: false,
        });
        continue;
      }
      if (sims >= t.budget) break;
      const t0 = t.clock?.() ?? 0;
      const c = ev.evaluate(x, 1);
      simMs += (t.clock?.() ?? 0) - t0;
      const feasible = c.feasible[0] === 1;
      obs.push({
        x,
        f: objectiveVector('latency', c, 0),
        feasible,
        violation: c.metrics.violation[0] as number,
        constraints: constraintVector(spec.constraints, c, 0),
        failed: c.metrics.simFeasible[0] === 0,
      });
      const lat = c.metrics.latencyMs[0] as number;
      if (feasible && lat < best) {
        best = lat;
        bestX = Int32Array.from(x);
      }
      bestSoFar[sims] = best;
      elapsedMs[sims] = simMs;
      sims++;
    }
    opt.tell(obs);
  }
  return {
    kind,
    latencyMs: Number.isFinite(best) ? best : Number.NaN,
    x: bestX,
    simulations: sims,
    bestSoFar: bestSoFar.slice(0, sims),
    elapsedMs: elapsedMs.slice(0, sims),
    simMs,
  };
}

function studySpec(kind: OptimizerKind, t: OnlineTask, small = false): StudySpec {
  return {
    template: t.templateId,
    preset: t.preset,
    workloads: t.targets.map((w) => ({ id: w.id })),
    objective: 'latency',
    aggregation: t.aggregation,
    constraints: { areaMm2: t.areaBudgetMm2 },
    optimizer: onlineSpec(kind, t.budget),
    seed: t.seed,
    budget: t.budget,
    // Tiny budgets: tell every few designs so evolution and BO can react within the budget.
    ...(small ? { batchSize: kind === 'random' ? t.budget : 2, pipelineDepth: 1 } : {}),
  };
}

/** The study runner as the `optimize` CLI drives it (over-budget designs cost a simulation). */
async function runStudy(kind: OptimizerKind, t: OnlineTask): Promise<OnlineResult> {
  const spec = studySpec(kind, t, t.budget <= 64);
  const ev = createSimEvaluator({ kind: 'study', spec, workloads: t.targets });
  const { runner, store } = createStudyRunner({ spec, sizes: ev.sizes, executor: inlineExecutor(ev.evaluate) });
  await runner.run();
  const best = bestRow(store);
  return {
    kind,
    latencyMs: best < 0 ? Number.NaN : (store.metric('latencyMs')[best] as number),
    x: best < 0 ? undefined : Int32Array.from(store.codesAt(best)),
    simulations: store.length,
    simMs: 0,
  };
}
