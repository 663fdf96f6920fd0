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
    expect(rep?.latencyMape).toBeGreaterThan(0);
    expect(Math.abs(rep?.kendallTau ?? 2)).toBeLessThanOrEqual(1);
    expect(rep?.feasibilityAccuracy).toBeGreaterThanOrEqual(0);
    const streamed: number[] = [];
    const o = s.optimize(
      'prime',
      { dataset: 'd', targets: ['mobilenet_v2'], k: 3, seed: 2 },
      (_, i) => void streamed.push(i),
    );
    expect(streamed).toEqual([0, 1, 2]);
    expect(o.simulations).toBe(3);
    for (const p of o.proposals) expect(p.areaMm2).toBeLessThanOrEqual(27);
    const b = await s.baselines({ dataset: 'd', targets: ['mobilenet_v2'], k: 3, seed: 2 }, ['random']);
    expect(b.online.random?.simulations).toBe(3);
    expect(b.bestLogged.latencyMs).toBe(sum.workloads[0]?.bestLatencyMs);
    expect(liveTensors()).toBe(before);
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
    expect(s.model('m').weights.w.length).toBe(2);
  });
});
