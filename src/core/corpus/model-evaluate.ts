import type { Design } from '../arch/types';
import { liveActivationBytes } from '../workload/graph';
import { layerMacs, layerWeightBytes } from '../workload/layer';
import { spaceNetwork, structuralHash } from '../workload/space/index';
import { allocBatch, CLASS_COLUMNS, type ClassColumn, type CorpusBatch, NET_COLUMNS } from './batch';
import { COST_FEATURE_COUNT, costFeatures } from './cost-features';
import { CostModel } from './cost-model';
import { type CorpusInit, checkCorpusInit, createCorpusEvaluator, fillNetColumns } from './evaluate';
import { modelMismatch } from './model-match';
import { CHECK_EVERY, isCheckedIndex } from './prediction-check';

/**
 * The learned cost model as the evaluator of a network study: every network's latency and energy
 * on each class come from the class's model (src/core/corpus/cost-model.ts) instead of the simulator,
 * and one network in `checkEvery` (index % checkEvery = 0, so the sample is the same for every
 * worker count and shard) is also simulated, to show the prediction's error on the study itself.
 *
 * Columns of a predicted row: the network's features and MACs by block type / kernel exactly as the
 * simulator's evaluator writes them (same helper), the hash, latencyMs / energyMj predicted,
 * paramsOnChip from the compiler's cache plan (exact: it needs no simulation), feasible = 1 (the
 * model assumes the network compiles; the checked rows carry the simulator's feasibility), and NaN
 * for what only the simulator knows (utilisation, DRAM bytes, memory-bound share, time per block
 * type and kernel). A checked row carries every simulated column, simLatencyMs / simEnergyMj
 * included, with latencyMs / energyMj still the model's, so the study's figures stay one kind.
 */

/** Columns a prediction cannot give: NaN in unchecked rows. */
export const SIMULATED_ONLY: readonly ClassColumn[] = CLASS_COLUMNS.filter(
  (k) => !['latencyMs', 'energyMj', 'paramsOnChip', 'feasible'].includes(k),
);

/**
 * The models of a study's classes: one exported model per class, in class order, each trained for
 * exactly that class's design. Throws an Error naming the field (`models`, `models[i].classId`,
 * `models[i].design.<key>`, or the model file's own bad field).
 */
export function modelsForClasses(init: CorpusInit, jsons: readonly unknown[]): CostModel[] {
  const { classes } = checkCorpusInit(init);
  if (!Array.isArray(jsons) || jsons.length !== classes.length)
    throw new Error(`models: expected one cost model per class (${classes.map((c) => c.id).join(', ')})`);
  const ms = classes.map((_, i) => {
    try {
      return CostModel.fromJSON(jsons[i]);
    } catch (e) {
      throw new Error(`models[${i}]: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  const bad = modelMismatch(
    classes,
    ms.map((m) => m.toJSON()),
  );
  if (bad) throw new Error(bad);
  return ms;
}

/** Bytes of every parameter and the largest live activation set (int8, as compileWorkload(wl, 1)). */
function cachePlanInputs(layers: Parameters<typeof liveActivationBytes>[0]): { weights: number; maxLive: number } {
  let weights = 0;
  for (const l of layers) weights += layerWeightBytes(l, 1);
  let maxLive = 0;
  for (const v of liveActivationBytes(layers, 1)) maxLive = Math.max(maxLive, v);
  return { weights, maxLive };
}

/**
 * An evaluator with the simulator's `evaluate(indices, n) → CorpusBatch` shape whose latency and
 * energy are the models' predictions (see the file comment). `models` as `modelsForClasses` takes them.
 */
export function createModelEvaluator(init: CorpusInit, models: readonly unknown[], checkEvery = CHECK_EVERY) {
  const { space, seed, classes } = checkCorpusInit(init);
  if (!Number.isInteger(checkEvery) || checkEvery < 0)
    throw new Error(`checkEvery: a whole number ≥ 0, got ${checkEvery}`);
  const ms = modelsForClasses(init, models);
  const sim = createCorpusEvaluator(init);
  const C = classes.length;
  const F = COST_FEATURE_COUNT;
  return {
    classes: classes.map((c) => c.id),
    checkEvery,
    evaluate(indices: Int32Array, n: number = indices.length): CorpusBatch {
      const b = allocBatch(n, C);
      for (const k of SIMULATED_ONLY) b.cls[k].fill(Number.NaN);
      const nets = [];
      for (let i = 0; i < n; i++) {
        const idx = indices[i] as number;
        const net = spaceNetwork(space, seed, idx);
        nets.push(net.workload);
        if (isCheckedIndex(idx, checkEvery)) {
          const s = sim.evaluate(Int32Array.of(idx), 1);
          b.index[i] = idx;
          b.hash[2 * i] = s.hash[0] as number;
          b.hash[2 * i + 1] = s.hash[1] as number;
          for (const k of NET_COLUMNS) b.net[k][i] = s.net[k][0] as number;
          for (const k of CLASS_COLUMNS) for (let c = 0; c < C; c++) b.cls[k][i * C + c] = s.cls[k][c] as number;
          continue;
        }
        const layers = net.workload.layers;
        const h = structuralHash(layers);
        b.index[i] = idx;
        b.hash[2 * i] = Number.parseInt(h.slice(0, 8), 16);
        b.hash[2 * i + 1] = Number.parseInt(h.slice(8), 16);
        fillNetColumns(b, i, net, layers.map(layerMacs));
        const plan = cachePlanInputs(layers);
        for (let c = 0; c < C; c++) {
          const d = (classes[c] as { design: Design }).design;
          const peTotal = (d.peX as number) * (d.peY as number) * (d.peMemory as number);
          b.cls.paramsOnChip[i * C + c] = plan.weights <= peTotal - Math.min(plan.maxLive, peTotal) ? 1 : 0;
          b.cls.feasible[i * C + c] = 1;
        }
      }
      const x = new Float32Array(n * F);
      for (let c = 0; c < C; c++) {
        const d = (classes[c] as { design: Design }).design;
        nets.forEach((wl, i) => {
          costFeatures(wl, d, x, i * F);
        });
        const p = (ms[c] as CostModel).predict(x, n);
        for (let i = 0; i < n; i++) {
          b.cls.latencyMs[i * C + c] = p.latencyMs[i] as number;
          b.cls.energyMj[i * C + c] = p.energyMj[i] as number;
        }
      }
      return b;
    },
  };
}

export type ModelEvaluator = ReturnType<typeof createModelEvaluator>;
