import { beforeAll, describe, expect, it } from 'vitest';
import { EDGETPU } from '../arch/index';
import { buildZooModel } from '../workload/zoo/index';
import { initPrimeBackend, liveTensors } from './backend';
import { generateDataset, type PrimeDataset } from './dataset';
import { createEncoder } from './features';
import { contextsOf, runPrime } from './run';
import { proposeDesigns } from './search';
import { predictSurrogate } from './surrogate-model';
import { encodeRows, type Surrogate, type TrainConfig, trainSurrogate } from './train';

// Small data and a tiny network keep each training around a second on the pure-JS backend.
const WL = buildZooModel('mobilenet_v2');
const CONTEXTS = contextsOf([WL]);
const SMALL: Partial<TrainConfig> = {
  hidden: [16, 16],
  steps: 120,
  batchSize: 64,
  negatives: 16,
  minePopulation: 24,
  mineEvery: 5,
  mineSteps: 1,
  gamma: 0,
  progressEvery: 20,
};
let data: PrimeDataset;

beforeAll(async () => {
  await initPrimeBackend();
  // Half the designs drawn inside the 27 mm² budget so the small set has ~100 feasible rows.
  data = generateDataset({
    template: EDGETPU,
    workloads: [WL],
    count: 400,
    seed: 5,
    areaBudgetMm2: 27,
    inAreaShare: 0.5,
  });
});

const train = (config: Partial<TrainConfig>) =>
  trainSurrogate({ template: EDGETPU, data, contexts: CONTEXTS, config: { ...SMALL, seed: 3, ...config } });

/** Mean model score of encoded rows. */
function meanScore(s: Surrogate, x: Float32Array, n: number): number {
  const out = predictSurrogate(s, x, n);
  let sum = 0;
  for (let r = 0; r < n; r++) sum += out[r * 2] as number;
  return sum / n;
}

describe('PRIME conservative training', () => {
  it('the mined-negative term (α) lowers scores off the data, relative to the logged feasible designs', async () => {
    const naive = await train({ alpha: 0, beta: 0 });
    const cons = await train({ alpha: 1, beta: 0 });
    const enc = createEncoder(EDGETPU, 27, naive.contextDims);
    // Negatives: what optimising each model proposes (the designs PRIME penalises), pooled.
    const top = (s: Surrogate) =>
      proposeDesigns({
        surrogate: s,
        encoder: enc,
        contexts: [CONTEXTS.mobilenet_v2 as Float32Array],
        aggregation: 'geomean',
        k: 16,
        areaBudgetMm2: 27,
        config: { population: 64, generations: 10 },
      });
    const negs = [...top(naive), ...top(cons)].map((p) => p.x);
    const xNeg = new Float32Array(negs.length * enc.width);
    negs.forEach((x, r) => {
      enc.encode(x, CONTEXTS.mobilenet_v2 as Float32Array, xNeg, r * enc.width);
    });
    const rows = encodeRows(enc, data, CONTEXTS, ['mobilenet_v2']).feasible;
    const gap = (s: Surrogate) => meanScore(s, xNeg, negs.length) - meanScore(s, rows.x, rows.n);
    expect(gap(cons)).toBeLessThan(gap(naive) - 0.25);
  });

  it('the infeasible term (β) lowers scores of logged infeasible designs, also those within the area budget', async () => {
    const naive = await train({ alpha: 0, beta: 0 });
    const cons = await train({ alpha: 0, beta: 1 });
    const enc = createEncoder(EDGETPU, 27, naive.contextDims);
    const rows = encodeRows(enc, data, CONTEXTS, ['mobilenet_v2']);
    const gap = (s: Surrogate) =>
      meanScore(s, rows.infeasible.x, rows.infeasible.n) - meanScore(s, rows.feasible.x, rows.feasible.n);
    expect(gap(cons)).toBeLessThan(gap(naive) - 0.5);
    // Designs that fit the budget but do not compile: the penalty is not just "large area is bad".
    const inBudget: number[] = [];
    for (let i = 0; i < data.n; i++) if (!data.feasible[i] && (data.areaMm2[i] as number) <= 27) inBudget.push(i);
    expect(inBudget.length).toBeGreaterThan(10);
    const x = new Float32Array(inBudget.length * enc.width);
    inBudget.forEach((i, r) => {
      enc.encode(data.codes.subarray(i * 10, i * 10 + 10), CONTEXTS.mobilenet_v2 as Float32Array, x, r * enc.width);
    });
    const gapIn = (s: Surrogate) => meanScore(s, x, inBudget.length) - meanScore(s, rows.feasible.x, rows.feasible.n);
    expect(gapIn(cons)).toBeLessThan(gapIn(naive));
  });

  it('the hinge form of the infeasible term puts infeasible designs below the worst feasible one, near its floor', async () => {
    const naive = await train({ alpha: 0, beta: 0 });
    const hinge = await train({ alpha: 0, beta: 1, infeasibleLoss: 'hinge', infeasibleMargin: 1 });
    const enc = createEncoder(EDGETPU, 27, naive.contextDims);
    const rows = encodeRows(enc, data, CONTEXTS, ['mobilenet_v2']);
    const gap = (s: Surrogate) =>
      meanScore(s, rows.infeasible.x, rows.infeasible.n) - meanScore(s, rows.feasible.x, rows.feasible.n);
    expect(gap(hinge)).toBeLessThan(gap(naive) - 0.5);
    // Bounded: the infeasible scores settle near the floor (worst feasible − 1σ) instead of running off.
    let yMin = Number.POSITIVE_INFINITY;
    for (let i = 0; i < rows.feasible.n; i++) yMin = Math.min(yMin, rows.feasible.y[i] as number);
    const infMean = meanScore(hinge, rows.infeasible.x, rows.infeasible.n);
    expect(infMean).toBeLessThan(yMin);
    expect(infMean).toBeGreaterThan(yMin - 4);
  });

  it('with a conservatism target τ, α adapts by dual ascent: it grows while the mined gap exceeds τ', async () => {
    const seen: { gap: number; alpha: number }[] = [];
    await trainSurrogate(
      {
        template: EDGETPU,
        data,
        contexts: CONTEXTS,
        config: { ...SMALL, seed: 3, alpha: 0.01, beta: 0, conservatism: -5, alphaRate: 0.05, progressEvery: 10 },
      },
      { onProgress: (p) => void seen.push({ gap: p.negativeGap, alpha: p.alpha }) },
    );
    // τ = −5 is unreachable (negatives 5σ below the data): every step raises α by rate·(gap − τ) > 0.
    expect(seen.length).toBeGreaterThan(5);
    for (let i = 1; i < seen.length; i++) expect(seen[i]?.alpha).toBeGreaterThan(seen[i - 1]?.alpha as number);
    const fixed: number[] = [];
    await trainSurrogate(
      {
        template: EDGETPU,
        data,
        contexts: CONTEXTS,
        config: { ...SMALL, seed: 3, alpha: 0.01, beta: 0, progressEvery: 10 },
      },
      { onProgress: (p) => void fixed.push(p.alpha) },
    );
    expect(new Set(fixed)).toEqual(new Set([0.01]));
  });

  it('train + optimise is deterministic per seed and leaves no tensor behind', async () => {
    const task = {
      templateId: 'edgetpu',
      data,
      workloads: [WL],
      targets: ['mobilenet_v2'],
      aggregation: 'geomean' as const,
      k: 4,
      trainConfig: { ...SMALL, steps: 40, gamma: 0.5 },
      searchConfig: { population: 48, generations: 6 },
    };
    const before = liveTensors();
    let peak = 0;
    const a = await runPrime(
      { ...task, seed: 9 },
      {
        onProgress: () => {
          peak = Math.max(peak, liveTensors());
        },
      },
    );
    expect(liveTensors()).toBe(before);
    // Training did hold tensors (variables, Adam's moments): the check above can fail.
    expect(peak).toBeGreaterThan(before);
    const b = await runPrime({ ...task, seed: 9 });
    const c = await runPrime({ ...task, seed: 10 });
    expect(liveTensors()).toBe(before);
    expect(Array.from(b.surrogate.weights?.w[0] as Float32Array)).toEqual(
      Array.from(a.surrogate.weights?.w[0] as Float32Array),
    );
    expect(b.proposals.map((p) => Array.from(p.x))).toEqual(a.proposals.map((p) => Array.from(p.x)));
    expect(b.proposals.map((p) => p.latencyMs)).toEqual(a.proposals.map((p) => p.latencyMs));
    expect(Array.from(c.surrogate.weights?.w[0] as Float32Array)).not.toEqual(
      Array.from(a.surrogate.weights?.w[0] as Float32Array),
    );
    expect(a.proposals).toHaveLength(4);
  });
});
