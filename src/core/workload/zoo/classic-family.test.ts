import { describe, expect, it } from 'vitest';
import { type Layer, layerMacs, layerParams, layerWeights } from '../layer';
import { workloadTotals } from '../workload';
import { CLASSIC_ZOO } from './classic-family';
import { resnet50 } from './resnet';
import { lstmDecoder, lstmEncoder, SUTSKEVER } from './seq2seq';
import { unet } from './unet';
import { vgg16 } from './vgg';

/**
 * Published totals at each model's default input. torchvision rows: weights metadata of
 * torchvision.models (`num_params`, and `_ops`, shown as "GFLOPS" in the docs, which counts the
 * multiply-accumulates of conv and linear layers — REFERENCE.md §1); where REFERENCE.md §1 gives
 * more digits we use them. inception_v3: metadata num_params 27,161,264 includes AuxLogits
 * (conv0 128·768 + BN 256, conv1 768·128·25 + BN 1536, fc 768·1000 + 1000 = 3,326,696), which
 * does not run at inference: 27,161,264 − 3,326,696 = 23,834,568. U-Net: REFERENCE.md §1
 * (arXiv 1505.04597 Fig. 1).
 */
const REFERENCES: Record<string, { macs: number; params: number }> = {
  squeezenet1_0: { macs: 0.819e9, params: 1_248_424 },
  squeezenet1_1: { macs: 349.15e6, params: 1_235_496 },
  googlenet: { macs: 1.498e9, params: 6_624_904 },
  inception_v3: { macs: 5.713e9, params: 27_161_264 - 3_326_696 },
  resnet18: { macs: 1814.07e6, params: 11_689_512 },
  resnet34: { macs: 3.664e9, params: 21_797_672 },
  resnet50: { macs: 4089.18e6, params: 25_557_032 },
  resnet101: { macs: 7.801e9, params: 44_549_160 },
  resnet152: { macs: 11.514e9, params: 60_192_808 },
  vgg16: { macs: 15470.26e6, params: 138_357_544 },
  vgg19: { macs: 19.632e9, params: 143_667_240 },
  densenet121: { macs: 2.834e9, params: 7_978_856 },
  unet: { macs: 150.43e9, params: 31_030_658 },
};

const last = (ls: Layer[]): Layer => ls[ls.length - 1] as Layer;
const byName = (ls: Layer[], name: string): Layer => {
  const l = ls.find((x) => x.name === name);
  if (!l) throw new Error(`no layer ${name}`);
  return l;
};

describe('classic zoo totals against published figures', () => {
  for (const [id, ref] of Object.entries(REFERENCES)) {
    it(`${id}: ${(ref.macs / 1e9).toFixed(3)} G MACs (±0.5 %), ${ref.params.toLocaleString('en')} params`, () => {
      const e = CLASSIC_ZOO.find((z) => z.id === id);
      expect(e).toBeDefined();
      const t = workloadTotals((e as (typeof CLASSIC_ZOO)[number]).build());
      expect(Math.abs(t.macs / ref.macs - 1)).toBeLessThan(0.005);
      expect(t.params).toBe(ref.params);
    });
  }
});

describe('classic zoo entries', () => {
  it('have unique ids, build the id they are listed under, at their default input', () => {
    const ids = CLASSIC_ZOO.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of CLASSIC_ZOO) {
      const wl = e.build(e.defaultInput);
      expect(wl.id).toBe(e.id);
      expect(wl.input.h).toBe(e.defaultInput);
      expect(new Set(wl.layers.map((l) => l.name)).size).toBe(wl.layers.length);
      for (const l of wl.layers) expect(Math.min(l.c, l.h, l.w, l.k, l.p, l.q)).toBeGreaterThan(0);
    }
  });

  it('list residual adds and pools as layers (the simulator costs their traffic)', () => {
    const r50 = resnet50();
    // Table 1: 3 + 4 + 6 + 3 bottleneck blocks, one residual add each.
    expect(r50.layers.filter((l) => l.op === 'eltwise')).toHaveLength(16);
    expect(r50.layers.filter((l) => l.op === 'pool').map((l) => l.name)).toEqual(['maxpool', 'avgpool']);
  });
});

describe('architecture shapes from the papers', () => {
  const wl = (id: string) => {
    const e = CLASSIC_ZOO.find((z) => z.id === id);
    if (!e) throw new Error(id);
    return e.build().layers;
  };

  it('GoogLeNet Table 1: inception(5b) outputs 7×7×1024 into the classifier', () => {
    const fc = byName(wl('googlenet'), 'fc');
    expect(fc.c).toBe(1024);
    const pool = byName(wl('googlenet'), 'avgpool');
    expect([pool.c, pool.h, pool.w]).toEqual([1024, 7, 7]);
  });

  it('Inception v3 (torchvision comments): Mixed_7c gives 8×8×2048 at 299', () => {
    const pool = byName(wl('inception_v3'), 'avgpool');
    expect([pool.c, pool.h, pool.w]).toEqual([2048, 8, 8]);
    expect(byName(wl('inception_v3'), 'Mixed_6a.branch3x3').p).toBe(17);
  });

  it('DenseNet-121 Table 1: 1024 channels at 7×7 before the classifier', () => {
    const norm5 = byName(wl('densenet121'), 'norm5');
    expect([norm5.c, norm5.h]).toEqual([1024, 7]);
  });

  it('VGG: the classifier always sees 512×7×7 (torchvision adaptive pool), also at 256', () => {
    expect(byName(vgg16().layers, 'fc6').c).toBe(512 * 7 * 7);
    expect(vgg16().layers.some((l) => l.name === 'avgpool')).toBe(false); // identity at 224
    const at256 = vgg16(256).layers;
    expect(byName(at256, 'avgpool').p).toBe(7);
    expect(byName(at256, 'fc6').c).toBe(512 * 7 * 7);
    expect(workloadTotals(vgg16(256)).params).toBe(138_357_544);
  });

  it('ResNet-50 at 299 (Coral benchmark input): same params, 10×10 final map, MACs scale with the maps', () => {
    const w = resnet50(299);
    const t = workloadTotals(w);
    expect(t.params).toBe(25_557_032);
    // PyTorch sizes: 299 → conv1 150 → maxpool 75 → 38 → 19 → 10.
    const pool = byName(w.layers, 'avgpool');
    expect([pool.c, pool.h, pool.w]).toEqual([2048, 10, 10]);
    // Every map grows by at least 299/224 (150/112) and at most 10/7 (the last stage), squared.
    const ratio = t.macs / workloadTotals(resnet50()).macs;
    expect(ratio).toBeGreaterThan((299 / 224) ** 2);
    expect(ratio).toBeLessThan((10 / 7) ** 2);
  });

  it('U-Net Fig. 1: 23 conv layers, 572×572 tile → 388×388×2 map, 1024 channels at 28×28', () => {
    const u = unet();
    const out = last(u.layers);
    expect([out.k, out.p, out.q]).toEqual([2, 388, 388]);
    expect(u.layers.filter((l) => l.op === 'conv')).toHaveLength(23);
    const bottom = byName(u.layers, 'down5.conv2');
    expect([bottom.k, bottom.p]).toEqual([1024, 28]);
    expect(byName(u.layers, 'up4.conv1').c).toBe(1024); // 512 up-sampled + 512 cropped (64×64 → 56×56)
    expect(byName(u.layers, 'up1.conv1').c).toBe(128); // 64 up-sampled + 64 cropped (568×568 → 392×392)
  });
});

describe('seq2seq LSTM (Sutskever et al. 2014 §3.4)', () => {
  const { hidden: H, embedding: E, layers: L, sourceVocab, targetVocab: V } = SUTSKEVER;

  it('each LSTM layer follows REFERENCE.md: params 4·(H·(I+H)+H), MACs 4·H·(I+H) per step', () => {
    const T = 17;
    for (const l of lstmEncoder(T).layers) {
      const I = l.c;
      expect(layerParams(l)).toBe(4 * (H * (I + H) + H));
      expect(layerMacs(l)).toBe(T * 4 * H * (I + H));
    }
    // The first layer reads the embedding, the others the previous layer's hidden state.
    expect(lstmEncoder(T).layers.map((l) => l.c)).toEqual([E, H, H, H]);
  });

  it('32M weights per side and 384M parameters in all, embeddings (lookups) included', () => {
    const enc = lstmEncoder().layers;
    const dec = lstmDecoder().layers;
    const lstmWeights = (ls: Layer[]) => ls.filter((l) => l.op === 'lstm').reduce((a, l) => a + layerWeights(l), 0);
    expect(lstmWeights(enc)).toBe(32e6);
    expect(lstmWeights(dec)).toBe(32e6);
    const embeddings = (sourceVocab + V) * E;
    const total = workloadTotals(lstmEncoder()).params + workloadTotals(lstmDecoder()).params + embeddings;
    expect(Math.abs(total / 384e6 - 1)).toBeLessThan(0.005);
  });

  it('the decoder ends in a per-step projection to the 80k vocabulary; length scales MACs linearly', () => {
    const proj = last(lstmDecoder(8).layers);
    expect([proj.c, proj.k, proj.p]).toEqual([H, V, 8]);
    expect(layerMacs(proj)).toBe(8 * H * V);
    expect(workloadTotals(lstmDecoder(64)).macs).toBe(2 * workloadTotals(lstmDecoder(32)).macs);
    expect(lstmDecoder().layers.filter((l) => l.op === 'lstm')).toHaveLength(L);
  });
});
