import { spaceNetwork } from '../workload/space/index';
import type { CorpusBatch } from './batch';
import { COST_FEATURE_COUNT, CostFeaturizer } from './cost-features';
import { CostModel, type CostModelJson } from './cost-model';
import { type CorpusEvaluator, type CorpusInit, createCorpusEvaluator } from './evaluate';
import { createModelEvaluator } from './model-evaluate';

/** Predicted latency and energy of n networks × the run's classes (row i · classes + c). */
export interface PredictedBatch {
  n: number;
  classes: number;
  index: Int32Array;
  latencyMs: Float64Array;
  energyMj: Float64Array;
}

/**
 * The API a corpus worker exposes (the browser's Network-study worker and the worker_threads entry
 * of src/cli/node-pool.ts), in the style of createEvalApi / createSimApi: init once with the space,
 * seed and class designs, then evaluate batches of network indices. Batches come back as fresh
 * typed arrays (`batchBuffers` lists them for a transfer). With cost models loaded (one per class,
 * JSON as exported), `predict` is the fast evaluator: the learned model instead of the simulator.
 */
export function createCorpusApi() {
  let init: CorpusInit | undefined;
  let ev: CorpusEvaluator | undefined;
  let models: CostModel[] = [];
  let featurizers: CostFeaturizer[] = [];
  return {
    /** Prepares the evaluator; returns the class ids in column order. Throws naming a bad field. */
    init(payload: CorpusInit): { classes: string[] } {
      // With models in the payload the study is evaluated by the learned model (a sample simulated).
      ev = payload.models
        ? createModelEvaluator(payload, payload.models, payload.checkEvery)
        : createCorpusEvaluator(payload);
      init = payload;
      models = [];
      return { classes: [...ev.classes] };
    },
    /** Evaluates networks `indices[0…n)` on every class: the simulator, or the models `init` was given. */
    evaluate(indices: Int32Array, n: number): CorpusBatch {
      if (!ev) throw new Error('corpus worker: init first');
      return ev.evaluate(indices, n);
    },
    /** Loads one exported cost model per class, in class order (ids must match). */
    loadModels(jsons: CostModelJson[]): void {
      if (!init) throw new Error('corpus worker: init first');
      const ids = init.classes.map((c) => c.id);
      const ms = jsons.map((j) => CostModel.fromJSON(j));
      if (ms.map((m) => m.classId).join() !== ids.join())
        throw new Error(
          `cost models: expected one per class ${ids.join(', ')}, got ${ms.map((m) => m.classId).join(', ')}`,
        );
      models = ms;
      featurizers = init.classes.map((c) => new CostFeaturizer(c.design));
    },
    /** Predicts networks `indices[0…n)` on every class with the loaded cost models. */
    predict(indices: Int32Array, n: number): PredictedBatch {
      if (!init || models.length === 0) throw new Error('corpus worker: load cost models first');
      const C = init.classes.length;
      const out: PredictedBatch = {
        n,
        classes: C,
        index: Int32Array.from(indices.subarray(0, n)),
        latencyMs: new Float64Array(n * C),
        energyMj: new Float64Array(n * C),
      };
      const x = new Float32Array(n * COST_FEATURE_COUNT);
      const wls = Array.from(
        indices.subarray(0, n),
        (i) => spaceNetwork(init?.space ?? 'edgetpu-nas', init?.seed ?? 0, i).workload,
      );
      init.classes.forEach((_, c) => {
        const f = featurizers[c] as CostFeaturizer;
        wls.forEach((wl, i) => {
          f.features(wl, x, i * COST_FEATURE_COUNT);
        });
        const p = (models[c] as CostModel).predict(x, n);
        for (let i = 0; i < n; i++) {
          out.latencyMs[i * C + c] = p.latencyMs[i] as number;
          out.energyMj[i * C + c] = p.energyMj[i] as number;
        }
      });
      return out;
    },
  };
}

export type CorpusApi = ReturnType<typeof createCorpusApi>;
