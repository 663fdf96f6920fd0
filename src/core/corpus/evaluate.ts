import { EDGETPU, EDGETPU_CLASSES } from '../arch/edgetpu';
import type { Design } from '../arch/types';
import { compileWorkload } from '../sim/compile';
import { evaluate } from '../sim/evaluate';
import {
  isSpaceId,
  layerBlockTypes,
  layerKernelClasses,
  networkFeatures,
  type SpaceId,
  type SpaceNetwork,
  spaceNetwork,
  structuralHash,
} from '../workload/space/index';
import { allocBatch, type CorpusBatch } from './batch';
import type { CostModelJson } from './cost-model';

/** One accelerator of a corpus study: an `edgetpu` design under an id (a class preset or any design). */
export interface CorpusClass {
  id: string;
  design: Design;
}

/** What a corpus worker needs: the network space, its seed and the classes (all plain data, structured-cloneable). */
export interface CorpusInit {
  space: SpaceId;
  seed: number;
  classes: CorpusClass[];
  /**
   * The learned cost model as the evaluator: one exported model per class, in class order
   * (src/core/corpus/model-evaluate.ts). Absent: the simulator evaluates every network.
   */
  models?: CostModelJson[];
  /** With models: simulate network indices divisible by this as a check (default 50; 0 = none). */
  checkEvery?: number;
}

/** The preset designs of class ids (`v1`, `v2`, `v3`); an unknown id throws naming it and the known ones. */
export function classDesigns(ids: readonly string[]): CorpusClass[] {
  if (ids.length === 0) throw new Error('classes: give at least one of v1, v2, v3');
  return ids.map((id) => {
    const c = EDGETPU_CLASSES.find((x) => x.id === id);
    if (!c) throw new Error(`classes: unknown class "${id}"; known: ${EDGETPU_CLASSES.map((x) => x.id).join(', ')}`);
    return { id, design: { ...(EDGETPU.presets[c.preset] as Design) } };
  });
}

/** Checks an init payload; returns it or throws an Error naming the bad field. */
export function checkCorpusInit(init: CorpusInit): CorpusInit {
  if (!isSpaceId(init.space)) throw new Error(`space: unknown network space "${init.space}"; known: edgetpu-nas`);
  if (!Number.isInteger(init.seed)) throw new Error(`seed: must be an integer, got ${init.seed}`);
  if (!Array.isArray(init.classes) || init.classes.length === 0) throw new Error('classes: give at least one class');
  return init;
}

const add = (a: Float64Array, i: number, v: number) => {
  a[i] = (a[i] as number) + v;
};

const TYPE_MS = ['msIbn', 'msFused', 'msGroup'] as const;
const TYPE_MACS = ['macsIbn', 'macsFused', 'macsGroup'] as const;
const K_MS = ['msK3', 'msK5', 'msK7'] as const;
const K_MACS = ['macsK3', 'macsK5', 'macsK7'] as const;

/**
 * Writes network row i of `b`: the network's features and the MACs of its layers by block type and
 * kernel (`macs[l]`: MACs of layer l, as compileWorkload counts them). Shared by the simulator's
 * evaluator and the learned model's (src/core/corpus/model-evaluate.ts), so both fill the same values.
 */
export function fillNetColumns(
  b: CorpusBatch,
  i: number,
  net: SpaceNetwork,
  macs: ArrayLike<number>,
): { types: ArrayLike<number>; kernels: ArrayLike<number> } {
  const f = networkFeatures(net);
  const nc = b.net;
  nc.macs[i] = f.macs;
  nc.params[i] = f.params;
  nc.weightBytes[i] = f.weightBytes;
  nc.layers[i] = f.layers;
  nc.blocks[i] = f.blocks;
  nc.stages[i] = f.stages;
  nc.resolution[i] = f.resolution;
  nc.meanExpansion[i] = f.meanExpansion;
  [nc.mixIbn[i], nc.mixFused[i], nc.mixGroup[i]] = f.blockMix;
  [nc.mixK3[i], nc.mixK5[i], nc.mixK7[i]] = f.kernelMix;
  nc.seShare[i] = f.seShare;
  const types = layerBlockTypes(net);
  const kernels = layerKernelClasses(net);
  for (let l = 0; l < macs.length; l++) {
    const t = types[l] as number;
    const k = kernels[l] as number;
    const m = macs[l] as number;
    if (t >= 0) add(nc[TYPE_MACS[t] as (typeof TYPE_MACS)[number]], i, m);
    if (k >= 0) add(nc[K_MACS[k] as (typeof K_MACS)[number]], i, m);
  }
  return { types, kernels };
}

/**
 * Evaluates networks of the space on every class with the simulator: the worker-side core of a
 * corpus study. `evaluate(indices)` returns one batch row per network index, in order.
 */
export function createCorpusEvaluator(init: CorpusInit) {
  const { space, seed, classes } = checkCorpusInit(init);
  const C = classes.length;
  return {
    classes: classes.map((c) => c.id),
    evaluate(indices: Int32Array, n: number = indices.length): CorpusBatch {
      const b = allocBatch(n, C);
      for (let i = 0; i < n; i++) {
        const idx = indices[i] as number;
        const net = spaceNetwork(space, seed, idx);
        const cw = compileWorkload(net.workload, 1);
        const h = structuralHash(net.workload.layers);
        b.index[i] = idx;
        b.hash[2 * i] = Number.parseInt(h.slice(0, 8), 16);
        b.hash[2 * i + 1] = Number.parseInt(h.slice(8), 16);
        const { types, kernels } = fillNetColumns(b, i, net, cw.macs.subarray(0, cw.count));
        for (let c = 0; c < C; c++) {
          const design = (classes[c] as CorpusClass).design;
          const ev = evaluate(EDGETPU, design, cw);
          const r = i * C + c;
          const cl = b.cls;
          cl.latencyMs[r] = ev.totals.latencyMs;
          cl.energyMj[r] = ev.totals.energyMj;
          cl.simLatencyMs[r] = ev.totals.latencyMs;
          cl.simEnergyMj[r] = ev.totals.energyMj;
          cl.utilisation[r] = ev.totals.utilisation;
          cl.dramBytes[r] = ev.totals.dramBytes;
          cl.feasible[r] = ev.feasible ? 1 : 0;
          const L = ev.layers;
          let all = 0;
          let mem = 0;
          const msPerCycle = 1 / (ev.clockMHz * 1e3);
          for (let l = 0; l < L.cycles.length; l++) {
            const cyc = L.cycles[l] as number;
            all += cyc;
            if (L.bound[l] === 'memory') mem += cyc;
            const t = types[l] as number;
            const k = kernels[l] as number;
            if (t >= 0) add(cl[TYPE_MS[t] as (typeof TYPE_MS)[number]], r, cyc * msPerCycle);
            if (k >= 0) add(cl[K_MS[k] as (typeof K_MS)[number]], r, cyc * msPerCycle);
          }
          cl.memoryBoundShare[r] = all > 0 ? mem / all : 0;
          // The simulator's compiler rule (src/core/sim/edgetpu-plan.ts): the largest live
          // activation set is reserved first, parameters cache in what is left of the PE memories.
          const peTotal = (design.peX as number) * (design.peY as number) * (design.peMemory as number);
          const cap = peTotal - Math.min(cw.maxActivationBytes, peTotal);
          cl.paramsOnChip[r] = cw.totalWeightBytes <= cap ? 1 : 0;
        }
      }
      return b;
    },
  };
}

export type CorpusEvaluator = ReturnType<typeof createCorpusEvaluator>;
