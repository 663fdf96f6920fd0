import { beforeAll, describe, expect, it } from 'vitest';
import { EDGETPU } from '../arch/index';
import { buildZooModel } from '../workload/zoo/index';
import { initPrimeBackend } from './backend';
import { type CompareProgress, type CompareTask, type Comparison, compareTask } from './compare';
import { bestLogged, generateDataset, type PrimeDataset } from './dataset';
import { generateLogged } from './logged';
import { bestLoggedFor, loggedStarts, verifyDesigns } from './run';
import type { TrainConfig } from './train';

// A tiny task on the real simulator: 300 logged MobileNetV2 designs (half drawn inside 27 mm²),
// a small MLP trained for 40 steps on the cpu backend, k = 2 new simulations (online: 2, 20, 200).
const MNV2 = buildZooModel('mobilenet_v2');
const MNV3 = buildZooModel('mobilenet_v3_large');
const TINY: Partial<TrainConfig> = {
  hidden: [12],
  steps: 40,
  batchSize: 48,
  negatives: 8,
  minePopulation: 16,
  progressEvery: 10,
};
const SEARCH = { population: 48, generations: 8 };
let data: PrimeDataset;
let task: CompareTask;
let c: Comparison;
const progress: CompareProgress[] = [];
const inf = (v: number) => (Number.isFinite(v) ? v : Number.POSITIVE_INFINITY);

beforeAll(async () => {
  await initPrimeBackend();
  data = generateDataset({
    template: EDGETPU,
    workloads: [MNV2],
    count: 300,
    seed: 3,
    areaBudgetMm2: 27,
    inAreaShare: 0.5,
  });
  task = {
    templateId: 'edgetpu',
    data,
    workloads: [MNV2, MNV3],
    train: ['mobilenet_v2'],
    targets: ['mobilenet_v2'],
    aggregation: 'geomean',
    k: 2,
    seed: 7,
    trainConfig: TINY,
    searchConfig: SEARCH,
    // BO's 200-simulation run costs ~10 s of GP fitting; it gets its own small case below.
    online: ['random', 'evolution'],
  };
  c = await compareTask(task, { onProgress: (p) => void progress.push(p), clock: () => performance.now() });
}, 60_000);

describe('compareTask (issue 15 item 4: one task, every method)', () => {
  it('has a row per method and budget, each spending what it says', () => {
    const ids = c.rows.map((r) => `${r.method}@${r.budget}`);
    expect(ids).toEqual([
      'prime@2',
      'naive@2',
      'naive-gated@2',
      'logged@0',
      'random@2',
      'random@20',
      'random@200',
      'evolution@2',
      'evolution@20',
      'evolution@200',
    ]);
    for (const r of c.rows) {
      expect(r.feasible).toBe(Number.isFinite(r.latencyMs));
      if (r.method === 'logged') expect(r.simulations).toBe(0);
      else expect(r.simulations).toBe(r.budget);
      if (r.feasibleProposals !== undefined) expect(r.feasibleProposals).toBeLessThanOrEqual(r.budget);
      if (r.simulations > 0 && r.method !== 'logged') expect(r.simMs).toBeGreaterThan(0);
    }
    expect(c.zeroShot).toBe(false);
    // Progress: stages in order, ending with all done; training reports every 10 steps of 40.
    expect(progress.at(-1)).toMatchObject({ stage: 'done', done: 12, total: 12 });
    expect(progress.filter((p) => p.stage === 'train prime' && p.train).map((p) => p.train?.step)).toEqual([
      10, 20, 30, 40,
    ]);
  });

  it('the best logged design is the best feasible logged row, with no new simulation', () => {
    const logged = c.rows.find((r) => r.method === 'logged');
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < data.n; i++) if (data.feasible[i] === 1) best = Math.min(best, data.latencyMs[i] as number);
    expect(logged?.latencyMs).toBe(best);
    for (let i = 0; i < data.n; i++)
      if (data.feasible[i] === 1) expect(logged?.latencyMs).toBeLessThanOrEqual(data.latencyMs[i] as number);
  });

  it("random search's larger budgets extend the smaller ones (same seed stream), so its best never worsens", () => {
    const r = c.rows.filter((x) => x.method === 'random').map((x) => inf(x.latencyMs));
    expect(r[1]).toBeLessThanOrEqual(r[0] as number);
    expect(r[2]).toBeLessThanOrEqual(r[1] as number);
    // 200 random in-budget designs on MobileNetV2 find a feasible one.
    expect(Number.isFinite(r[2])).toBe(true);
  });

  it('the simulation saving is read off the online traces consistently', () => {
    const prime = c.rows[0];
    if (!prime?.feasible) {
      expect(c.savings).toBeUndefined();
      return;
    }
    const s = c.savings;
    expect(s?.targetMs).toBe(prime.latencyMs);
    expect(s?.searched).toBe(200);
    const online = c.rows.filter((r) => ['random', 'evolution'].includes(r.method));
    if (s?.matched) {
      expect(s.savedShare).toBeCloseTo(1 - 2 / s.matched.simulations, 12);
      // The matching run reached PRIME's latency within its budget.
      const run = online.find((r) => r.method === s.matched?.kind && r.budget === s.matched?.budget);
      expect(run?.latencyMs).toBeLessThanOrEqual(prime.latencyMs);
      expect(s.matched.simulations).toBeLessThanOrEqual(s.matched.budget);
    } else {
      expect(s?.lowerBound).toBe(true);
      expect(s?.savedShare).toBeCloseTo(1 - 2 / 200, 12);
      for (const r of online) expect(inf(r.latencyMs)).toBeGreaterThan(prime.latencyMs);
    }
  });

  it('is deterministic per seed (reusing the trained models)', async () => {
    const again = await compareTask({ ...task, surrogates: c.surrogates });
    expect(again.rows.map((r) => [r.method, r.budget, r.latencyMs])).toEqual(
      c.rows.map((r) => [r.method, r.budget, r.latencyMs]),
    );
  });

  it('zero-shot: a held-out target is designed for, and the logged optimum is transferred at one simulation', async () => {
    const z = await compareTask(
      { ...task, targets: ['mobilenet_v3_large'], surrogates: c.surrogates, online: ['random'], multiples: [1] },
      { clock: () => performance.now() },
    );
    expect(z.zeroShot).toBe(true);
    expect(z.rows.map((r) => r.method)).toEqual(['prime', 'naive', 'naive-gated', 'logged', 'random']);
    expect(z.rows.find((r) => r.method === 'logged')?.simulations).toBe(1);
  });

  it('runs BO at k and 10·k with the simulations it is given', async () => {
    const b = await compareTask({ ...task, surrogates: c.surrogates, online: ['bo'], multiples: [1, 10] });
    const bo = b.rows.filter((r) => r.method === 'bo');
    expect(bo.map((r) => [r.budget, r.simulations])).toEqual([
      [2, 2],
      [20, 20],
    ]);
  });

  it('cancels: an aborted signal rejects with AbortError, before training or in the online runs', async () => {
    await expect(compareTask(task, { signal: { aborted: true } })).rejects.toMatchObject({ name: 'AbortError' });
    const signal = { aborted: false };
    const stages: string[] = [];
    const run = compareTask(
      { ...task, surrogates: c.surrogates },
      {
        signal,
        onProgress: (p) => {
          stages.push(p.stage);
          if (p.stage.startsWith('evolution')) signal.aborted = true;
        },
      },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(stages.at(-1)).toBe('evolution × 2');
  });

  it('names the bad field', async () => {
    await expect(compareTask({ ...task, k: 0 })).rejects.toThrow(/k must be a positive integer/);
    await expect(compareTask({ ...task, multiples: [1, 0.5] })).rejects.toThrow(/multiples/);
  });
});

describe('per-application logs (each design logged for one application, as logged.ts writes them)', () => {
  it('joint and zero-shot baselines and search starts use each application’s best logged design', async () => {
    const R18 = buildZooModel('resnet18');
    const logs = await generateLogged({
      template: EDGETPU,
      workloads: [MNV2, R18],
      rowsPerApplication: 150,
      seed: 2,
      areaBudgetMm2: 27,
      schedule: [{ source: 'designs', areaLimitMm2: 27, length: 150 }],
    });
    const base = {
      templateId: 'edgetpu',
      data: logs,
      workloads: [MNV2, R18, MNV3],
      aggregation: 'geomean' as const,
      k: 2,
      seed: 1,
    };
    const per = ['mobilenet_v2', 'resnet18'].map((id) => bestLogged(logs, [id], 'geomean'));
    expect(per.every((b) => b.index >= 0)).toBe(true);
    expect(bestLogged(logs, ['mobilenet_v2', 'resnet18'], 'geomean').index).toBe(-1);
    // Zero-shot: both applications' best designs are simulated on the held-out target; the better is kept.
    const z = bestLoggedFor({ ...base, targets: ['mobilenet_v3_large'] });
    expect(z.simulations).toBe(2);
    const xs = per.map((b) => logs.codes.slice(b.index * logs.dims, (b.index + 1) * logs.dims));
    const sims = verifyDesigns({ ...base, targets: ['mobilenet_v3_large'], areaBudgetMm2: 27 }, xs);
    expect(z.latencyMs).toBe(Math.min(...sims.filter((v) => v.feasible).map((v) => v.latencyMs)));
    // Search starts alternate between the applications' rankings, best first.
    const starts = loggedStarts(logs, ['mobilenet_v2', 'resnet18'], 'geomean', 4);
    expect(starts.length).toBe(4);
    expect(Array.from(starts[0] as Int32Array)).toEqual(Array.from(xs[0] as Int32Array));
    expect(Array.from(starts[1] as Int32Array)).toEqual(Array.from(xs[1] as Int32Array));
  });
});
