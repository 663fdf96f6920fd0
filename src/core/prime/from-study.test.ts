import { describe, expect, it } from 'vitest';
import { decodeDesign, EDGETPU, presetByName } from '../arch/index';
import { evaluateTotals } from '../sim/index';
import { createSimEvaluator } from '../study/sim-evaluator';
import type { StudySpec } from '../study/spec';
import { createStudyRunner, inlineExecutor } from '../study/study';
import { buildZooModel } from '../workload/zoo/index';
import { datasetFromStores, datasetPoints } from './dataset';

const WL = buildZooModel('mobilenet_v2');
const spec = (kind: 'random' | 'evolution', seed: number): StudySpec => ({
  template: 'edgetpu',
  preset: 'prime-baseline',
  workloads: [{ id: 'mobilenet_v2' }],
  objective: 'latency',
  aggregation: 'geomean',
  constraints: { areaMm2: 27 },
  optimizer: { kind },
  seed,
  budget: 60,
});

async function run(kind: 'random' | 'evolution', seed: number) {
  const s = spec(kind, seed);
  const ev = createSimEvaluator({ kind: 'study', spec: s, workloads: [WL] });
  const { runner, store } = createStudyRunner({ spec: s, sizes: ev.sizes, executor: inlineExecutor(ev.evaluate) });
  await runner.run();
  return store;
}

describe('a study as PRIME logged data', () => {
  it('concatenates every run, and each row says what the simulator says about that design', async () => {
    const stores = [await run('random', 1), await run('evolution', 2)];
    const ds = datasetFromStores(stores, { templateId: 'edgetpu', workloadId: 'mobilenet_v2', areaBudgetMm2: 27 });
    expect(ds.n).toBe(120);
    const base = presetByName('prime-baseline')?.design;
    let feasible = 0;
    for (const i of [0, 59, 60, 119]) {
      const d = decodeDesign(EDGETPU, ds.codes.subarray(i * ds.dims, (i + 1) * ds.dims), base);
      const t = evaluateTotals(EDGETPU, d, WL);
      expect(ds.areaMm2[i]).toBeCloseTo(t.areaMm2, 9);
      expect(ds.simFeasible[i]).toBe(t.feasible ? 1 : 0);
      expect(ds.feasible[i]).toBe(t.feasible && t.areaMm2 <= 27 ? 1 : 0);
      if (t.feasible) expect(ds.latencyMs[i]).toBeCloseTo(t.latencyMs, 9);
    }
    for (let i = 0; i < ds.n; i++) feasible += ds.feasible[i] as number;
    expect(feasible).toBe(stores.reduce((a, s) => a + Array.from(s.feasible()).filter(Boolean).length, 0));
  });

  it('plot points: every mapped design once, status from mapping and area, strided down to the maximum', async () => {
    const ds = datasetFromStores([await run('random', 3)], {
      templateId: 'edgetpu',
      workloadId: 'mobilenet_v2',
      areaBudgetMm2: 27,
    });
    const p = datasetPoints(ds, ['mobilenet_v2'], 'geomean');
    // Unmappable designs keep the simulator's latency estimate (as in the Exploration plot) and show as infeasible.
    const placed = Array.from(ds.latencyMs).filter((v) => Number.isFinite(v) && v > 0).length;
    expect(p.count).toBe(placed);
    expect(Array.from(p.status.subarray(0, p.count)).filter((v) => v === 1).length).toBe(
      p.count - Array.from(ds.simFeasible).filter(Boolean).length,
    );
    for (let k = 0; k < p.count; k++) {
      const i = p.row[k] as number;
      expect(p.status[k]).toBe(!ds.simFeasible[i] ? 1 : (ds.areaMm2[i] as number) > 27 ? 2 : 0);
      expect(p.latencyMs[k]).toBeCloseTo(ds.latencyMs[i] as number, 9);
    }
    expect(datasetPoints(ds, ['mobilenet_v2'], 'geomean', 10).count).toBeLessThanOrEqual(10);
    // A target the data never saw (zero-shot) has no points.
    expect(datasetPoints(ds, ['resnet50'], 'geomean').count).toBe(0);
    expect(() => datasetFromStores([], { templateId: 'edgetpu', workloadId: 'x', areaBudgetMm2: 27 })).toThrow(
      'no study results',
    );
  });
});
