import { describe, expect, it } from 'vitest';
import { EDGETPU } from '../arch/index';
import { buildZooModel } from '../workload/zoo/index';
import { designKey } from './dataset';
import { createEncoder } from './features';
import { initWeights } from './mlp';
import { contextsOf } from './run';
import { proposeDesigns } from './search';
import { type Surrogate, TRAIN_DEFAULTS } from './train';

const ctx = contextsOf([buildZooModel('mobilenet_v2')]).mobilenet_v2 as Float32Array;

function surrogate(budget: number): Surrogate {
  const enc = createEncoder(EDGETPU, budget, ctx.length);
  return {
    templateId: 'edgetpu',
    areaBudgetMm2: budget,
    contextDims: ctx.length,
    weights: initWeights([enc.width, 8, 2], 4),
    yMean: 0,
    yStd: 1,
    trainedOn: ['mobilenet_v2'],
    config: TRAIN_DEFAULTS,
  };
}

describe('offline search against the surrogate', () => {
  it('returns k distinct proposals, all within the area budget, none excluded, best first', () => {
    const budget = 20;
    const s = surrogate(budget);
    const enc = createEncoder(EDGETPU, budget, ctx.length);
    const first = proposeDesigns({
      surrogate: s,
      encoder: enc,
      contexts: [ctx],
      aggregation: 'geomean',
      k: 12,
      areaBudgetMm2: budget,
      config: { population: 32, generations: 5 },
    });
    const exclude = new Set([designKey(enc.sizes, (first[0] as { x: Int32Array }).x)]);
    const ps = proposeDesigns({
      surrogate: s,
      encoder: enc,
      contexts: [ctx],
      aggregation: 'geomean',
      k: 12,
      areaBudgetMm2: budget,
      exclude,
      config: { population: 32, generations: 5 },
    });
    expect(ps).toHaveLength(12);
    const keys = ps.map((p) => designKey(enc.sizes, p.x));
    expect(new Set(keys).size).toBe(12);
    expect(keys.some((k) => exclude.has(k))).toBe(false);
    for (const p of ps) {
      expect(enc.area(p.x)).toBeLessThanOrEqual(budget);
      expect(p.predictedLatencyMs).toBeCloseTo(Math.exp(-p.objective), 6);
    }
    for (let i = 1; i < ps.length; i++)
      expect((ps[i] as { objective: number }).objective).toBeLessThanOrEqual(
        (ps[i - 1] as { objective: number }).objective,
      );
  });
});
