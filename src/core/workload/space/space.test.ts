import { describe, expect, it } from 'vitest';
import { compileWorkload } from '../../sim/compile';
import { producersOf } from '../graph';
import { layerParams } from '../layer';
import { workloadTotals } from '../workload';
import {
  BLOCK_TYPES,
  buildNetwork,
  CLASSES,
  type Genotype,
  groupsOf,
  HEAD_CHANNELS,
  innerChannels,
  networkFeatures,
  sampleGenotype,
  spaceNetwork,
  spaceSize,
  stageChannels,
  stageChoices,
  structuralHash,
} from './index';

/**
 * MACs of a genotype counted from the block formulas alone (no builder): TF "same" padding gives
 * ceil(h / stride) outputs; SE is pool + two FCs; eltwise and pooling count 0 MACs.
 */
function directMacs(g: Genotype): number {
  let h = Math.ceil(g.resolution / 2);
  let macs = h * h * g.stem * 3 * 9;
  let c = g.stem;
  g.stages.forEach((st, j) => {
    const out = stageChannels(j, g.stages.length, st.multiplier);
    for (let d = 0; d < st.depth; d++) {
      const s = d === 0 ? st.stride : 1;
      const inner = innerChannels(st.block, c, st.expansion);
      const ho = Math.ceil(h / s);
      const kk = st.kernel * st.kernel;
      const se = (e: number) => (st.se ? 2 * e * Math.max(1, Math.floor(0.25 * c)) : 0);
      if (st.block === 'fused') {
        if (inner > c) macs += ho * ho * inner * c * kk + ho * ho * out * inner + se(inner);
        else macs += ho * ho * out * c * kk + se(out);
      } else {
        const e = Math.max(inner, c);
        if (inner > c) macs += h * h * inner * c;
        macs += st.block === 'ibn' ? ho * ho * e * kk : ho * ho * e * (e / groupsOf(e)) * kk;
        macs += se(e) + ho * ho * out * e;
      }
      h = ho;
      c = out;
    }
  });
  return macs + h * h * HEAD_CHANNELS * c + HEAD_CHANNELS * CLASSES;
}

describe('edgetpu-nas network space', () => {
  it('network i depends only on (seed, i): the same genotype and IR in any order', () => {
    const a = [0, 7, 123, 4999].map((i) => spaceNetwork('edgetpu-nas', 42, i));
    const b = [4999, 123, 7, 0].map((i) => spaceNetwork('edgetpu-nas', 42, i)).reverse();
    for (let i = 0; i < a.length; i++) {
      expect(b[i]?.genotype).toEqual(a[i]?.genotype);
      expect(b[i]?.workload.layers).toEqual(a[i]?.workload.layers);
    }
    expect(sampleGenotype(43, 7)).not.toEqual(sampleGenotype(42, 7));
  });

  it('every genotype obeys the space: 5–7 stages, four strided, kernel 3/5/7, expansion 1–8, depth 1–4', () => {
    for (let i = 0; i < 300; i++) {
      const g = sampleGenotype(1, i);
      expect(g.stages.length).toBeGreaterThanOrEqual(5);
      expect(g.stages.length).toBeLessThanOrEqual(7);
      expect(g.stages.filter((s) => s.stride === 2)).toHaveLength(4);
      expect(g.resolution).toBeGreaterThanOrEqual(160);
      expect(g.resolution).toBeLessThanOrEqual(320);
      for (const s of g.stages) {
        expect([3, 5, 7]).toContain(s.kernel);
        expect(s.expansion).toBeGreaterThanOrEqual(1);
        expect(s.expansion).toBeLessThanOrEqual(8);
        expect(s.depth).toBeGreaterThanOrEqual(1);
        expect(s.depth).toBeLessThanOrEqual(4);
      }
    }
  });

  it('builds valid IR (compiles, edges point backwards, shapes chain) with MACs equal to a direct count', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const net = spaceNetwork('edgetpu-nas', 3, i);
      const { layers } = net.workload;
      expect(() => compileWorkload(net.workload)).not.toThrow();
      layers.forEach((l, j) => {
        for (const p of producersOf(layers, j)) {
          expect(p).toBeLessThan(j);
          const src = p < 0 ? net.workload.input : { c: layers[p]?.k, h: layers[p]?.p, w: layers[p]?.q };
          if (l.op !== 'fc' && l.note !== 'SE gate multiply') expect([src.h, src.w]).toEqual([l.h, l.w]);
        }
      });
      expect(workloadTotals(net.workload).macs).toBe(directMacs(net.genotype));
      for (const l of layers) seen.add(l.op);
    }
    expect([...seen].sort()).toEqual(['conv', 'depthwise', 'eltwise', 'fc', 'pool']);
  });

  it('features count parameters as the zoo does (weights + bias + 2 per BN channel)', () => {
    const net = spaceNetwork('edgetpu-nas', 3, 0);
    const params = net.workload.layers.reduce((s, l) => s + layerParams(l), 0);
    expect(networkFeatures(net).params).toBe(params);
    // The classifier alone: 1280 × 1000 weights + 1000 biases.
    expect(layerParams(net.workload.layers.at(-1) as never)).toBe(HEAD_CHANNELS * CLASSES + CLASSES);
  });

  it('structural hashes: distinct networks differ, equal IR hashes equally, names do not matter', () => {
    const hashes = new Set<string>();
    const n = 2000;
    for (let i = 0; i < n; i++) hashes.add(structuralHash(spaceNetwork('edgetpu-nas', 9, i).workload.layers));
    // Genotypes drawn from ~1e27 rarely repeat: all 2,000 are unique.
    expect(hashes.size).toBe(n);
    const a = spaceNetwork('edgetpu-nas', 9, 5).workload.layers;
    const renamed = a.map((l) => ({ ...l, name: `x${l.name}`, note: undefined }));
    expect(structuralHash(renamed)).toBe(structuralHash(a));
    const wider = a.map((l, j) => (j === 0 ? { ...l, k: l.k + 8 } : l));
    expect(structuralHash(wider)).not.toBe(structuralHash(a));
  });

  it('a multiplier that rounds to the same width gives the same structure (duplicates are real)', () => {
    const g = sampleGenotype(1, 0);
    // Stage 1 base width 16: ×0.5 → 8 and ×0.75 → 12 → rounds to 16 = ×1.
    const with1 = { ...g, stages: g.stages.map((s, j) => (j === 0 ? { ...s, multiplier: 1 } : s)) };
    const with075 = { ...g, stages: g.stages.map((s, j) => (j === 0 ? { ...s, multiplier: 0.75 } : s)) };
    expect(stageChannels(0, g.stages.length, 0.75)).toBe(16);
    expect(with1).not.toEqual(with075);
    expect(structuralHash(buildNetwork(with1, 1, 0).layers)).toBe(structuralHash(buildNetwork(with075, 1, 0).layers));
  });

  it('space size is the exact product of the choices', () => {
    expect(stageChoices()).toBe(BigInt(BLOCK_TYPES.length * 3 * 8 * 5 * 4 * 2));
    const c = stageChoices();
    expect(spaceSize()).toBe(18n * (5n * c ** 5n + 15n * c ** 6n + 35n * c ** 7n));
  });
});
