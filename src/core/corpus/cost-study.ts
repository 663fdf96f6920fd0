import { EDGETPU } from '../arch/edgetpu';
import { type CompiledWorkload, compileWorkload } from '../sim/compile';
import { evaluateTotals, newTotals } from '../sim/evaluate';
import { type SpaceId, spaceNetwork, structuralHash } from '../workload/space/index';
import type { Workload } from '../workload/workload';
import { ZOO } from '../workload/zoo/index';
import { COST_FEATURE_COUNT, CostFeaturizer } from './cost-features';
import { CostModel, fitMacsBaseline, type TrainOptions } from './cost-model';
import type { CorpusClass } from './evaluate';
import { type AccuracyReport, accuracy } from './rank';

/** Networks with their cost features and simulated targets, for training or testing a cost model. */
export interface CostData {
  n: number;
  ids: string[];
  /** n × COST_FEATURE_COUNT. */
  x: Float32Array;
  /** n × 2: latency ms, energy mJ (simulated). */
  y: Float64Array;
  macs: Float64Array;
  /** Mean microseconds per network to compile + simulate (the allocation-free totals path), and to compute features (from the IR). */
  simulateUs: number;
  /** Of simulateUs, the simulation of the compiled network alone (what a second class costs). */
  totalsUs: number;
  featureUs: number;
}

/** Cost data of workloads on a class; only feasible networks are kept (an infeasible one has no latency). */
export function costData(workloads: readonly Workload[], cls: CorpusClass, now: () => number = () => 0): CostData {
  const x = new Float32Array(workloads.length * COST_FEATURE_COUNT);
  const y = new Float64Array(workloads.length * 2);
  const macs = new Float64Array(workloads.length);
  const ids: string[] = [];
  let sim = 0;
  let totals = 0;
  let feat = 0;
  let n = 0;
  const t = newTotals();
  const f = new CostFeaturizer(cls.design);
  for (const wl of workloads) {
    const t0 = now();
    const cw = compileWorkload(wl, 1);
    const tc = now();
    evaluateTotals(EDGETPU, cls.design, cw, t);
    const t1 = now();
    if (t.feasible) f.features(wl, x, n * COST_FEATURE_COUNT);
    feat += now() - t1;
    sim += t1 - t0;
    totals += t1 - tc;
    if (!t.feasible) continue;
    y[2 * n] = t.latencyMs;
    y[2 * n + 1] = t.energyMj;
    macs[n] = t.macs;
    ids.push(wl.id);
    n++;
  }
  const per = workloads.length ? 1000 / workloads.length : 0;
  return {
    n,
    ids,
    x: x.subarray(0, n * COST_FEATURE_COUNT),
    y: y.subarray(0, 2 * n),
    macs: macs.subarray(0, n),
    simulateUs: sim * per,
    totalsUs: totals * per,
    featureUs: feat * per,
  };
}

const column = (y: Float64Array, t: number) =>
  Float64Array.from({ length: y.length / 2 }, (_, i) => y[2 * i + t] as number);

export interface CostStudyOptions {
  space: SpaceId;
  seed: number;
  train: number;
  test: number;
  cls: CorpusClass;
  training?: Omit<TrainOptions, 'seed'>;
  /** Milliseconds clock for the timings (performance.now). */
  now?: () => number;
}

export interface CostStudyReport {
  classId: string;
  trainNetworks: number;
  heldOut: AccuracyReport;
  heldOutEnergy: AccuracyReport;
  /** The MACs-only regression (log latency linear in log MACs) on the same held-out networks. */
  baseline: AccuracyReport;
  zoo: AccuracyReport & { models: { id: string; simulatedMs: number; predictedMs: number }[]; infeasible: string[] };
  zooEnergy: AccuracyReport;
  /** Microseconds per network, from its IR: features + model, and compile + simulate. */
  predictUsPerNetwork: number;
  simulateUsPerNetwork: number;
  /** The simulator on an already compiled network (compile once, several classes). */
  simulateCompiledUsPerNetwork: number;
  trainSeconds: number;
  model: CostModel;
}

/**
 * The cost-model study: train on networks 0…train−1 of (space, seed), test on the next `test`
 * networks whose structure is not in the training set (held out), and zero-shot on the zoo's CNNs
 * (sequence models excluded). Reports accuracy against the simulator and the timings.
 */
export async function runCostStudy(o: CostStudyOptions): Promise<CostStudyReport> {
  const now = o.now ?? (() => 0);
  const seen = new Set<string>();
  const trainNets: Workload[] = [];
  for (let i = 0; i < o.train; i++) {
    const wl = spaceNetwork(o.space, o.seed, i).workload;
    seen.add(structuralHash(wl.layers));
    trainNets.push(wl);
  }
  const testNets: Workload[] = [];
  for (let i = o.train; testNets.length < o.test && i < o.train + 4 * o.test + 16; i++) {
    const wl = spaceNetwork(o.space, o.seed, i).workload;
    if (!seen.has(structuralHash(wl.layers))) testNets.push(wl);
  }
  const tr = costData(trainNets, o.cls);
  const te = costData(testNets, o.cls);
  const t0 = now();
  const model = await CostModel.train(
    tr.x,
    tr.y,
    tr.n,
    { classId: o.cls.id, design: o.cls.design, trainedOn: { space: o.space, seed: o.seed, networks: o.train } },
    { seed: o.seed, ...o.training },
  );
  const trainSeconds = (now() - t0) / 1000;
  // Timings from the IR over the held-out set: features + model, against compile + simulate and
  // simulate alone. The machine may be shared and a page's clock is coarse (0.1 ms without cross-
  // origin isolation), so each side is timed in chunks of ~1 ms (50 networks predicted, 5
  // simulated), each chunk's best of 20 passes kept and the bests summed: a preempted pass loses
  // only its chunk, both sides are exposed alike, and the clock's step is ~10 % of either's chunk.
  const xs = new Float32Array(Math.min(50, testNets.length) * COST_FEATURE_COUNT);
  const t = newTotals();
  const per = testNets.length ? 1000 / testNets.length : Number.NaN;
  const compiled = testNets.map((wl) => compileWorkload(wl, 1));
  const featurizer = new CostFeaturizer(o.cls.design);
  const timed = (chunk: number, body: (lo: number, hi: number) => void): number => {
    let total = 0;
    for (let lo = 0; lo < testNets.length; lo += chunk) {
      const hi = Math.min(testNets.length, lo + chunk);
      let best = Number.POSITIVE_INFINITY;
      for (let rep = 0; rep < 20; rep++) {
        const t0 = now();
        body(lo, hi);
        best = Math.min(best, now() - t0);
      }
      total += best;
    }
    return total * per;
  };
  const predictUs = timed(50, (lo, hi) => {
    for (let i = lo; i < hi; i++) featurizer.features(testNets[i] as Workload, xs, (i - lo) * COST_FEATURE_COUNT);
    model.predict(xs, hi - lo);
  });
  const simulateUs = timed(5, (lo, hi) => {
    for (let i = lo; i < hi; i++) evaluateTotals(EDGETPU, o.cls.design, compileWorkload(testNets[i] as Workload, 1), t);
  });
  const compiledUs = timed(50, (lo, hi) => {
    for (let i = lo; i < hi; i++) evaluateTotals(EDGETPU, o.cls.design, compiled[i] as CompiledWorkload, t);
  });
  const p = model.predict(te.x, te.n);
  const base = fitMacsBaseline(tr.macs, column(tr.y, 0));
  const zooNets = ZOO.filter((z) => !z.id.startsWith('lstm')).map((z) => z.build());
  const zd = costData(zooNets, o.cls);
  const zp = model.predict(zd.x, zd.n);
  const zLat = column(zd.y, 0);
  return {
    classId: o.cls.id,
    trainNetworks: tr.n,
    heldOut: accuracy(p.latencyMs, column(te.y, 0)),
    heldOutEnergy: accuracy(p.energyMj, column(te.y, 1)),
    baseline: accuracy(Array.from(te.macs, base), column(te.y, 0)),
    zoo: {
      ...accuracy(zp.latencyMs, zLat),
      models: zd.ids.map((id, i) => ({ id, simulatedMs: zLat[i] as number, predictedMs: zp.latencyMs[i] as number })),
      infeasible: zooNets.map((w) => w.id).filter((id) => !zd.ids.includes(id)),
    },
    zooEnergy: accuracy(zp.energyMj, column(zd.y, 1)),
    predictUsPerNetwork: predictUs,
    simulateUsPerNetwork: simulateUs,
    simulateCompiledUsPerNetwork: compiledUs,
    trainSeconds,
    model,
  };
}
