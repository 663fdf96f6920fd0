import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initPrimeBackend, liveTensors } from '../prime/backend';
import { spaceNetwork } from '../workload/space/index';
import { createCorpusApi } from './corpus-api';
import { COST_FEATURE_COUNT, COST_FEATURES, costFeatures } from './cost-features';
import { CostModel, fitMacsBaseline } from './cost-model';
import { costData } from './cost-study';
import { classDesigns } from './evaluate';
import { accuracy } from './rank';

const cls = classDesigns(['v2'])[0] as { id: string; design: Record<string, number> };
const nets = (lo: number, n: number) =>
  Array.from({ length: n }, (_, i) => spaceNetwork('edgetpu-nas', 11, lo + i).workload);
const latency = (y: Float64Array) => Float64Array.from({ length: y.length / 2 }, (_, i) => y[2 * i] as number);

describe('learned cost model', () => {
  let model: CostModel;
  const train = costData(nets(0, 240), cls);
  const test = costData(nets(240, 80), cls);

  beforeAll(async () => {
    await initPrimeBackend();
    const before = liveTensors();
    model = await CostModel.train(
      train.x,
      train.y,
      train.n,
      { classId: 'v2', design: cls.design },
      { seed: 3, epochs: 40, batchSize: 48 },
    );
    // Variables and the Adam optimizer's slots are disposed: nothing is left in tfjs.
    expect(liveTensors()).toBe(before);
  });

  it('features are finite and the same for the same network and design', () => {
    const wl = spaceNetwork('edgetpu-nas', 11, 3).workload;
    const a = costFeatures(wl, cls.design);
    expect(a).toHaveLength(COST_FEATURES.length);
    expect(Array.from(a).every(Number.isFinite)).toBe(true);
    expect(costFeatures(wl, cls.design)).toEqual(a);
    expect(costFeatures(wl, { ...cls.design, peMemory: 65536 })).not.toEqual(a);
  });

  it('beats the MACs-only regression on held-out networks (latency)', () => {
    const truth = latency(test.y);
    const m = accuracy(model.predict(test.x, test.n).latencyMs, truth);
    const base = fitMacsBaseline(train.macs, latency(train.y));
    const b = accuracy(Array.from(test.macs, base), truth);
    expect(m.mape).toBeLessThan(b.mape);
    expect(m.within10).toBeGreaterThan(b.within10);
    expect(m.kendall).toBeGreaterThan(b.kendall);
  });

  it('the plain-JS forward pass gives the tfjs model’s predictions (float32 matMul) within 1e-5', () => {
    const j = model.toJSON();
    const F = COST_FEATURE_COUNT;
    // The same network the tfjs way: standardise, dense layers with ReLU between, de-standardise, add the anchors.
    const out = tf.tidy(() => {
      const mean = tf.tensor1d(j.xMean);
      const std = tf.tensor1d(j.xStd);
      let h = tf.div(tf.sub(tf.tensor2d(test.x, [test.n, F]), mean), std) as tf.Tensor2D;
      for (let l = 0; l < j.w.length; l++) {
        const W = tf.tensor2d(j.w[l] as number[], [j.sizes[l] as number, j.sizes[l + 1] as number]);
        h = tf.add(tf.matMul(h, W), tf.tensor1d(j.b[l] as number[])) as tf.Tensor2D;
        if (l + 1 < j.w.length) h = tf.relu(h);
      }
      return h.dataSync();
    });
    // Rows in blocks of four, with a ragged last block (test.n = 80 minus infeasible ones): every row is checked.
    for (const n of [test.n, test.n - 1, 3]) {
      const p = model.predict(test.x, n);
      for (let i = 0; i < n; i++) {
        const lat = Math.exp((out[2 * i] as number) * j.yStd[0] + j.yMean[0] + (test.x[i * F + F - 2] as number));
        const en = Math.exp((out[2 * i + 1] as number) * j.yStd[1] + j.yMean[1] + (test.x[i * F + F - 1] as number));
        expect(Math.abs((p.latencyMs[i] as number) / lat - 1)).toBeLessThan(1e-5);
        expect(Math.abs((p.energyMj[i] as number) / en - 1)).toBeLessThan(1e-5);
      }
    }
  });

  it('exports to JSON and imports to the same predictions; a bad export names its field', () => {
    const back = CostModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(back.predict(test.x, test.n)).toEqual(model.predict(test.x, test.n));
    const j = model.toJSON();
    expect(() => CostModel.fromJSON({ ...j, format: 'x' })).toThrow(/format/);
    expect(() => CostModel.fromJSON({ ...j, xStd: [1, 2] })).toThrow(/xStd/);
    expect(() => CostModel.fromJSON({ ...j, w: j.w.slice(1) })).toThrow(/^cost model w/);
    expect(() => CostModel.fromJSON({ ...j, features: ['a'] })).toThrow(/features/);
    expect(() => CostModel.fromJSON(null)).toThrow(/not an object/);
    expect(j.sizes[0]).toBe(COST_FEATURE_COUNT);
  });
});

describe('corpus worker API with cost models (the fast evaluator)', () => {
  it('predict gives the model on the space networks; models must match the classes', async () => {
    await initPrimeBackend();
    const tr = costData(nets(0, 60), cls);
    const m = await CostModel.train(tr.x, tr.y, tr.n, { classId: 'v2', design: cls.design }, { seed: 1, epochs: 3 });
    const api = createCorpusApi();
    api.init({ space: 'edgetpu-nas', seed: 11, classes: [cls] });
    expect(() => api.predict(Int32Array.from([1]), 1)).toThrow(/load cost models first/);
    expect(() => api.loadModels([{ ...m.toJSON(), classId: 'v1' }])).toThrow(/expected one per class v2, got v1/);
    api.loadModels([m.toJSON()]);
    const p = api.predict(Int32Array.from([4, 9]), 2);
    const x = new Float32Array(2 * COST_FEATURE_COUNT);
    costFeatures(spaceNetwork('edgetpu-nas', 11, 4).workload, cls.design, x, 0);
    costFeatures(spaceNetwork('edgetpu-nas', 11, 9).workload, cls.design, x, COST_FEATURE_COUNT);
    expect(Array.from(p.latencyMs)).toEqual(Array.from(m.predict(x, 2).latencyMs));
    expect(Array.from(p.index)).toEqual([4, 9]);
  });
});

describe('accuracy', () => {
  it('MAPE, share within ±10 % and Kendall τ of known predictions', () => {
    const r = accuracy([1.05, 2.5, 2.9, 4.2], [1, 2, 3, 4]);
    expect(r.mape).toBeCloseTo(((0.05 + 0.25 + 0.1 / 3 + 0.05) / 4) * 100, 10);
    expect(r.within10).toBe(0.75);
    expect(r.kendall).toBe(1);
  });
});
