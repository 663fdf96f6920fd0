import { beforeAll, describe, expect, it } from 'vitest';
import { initPrimeBackend } from './backend';
import type { CompareProgress } from './compare';
import { PrimeSession } from './session';

beforeAll(async () => {
  await initPrimeBackend();
});

const tiny = { hidden: [12], steps: 30, batchSize: 48, negatives: 8, minePopulation: 16, progressEvery: 10, seed: 4 };

describe("PrimeSession.compare (the tab's comparison table)", () => {
  it('reuses the trained PRIME model (its row is what optimize proposes), trains naive MBO, runs k and 2k online', async () => {
    let t = 0;
    const s = new PrimeSession(undefined, () => (t += 0.5));
    s.loadDataset('logged', { kind: 'generate', workloads: ['mobilenet_v2'], count: 300, seed: 1, inAreaShare: 0.5 });
    const tr = await s.train('prime', { dataset: 'logged', validationShare: 0.2, reportPoints: 5, config: tiny });
    // The report's points are thinned to 5 for the plot; its figures use every held-out row.
    expect(tr.report[0]?.feasibleRows).toBeGreaterThan(5);
    expect(tr.report[0]?.points).toHaveLength(5);
    const req = { dataset: 'logged', targets: ['mobilenet_v2'], k: 3, seed: 2 };
    const own = s.optimize('prime', req);
    const stages: CompareProgress[] = [];
    const c = await s.compare({ ...req, trainConfig: tiny, multiples: [1, 2] }, (p) => void stages.push(p));
    expect(c.reused).toEqual(['prime']);
    expect(c.zeroShot).toBe(false);
    expect(c.rows.map((r) => `${r.method}@${r.budget}`)).toEqual([
      'prime@3',
      'naive@3',
      'naive-gated@3',
      'logged@0',
      'random@3',
      'random@6',
      'evolution@3',
      'evolution@6',
      'bo@3',
      'bo@6',
    ]);
    const prime = c.rows[0];
    expect(prime?.latencyMs).toBe(own.best?.latencyMs ?? Number.NaN);
    expect(prime?.simulations).toBe(3);
    // Simulation time is the injected clock's (0.5 ms a reading), so it is positive for every row that simulated.
    for (const r of c.rows) if (r.simulations > 0) expect(r.simMs, r.method).toBeGreaterThan(0);
    // Random search's 6-simulation run extends its 3-simulation run: never worse.
    const rnd = c.rows.filter((r) => r.method === 'random');
    if (rnd[0]?.feasible) expect(rnd[1]?.latencyMs).toBeLessThanOrEqual(rnd[0].latencyMs);
    // Stages counted up to the end, with naive MBO's training reported step by step.
    expect(stages.at(-1)?.stage).toBe('done');
    expect(stages.some((p) => p.stage === 'train naive' && p.train?.step === 30)).toBe(true);
    expect(stages.some((p) => p.stage.startsWith('train prime'))).toBe(false);
  });

  it('cancel("compare") stops it at its next stage with an AbortError', async () => {
    const s = new PrimeSession();
    s.loadDataset('logged', { kind: 'generate', workloads: ['mobilenet_v2'], count: 200, seed: 1, inAreaShare: 0.5 });
    await s.train('prime', { dataset: 'logged', config: tiny });
    const run = s.compare(
      { dataset: 'logged', targets: ['mobilenet_v2'], k: 2, seed: 1, trainConfig: tiny, multiples: [1] },
      (p) => {
        if (p.stage === 'best logged') s.cancel('compare');
      },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});
