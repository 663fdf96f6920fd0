import { beforeAll, describe, expect, it } from 'vitest';
import { initPrimeBackend, liveTensors } from './backend';
import { PrimeSession } from './session';
import type { TrainProgress } from './train';

beforeAll(async () => {
  await initPrimeBackend();
});

const tiny = { hidden: [12], steps: 40, batchSize: 48, negatives: 8, minePopulation: 16, progressEvery: 10, seed: 4 };

describe('PrimeSession (the worker API)', () => {
  it('loads data, trains with progress and a held-out report, streams k verified proposals, compares baselines', async () => {
    const s = new PrimeSession();
    const before = liveTensors();
    const sum = s.loadDataset('d', {
      kind: 'generate',
      workloads: ['mobilenet_v2'],
      count: 240,
      seed: 1,
      inAreaShare: 0.5,
    });
    expect(sum.designs).toBe(240);
    expect(sum.workloads[0]?.feasibleShare).toBeGreaterThan(0.1);
    expect(sum.workloads[0]?.feasibleShare).toBeLessThan(0.9);
    const progress: TrainProgress[] = [];
    const t = await s.train(
      'prime',
      { dataset: 'd', validationShare: 0.25, config: tiny },
      (p) => void progress.push(p),
    );
    expect(progress.map((p) => p.step)).toEqual([10, 20, 30, 40]);
    expect(progress.every((p) => Number.isFinite(p.loss) && p.validationMse !== undefined)).toBe(true);
    const rep = t.report[0];
    expect(rep?.rows).toBe(60);
    expect(rep?.points.length).toBe(rep?.feasibleRows);
    const streamed: number[] = [];
    const o = s.optimize(
      'prime',
      { dataset: 'd', targets: ['mobilenet_v2'], k: 3, seed: 2 },
      (_, i) => void streamed.push(i),
    );
    expect(streamed).toEqual([0, 1, 2]);
    expect(o.simulations).toBe(3);
    // The offline search improves on its random start: its best predicted latency is well below the best
    // of its first (random, in-budget) population, which `generations: 0` returns. Measured over seeds
    // 1–7 of this setup: 0.32–0.67 of the start's; this seed (1) gives 0.51.
    const start = s.optimize('prime', {
      dataset: 'd',
      targets: ['mobilenet_v2'],
      k: 3,
      seed: 2,
      search: { generations: 0 },
    });
    const bestPredicted = (r: typeof o) => Math.min(...r.proposals.map((p) => p.predictedLatencyMs));
    expect(bestPredicted(o)).toBeLessThan(0.8 * bestPredicted(start));
    for (const p of o.proposals) expect(p.areaMm2).toBeLessThanOrEqual(27);
    const b = await s.baselines({ dataset: 'd', targets: ['mobilenet_v2'], k: 3, seed: 2 }, ['random']);
    expect(b.online.random?.simulations).toBe(3);
    expect(b.bestLogged.latencyMs).toBe(sum.workloads[0]?.bestLatencyMs);
    expect(liveTensors()).toBe(before);
  });

  it('a trained regression ranks held-out designs (Kendall τ), fits their latency and tells feasible ones apart', async () => {
    // A plain regression (α = β = 0): the conservative terms deliberately bend predictions off the data
    // (docs/prime.md §5; 40–200 steps of PRIME gave τ between −0.25 and 0.31 here), a plain fit must rank.
    // Measured over data seeds 1–7 (400 logged designs, a quarter held out): τ 0.54–0.76, MAPE 35–54 %,
    // feasibility accuracy 0.23–0.26 above always guessing the majority class. Floors set with margin.
    const s = new PrimeSession();
    s.loadDataset('d', { kind: 'generate', workloads: ['mobilenet_v2'], count: 400, seed: 1, inAreaShare: 0.5 });
    const config = { hidden: [32, 32], steps: 200, batchSize: 64, alpha: 0, beta: 0, progressEvery: 50, seed: 1 };
    const rep = (await s.train('naive', { dataset: 'd', validationShare: 0.25, config })).report[0];
    if (!rep) throw new Error('no report');
    expect(rep.rows).toBe(100);
    expect(rep.feasibleRows).toBeGreaterThan(20);
    expect(rep.kendallTau).toBeGreaterThan(0.4);
    expect(rep.latencyMape).toBeLessThan(75);
    const feasibleShare = rep.feasibleRows / rep.rows;
    expect(rep.feasibilityAccuracy).toBeGreaterThan(Math.max(feasibleShare, 1 - feasibleShare) + 0.1);
    s.dispose();
  });

  it('cancel stops a training run at its next step and keeps the model so far', async () => {
    const s = new PrimeSession();
    s.loadDataset('d', { kind: 'generate', workloads: ['mobilenet_v2'], count: 120, seed: 1, inAreaShare: 0.5 });
    const steps: number[] = [];
    await s.train('m', { dataset: 'd', config: { ...tiny, alpha: 0, steps: 400 } }, (p) => {
      steps.push(p.step);
      if (p.step === 20) s.cancel('m');
    });
    expect(steps).toEqual([10, 20]);
    expect(s.model('m').weights?.w.length).toBe(2);
  });
});
