import { beforeAll, describe, expect, it } from 'vitest';
import { initPrimeBackend } from '../prime/backend';
import { spaceNetwork } from '../workload/space/index';
import { CLASS_COLUMNS, NET_COLUMNS } from './batch';
import { createCorpusApi } from './corpus-api';
import { COST_FEATURE_COUNT, costFeatures } from './cost-features';
import { CostModel, type CostModelJson, fitMacsBaseline } from './cost-model';
import { costData } from './cost-study';
import { classDesigns, createCorpusEvaluator } from './evaluate';
import { summarizeCorpus } from './insights';
import { createModelEvaluator, modelsForClasses, SIMULATED_ONLY } from './model-evaluate';
import { heldOutFrom, isCheckedIndex, predictionCheck } from './prediction-check';
import { accuracy } from './rank';
import { CorpusStore } from './store';

const SEED = 11;
const classes = classDesigns(['v1', 'v3']);
const init = { space: 'edgetpu-nas' as const, seed: SEED, classes };
const nets = (lo: number, n: number) =>
  Array.from({ length: n }, (_, i) => spaceNetwork('edgetpu-nas', SEED, lo + i).workload);
// Study networks 1000…1239, checked every 10th: 24 simulated checks, none in the training set.
const idx = Int32Array.from({ length: 240 }, (_, i) => 1000 + i);
const EVERY = 10;

describe('the learned cost model as a network-study evaluator', () => {
  let models: CostModelJson[];
  const train = nets(0, 240);

  beforeAll(async () => {
    await initPrimeBackend();
    models = [];
    for (const cls of classes) {
      const d = costData(train, cls);
      const m = await CostModel.train(
        d.x,
        d.y,
        d.n,
        { classId: cls.id, design: cls.design },
        { seed: 3, epochs: 40, batchSize: 48 },
      );
      models.push(m.toJSON());
    }
    // Two small trainings; a shared, loaded machine can take far longer than the default hook timeout.
  }, 180_000);

  it('writes the simulator evaluator’s network columns, hash and cache plan; the model’s latency and energy', () => {
    const ev = createModelEvaluator(init, models, EVERY);
    const p = ev.evaluate(idx, idx.length);
    const s = createCorpusEvaluator(init).evaluate(idx, idx.length);
    const C = classes.length;
    expect(Array.from(p.index)).toEqual(Array.from(s.index));
    expect(Array.from(p.hash)).toEqual(Array.from(s.hash));
    for (const k of NET_COLUMNS) expect(Array.from(p.net[k]), k).toEqual(Array.from(s.net[k]));
    expect(Array.from(p.cls.paramsOnChip)).toEqual(Array.from(s.cls.paramsOnChip));
    const x = new Float32Array(idx.length * COST_FEATURE_COUNT);
    classes.forEach((cls, c) => {
      nets(1000, 240).forEach((wl, i) => {
        costFeatures(wl, cls.design, x, i * COST_FEATURE_COUNT);
      });
      const want = CostModel.fromJSON(models[c]).predict(x, idx.length);
      for (let i = 0; i < idx.length; i++) {
        expect(p.cls.latencyMs[i * C + c]).toBe(want.latencyMs[i]);
        expect(p.cls.energyMj[i * C + c]).toBe(want.energyMj[i]);
        const checked = isCheckedIndex(idx[i] as number, EVERY);
        for (const k of SIMULATED_ONLY) {
          const v = p.cls[k][i * C + c] as number;
          if (checked) expect(v, k).toBe(s.cls[k][i * C + c]);
          else expect(v, k).toBeNaN();
        }
        if (checked) expect(p.cls.feasible[i * C + c]).toBe(s.cls.feasible[i * C + c]);
        else expect(p.cls.feasible[i * C + c]).toBe(1);
      }
    });
    // In a simulated study the "simulator's answer" columns are the results themselves.
    expect(Array.from(s.cls.simLatencyMs)).toEqual(Array.from(s.cls.latencyMs));
    expect(Array.from(s.cls.simEnergyMj)).toEqual(Array.from(s.cls.energyMj));
  });

  it('reports its error on the checked sample, which beats the MACs-only regression there', () => {
    const p = createModelEvaluator(init, models, EVERY).evaluate(idx, idx.length);
    const s = createCorpusEvaluator(init).evaluate(idx, idx.length);
    const check = predictionCheck(p, ['v1', 'v3']);
    const C = classes.length;
    classes.forEach((cls, c) => {
      const rows = Array.from(idx.keys()).filter(
        (i) => isCheckedIndex(idx[i] as number, EVERY) && s.cls.feasible[i * C + c] === 1,
      );
      const r = check[c];
      expect(r?.id).toBe(cls.id);
      expect(r?.checked).toBe(rows.length);
      expect(rows.length).toBeGreaterThanOrEqual(20);
      const truth = rows.map((i) => s.cls.latencyMs[i * C + c] as number);
      const pred = rows.map((i) => p.cls.latencyMs[i * C + c] as number);
      expect(r?.latency).toEqual(accuracy(pred, truth));
      const tr = costData(train, cls);
      const base = fitMacsBaseline(
        tr.macs,
        Float64Array.from({ length: tr.n }, (_, i) => tr.y[2 * i] as number),
      );
      const b = accuracy(
        rows.map((i) => base(s.net.macs[i] as number)),
        truth,
      );
      expect(r?.latency.mape).toBeLessThan(b.mape);
      expect(Number.isFinite(r?.energy.mape)).toBe(true);
    });
  });

  it('leaves the model’s own training networks out of the check', () => {
    const trained = models.map((m) => ({ ...m, trainedOn: { space: 'edgetpu-nas', seed: SEED, networks: 1100 } }));
    const p = createModelEvaluator(init, trained, EVERY).evaluate(idx, idx.length);
    const all = predictionCheck(p, ['v1', 'v3']);
    const spec = { space: 'edgetpu-nas', seed: SEED, models: trained };
    expect(heldOutFrom(spec, 2)).toEqual([1100, 1100]);
    expect(heldOutFrom({ ...spec, seed: SEED + 1 }, 2)).toEqual([0, 0]);
    const held = predictionCheck(p, ['v1', 'v3'], heldOutFrom(spec, 2));
    held.forEach((h, c) => {
      // Checked indices 1000, 1010, …, 1230: the ten below 1100 were training networks.
      expect(h.inTraining).toBe(10);
      expect(h.checked + h.infeasible).toBe((all[c]?.checked ?? 0) + (all[c]?.infeasible ?? 0) - 10);
    });
    expect(() =>
      CostModel.fromJSON({ ...trained[0], trainedOn: { space: 'edgetpu-nas', seed: 1.5, networks: 3 } }),
    ).toThrow(/^cost model trainedOn: /);
    expect(CostModel.fromJSON(trained[0]).toJSON().trainedOn).toEqual({
      space: 'edgetpu-nas',
      seed: SEED,
      networks: 1100,
    });
  });

  it('the worker API evaluates with the models it is given; a study marks its sentences predicted', () => {
    const api = createCorpusApi();
    api.init({ ...init, models, checkEvery: EVERY });
    const a = api.evaluate(idx.subarray(0, 30), 30);
    const b = createModelEvaluator(init, models, EVERY).evaluate(idx.subarray(0, 30), 30);
    for (const k of CLASS_COLUMNS) expect(Array.from(a.cls[k]), k).toEqual(Array.from(b.cls[k]));
    const predicted = summarizeCorpus(a, ['v1', 'v3'], { predicted: true }).insights;
    expect(predicted.length).toBeGreaterThan(0);
    for (const line of predicted) expect(line).toMatch(/^Predicted by the learned model: /);
    // Per-block-type time needs the simulator's layer breakdown: no such sentence from predictions.
    expect(predicted.join(' ')).not.toMatch(/ps per MAC/);
  });

  it('refuses models that do not match the classes, naming the field', () => {
    expect(() => modelsForClasses(init, [models[0]])).toThrow(/^models: expected one cost model per class \(v1, v3\)/);
    expect(() => modelsForClasses(init, [models[1], models[0]])).toThrow(/^models\[0\]\.classId: .*"v3".*"v1"/);
    const other = { ...(models[0] as CostModelJson), design: { ...classes[0]?.design, peMemory: 65536 } };
    expect(() => modelsForClasses(init, [other, models[1]])).toThrow(/^models\[0\]\.design\.peMemory: /);
    expect(() => modelsForClasses(init, [{ format: 'x' }, models[1]])).toThrow(/^models\[0\]: cost model format/);
    expect(() => createModelEvaluator(init, models, -1)).toThrow(/^checkEvery: /);
  });

  it('a predicted study checkpoints and restores with its models; an older checkpoint gets NaN columns', () => {
    const spec = {
      space: 'edgetpu-nas',
      seed: SEED,
      count: 40,
      classes: ['v1', 'v3'],
      evaluator: 'model' as const,
      models,
    };
    const st = new CorpusStore(spec);
    st.append(createModelEvaluator(init, models, EVERY).evaluate(idx.subarray(0, 40), 40));
    const cp = structuredClone(st.checkpoint());
    const back = CorpusStore.fromCheckpoint(cp);
    expect(back.spec.evaluator).toBe('model');
    expect(back.spec.models?.map((m) => m.classId)).toEqual(['v1', 'v3']);
    expect(Array.from(back.view().cls.latencyMs)).toEqual(Array.from(st.view().cls.latencyMs));
    const old = structuredClone(cp);
    delete (old.rows.cls as Partial<typeof old.rows.cls>).simLatencyMs;
    const restored = CorpusStore.fromCheckpoint(old).view();
    expect(restored.n).toBe(40);
    expect(Array.from(restored.cls.simLatencyMs).every(Number.isNaN)).toBe(true);
    expect(Array.from(restored.cls.energyMj)).toEqual(Array.from(st.view().cls.energyMj));
  });
});
