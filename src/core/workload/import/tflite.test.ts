import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importError } from '../../../../test/errors';
import { OP, TfNet, TT, tfliteModel } from '../../../../test/tflite-writer';
import { layerMacs } from '../layer';
import { workloadTotals } from '../workload';
import { buildZooModel } from '../zoo';
import { importWorkloadBytes } from './index';
import { parseTfliteModel } from './tflite';

/**
 * TFLite import over fixtures written by scripts/make-tflite-fixtures.ts with the npm flatbuffers
 * Builder (Debian ships no TFLite converter). MobileNetV2 as an int8 model has the zoo's MACs
 * exactly; its parameters are the zoo's minus the BN γ/β the converter folds into a bias
 * (3,504,872 − 17,056 = 3,487,816: 2 per BN channel became 1 bias per channel).
 */
const dir = new URL('../../../../test/fixtures/', import.meta.url);
const bytes = (f: string) => new Uint8Array(readFileSync(new URL(f, dir)));

describe('TFLite import', () => {
  it('MobileNetV2 int8: the zoo MACs per layer, BN folded into biases', () => {
    const wl = parseTfliteModel(bytes('tflite/mobilenet_v2_int8.tflite'), 'mobilenet_v2_int8.tflite');
    const zoo = buildZooModel('mobilenet_v2');
    expect(wl.layers.map(layerMacs)).toEqual(zoo.layers.map(layerMacs));
    const t = workloadTotals(wl);
    expect(t.macs).toBe(300_774_272);
    expect(t.weightBytes).toBe(workloadTotals(zoo).weightBytes);
    const bnChannels = zoo.layers.filter((l) => l.bn).reduce((a, l) => a + l.k, 0);
    expect(t.params).toBe(3_504_872 - bnChannels);
    expect(wl.input).toEqual({ c: 3, h: 224, w: 224 });
    expect(wl.notes).toContain('activation tensors: int8');
  });

  it('maps each op: VALID / SAME conv, depthwise ×2, pools, MEAN, SE gate, ADD, CONCATENATION, FC', () => {
    const wl = parseTfliteModel(bytes('tflite/ops_float.tflite'), 'ops_float.tflite');
    expect(wl.layers.map((l) => [l.op, layerMacs(l)])).toEqual([
      ['conv', 30 * 30 * 8 * 27], // VALID 3×3 on 32×32×3
      ['conv', 15 * 15 * 8 * 72], // SAME stride 2 → ceil(30 / 2)
      ['depthwise', 15 * 15 * 16 * 9], // depth multiplier 2
      ['pool', 0],
      ['pool', 0], // MEAN over H, W
      ['eltwise', 0],
      ['eltwise', 0],
      ['eltwise', 0], // CONCATENATION: a copy layer
      ['pool', 0],
      ['fc', 320],
    ]);
    expect(wl.layers[1]).toMatchObject({ padH: 1, padW: 1, strideH: 2 }); // SAME: (15−1)·2 + 3 − 30
    expect(wl.layers[5]?.note).toBe('MUL (squeeze-excite gate)');
    expect(wl.notes).toContain('counted as 0 MACs (activations and shape-only ops, no layer): RESHAPE ×1, SOFTMAX ×1');
  });

  it('an Edge TPU compiled model is reported as such', () => {
    const e = importError(() => parseTfliteModel(bytes('tflite/edgetpu.tflite'), 'edgetpu.tflite'));
    expect(e.message).toContain('compiled for the Edge TPU and its layers are inside edgetpu-custom-op');
    // With CPU ops beside the compiled part, those import and a note says what is hidden.
    const g = new TfNet(TT.int8, [1, 8, 8, 3]);
    const c = g.tensor('tpu', [1, 8, 8, 3], TT.int8);
    g.m.operators.push({ code: OP.CUSTOM, custom: 'edgetpu-custom-op', inputs: [0], outputs: [c] });
    const wl = parseTfliteModel(g.finish(g.conv(c, 4, 3), 'part'), 'part.tflite');
    expect(wl.layers).toHaveLength(1);
    expect(wl.notes?.[0]).toMatch(/^1 edgetpu-custom-op operator: compiled for the Edge TPU/);
  });

  it('errors name the operator, its op and what is supported', () => {
    const g = new TfNet(TT.float32, [1, 4]);
    const y = g.op(83, [0], [1, 4]); // builtin 83 is not mapped
    const e = importError(() => parseTfliteModel(g.finish(y, 'x'), 'x.tflite'));
    expect(e.field).toBe('operator[0].opcode_index');
    expect(e.message).toMatch(
      /^operator\[0\] "op83_1" \(builtin #83\): unsupported op builtin #83; supported: ADD, .*CONV_2D/,
    );
    const custom = tfliteModel({
      tensors: [{ name: 'a', shape: [1] }],
      operators: [{ code: OP.CUSTOM, custom: '<script>', inputs: [0], outputs: [0] }],
      inputs: [0],
      outputs: [0],
    });
    expect(importError(() => parseTfliteModel(custom, 'c.tflite')).message).toContain(
      'custom op "<script>" is not supported',
    );
  });

  it('x + constant and a mean over channels are 0-MAC ops, not layers and not errors', () => {
    const g = new TfNet(TT.float32, [1, 4, 4, 8]);
    const bias = g.tensor('bias', [8], TT.float32, new Uint8Array(32));
    const a = g.op(OP.ADD, [0, bias], [1, 4, 4, 8]);
    const m = g.op(OP.MEAN, [a], [1, 4, 4, 1]);
    const wl = parseTfliteModel(g.finish(g.conv(m, 2, 1), 'x'), 'x.tflite');
    expect(wl.layers.map((l) => l.op)).toEqual(['conv']);
    expect(wl.notes).toContain('counted as 0 MACs (activations and shape-only ops, no layer): ADD ×1, MEAN ×1');
  });

  it('an output shape that contradicts the padding is an error', () => {
    const g = new TfNet(TT.float32, [1, 8, 8, 3]);
    const y = g.conv(0, 4, 3, 1);
    (g.m.tensors[y] as { shape: number[] }).shape = [1, 7, 8, 4];
    expect(importError(() => parseTfliteModel(g.finish(y, 'x'), 'x.tflite')).message).toContain(
      'output height is 7, but SAME padding gives 8',
    );
  });
});

describe('importWorkloadBytes sniffs the content, not only the name', () => {
  it('a TFLite file under any name, an ONNX file named .bin, JSON and CSV as text', () => {
    expect(importWorkloadBytes(bytes('tflite/ops_float.tflite'), 'model.bin').source.kind).toBe('tflite');
    expect(importWorkloadBytes(bytes('onnx/resnet50.onnx'), 'model.bin').source.kind).toBe('onnx');
    expect(importWorkloadBytes(bytes('keras-vgg16.json'), 'vgg').source.kind).toBe('keras');
    expect(importWorkloadBytes(bytes('gemm.csv'), 'gemm.txt').source.kind).toBe('scalesim');
  });

  it('a binary file of another kind is refused naming the formats', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    expect(importError(() => importWorkloadBytes(png, 'cat.png')).message).toContain(
      'neither ONNX nor TFLite; Archscope reads .onnx, .tflite, .json, .csv',
    );
  });
});
