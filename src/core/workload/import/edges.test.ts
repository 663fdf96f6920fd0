import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { presetByName } from '../../arch';
import { compileWorkload, evaluate } from '../../sim';
import { NetBuilder } from '../builder';
import { producersOf } from '../graph';
import { type Workload, workloadTotals } from '../workload';
import { buildZooModel } from '../zoo';
import { parseKerasModel } from './keras';
import { parseOnnxModel } from './onnx';
import { parseTfliteModel } from './tflite';

/**
 * Graph edges from the importers (`Layer.from`, EdgeTracker in ../graph.ts): a network imported from a file must
 * give the simulator the same graph, hence the same live activations and the same latency and
 * energy, as the zoo's NetBuilder model of it. Operand order is compared as a set: the simulator
 * reads `from` as a set (graph.ts), and torchvision's MobileNetV2 adds `x + conv(x)` where the
 * builder lists the block output first; everything else is compared exactly.
 */
const fixtures = new URL('../../../../test/fixtures/', import.meta.url);
const bytes = (f: string) => new Uint8Array(readFileSync(new URL(f, fixtures)));
const PRESETS = ['coral', 'prime-baseline'] as const;

/** Every layer's producers (default edges made explicit), each list sorted. */
const graphOf = (wl: Workload) => wl.layers.map((_, i) => [...producersOf(wl.layers, i)].sort((a, b) => a - b));

function sim(wl: Workload, preset: string) {
  const p = presetByName(preset);
  if (!p) throw new Error(`no preset ${preset}`);
  const ev = evaluate(p.template, p.design, wl);
  return { latencyMs: ev.totals.latencyMs, energyMj: ev.totals.energyMj, dramBytes: ev.totals.dramBytes };
}

/** The imported workload has the zoo model's graph, live bytes and simulated cost, exactly. */
function expectSameGraph(wl: Workload, zoo: Workload): void {
  expect(workloadTotals(wl)).toEqual(workloadTotals(zoo));
  expect(wl.layers.map((l) => l.op)).toEqual(zoo.layers.map((l) => l.op));
  expect(graphOf(wl)).toEqual(graphOf(zoo));
  expect(Array.from(compileWorkload(wl, 1).liveBytes)).toEqual(Array.from(compileWorkload(zoo, 1).liveBytes));
  for (const preset of PRESETS) expect(sim(wl, preset)).toEqual(sim(zoo, preset));
}

describe('ONNX graphs built with onnx.helper (scripts/make-onnx-fixtures.py)', () => {
  it('ResNet-50: every residual add reads its block input or downsample, exactly as the zoo lists them', () => {
    const wl = parseOnnxModel(bytes('onnx/resnet50.onnx'), 'resnet50.onnx');
    const zoo = buildZooModel('resnet50');
    expectSameGraph(wl, zoo);
    expect(wl.layers.map((l) => l.from)).toEqual(zoo.layers.map((l) => l.from));
    // 16 adds, 4 downsample convs reading their block input rather than conv3.
    expect(wl.layers.filter((l) => l.op === 'eltwise' && l.from?.length === 2)).toHaveLength(16);
    expect(wl.layers.filter((l) => l.op === 'conv' && l.from !== undefined)).toHaveLength(4);
  });

  it('MobileNetV2: the 10 inverted-residual adds read the block input across three layers', () => {
    const wl = parseOnnxModel(bytes('onnx/mobilenet_v2.onnx'), 'mobilenet_v2.onnx');
    expectSameGraph(wl, buildZooModel('mobilenet_v2'));
    const adds = wl.layers.map((l, i) => ({ l, i })).filter(({ l }) => l.op === 'eltwise');
    expect(adds).toHaveLength(10);
    for (const { l, i } of adds) expect(l.from).toEqual([i - 4, i - 1]);
  });

  it('DenseNet-121: the zoo MACs and params, 58 concat copies reading the block so far and the new 32 channels', () => {
    const wl = parseOnnxModel(bytes('onnx/densenet121.onnx'), 'densenet121.onnx');
    const zoo = buildZooModel('densenet121');
    expectSameGraph(wl, zoo);
    expect(wl.layers.map((l) => l.from)).toEqual(zoo.layers.map((l) => l.from));
    const t = workloadTotals(wl);
    // torchvision densenet121: 7,978,856 params, 2.834 G MACs (the zoo's published figures, classic-family.test.ts).
    expect(t.params).toBe(7_978_856);
    expect(Math.abs(t.macs / 2.834e9 - 1)).toBeLessThan(0.005);
    const copies = wl.layers.map((l, i) => ({ l, i })).filter(({ l }) => l.note === 'Concat (copy)');
    expect(copies).toHaveLength(58);
    for (const { l, i } of copies) {
      expect(l.from?.[1]).toBe(i - 1);
      expect(l.k).toBe((wl.layers[l.from?.[0] as number]?.k as number) + 32);
    }
  });

  it('patterns.onnx: the SE gate reads the tensor it scales, the Concat reads through a Resize', () => {
    const wl = parseOnnxModel(bytes('onnx/patterns.onnx'), 'patterns.onnx');
    const at = (name: string) => wl.layers.findIndex((l) => l.name === name);
    // mul1 = conv2 (1) × sigmoid(conv4 (4)); concat1 = Resize(mul1) ‖ ConvTranspose(mul1).
    expect(wl.layers[at('mul1')]?.from).toEqual([at('conv2'), at('conv4')]);
    expect(wl.layers[at('concat1')]?.from).toEqual([at('mul1'), at('convtranspose1')]);
    // The pool of the SE reads conv2, ConvTranspose the gate, MatMul the max pool across
    // Shape → Gather → Concat → Reshape → Transpose: all the previous layer, so no `from`.
    for (const n of ['globalaveragepool1', 'convtranspose1', 'matmul1']) expect(wl.layers[at(n)]?.from).toBeUndefined();
  });

  it('an importer without edges would have simulated DenseNet-121 as a chain: the edges change the cost', () => {
    const wl = parseOnnxModel(bytes('onnx/densenet121.onnx'), 'densenet121.onnx');
    const chain = { ...wl, layers: wl.layers.map(({ from: _, ...l }) => l) };
    const live = compileWorkload(wl, 1).liveBytes;
    const chainLive = compileWorkload(chain, 1).liveBytes;
    expect(live.some((b, i) => b > (chainLive[i] as number))).toBe(true);
  });
});

describe('Keras functional graphs', () => {
  it('the functional API guide toy ResNet: two skips, the same cost as its NetBuilder twin', () => {
    const wl = parseKerasModel(readFileSync(new URL('keras3-toy-resnet.json', fixtures), 'utf8'), 'toy.json');
    const b = new NetBuilder({ c: 3, h: 32, w: 32 });
    const cv = (k: number, pad: 'same' | 'valid') => b.conv(k, 3, { pad, bias: true, bn: false });
    cv(32, 'valid');
    cv(64, 'valid');
    b.pool('max', 3, { stride: 3 });
    for (let i = 0; i < 2; i++) {
      const x = b.shape;
      cv(64, 'same');
      cv(64, 'same');
      b.eltwise(2, { skip: x });
    }
    cv(64, 'valid');
    b.pool('avg', 0);
    b.fc(256);
    b.fc(10);
    const twin: Workload = { ...wl, layers: b.layers };
    expectSameGraph(wl, twin);
    expect(wl.layers.map((l) => l.from)).toEqual(twin.layers.map((l) => l.from));
    expect(wl.layers.find((l) => l.name === 'add')?.from).toEqual([4, 2]);
  });

  it('the small functional CNN: Add reads the stem across a padding, the branches fork from it', () => {
    const wl = parseKerasModel(readFileSync(new URL('keras-small-cnn.json', fixtures), 'utf8'), 'cnn.json');
    const from = Object.fromEntries(wl.layers.map((l) => [l.name, l.from]));
    // stem 0, dw 1, pw 2, add 3, branch_a 4, branch_b_dw 5, branch_b_pw 6, concat 7.
    expect(from).toMatchObject({ add: [0, 2], branch_b_dw: [3], concat: [4, 6] });
    expect(from.dw).toBeUndefined(); // BN, ReLU and ZeroPadding2D collapse onto the stem
    expect(from.branch_a).toBeUndefined();
    expect(from.branch_b_pw).toBeUndefined();
  });
});

describe('TFLite', () => {
  it('MobileNetV2 int8: the zoo graph and the same simulated cost', () => {
    const wl = parseTfliteModel(bytes('tflite/mobilenet_v2_int8.tflite'), 'm.tflite');
    const zoo = buildZooModel('mobilenet_v2');
    expect(graphOf(wl)).toEqual(graphOf(zoo));
    expect(Array.from(compileWorkload(wl, 1).liveBytes)).toEqual(Array.from(compileWorkload(zoo, 1).liveBytes));
    for (const preset of PRESETS) expect(sim(wl, preset)).toEqual(sim(zoo, preset));
  });

  it('ops_float: the SE gate, the add and the concat read the pool output across RESHAPE-free ops', () => {
    const wl = parseTfliteModel(bytes('tflite/ops_float.tflite'), 'ops.tflite');
    const idx = (note: string) => wl.layers.findIndex((l) => l.note?.startsWith(note));
    const pool = idx('MAX_POOL_2D');
    const mean = idx('MEAN');
    const gate = idx('MUL');
    const add = idx('ADD');
    expect(wl.layers[gate]?.from).toEqual([pool, mean]);
    expect(wl.layers[add]?.from).toEqual([gate, pool]);
    expect(wl.layers[idx('CONCATENATION')]?.from).toEqual([add, pool]);
    // The FC after RESHAPE reads the average pool: the reshape is not a layer.
    expect(wl.layers[wl.layers.length - 1]?.from).toBeUndefined();
  });
});
