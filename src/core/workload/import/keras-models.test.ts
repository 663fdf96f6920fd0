import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layerMacs, layerParams } from '../layer';
import { workloadTotals } from '../workload';
import { parseKerasModel } from './keras';

/** Whole Keras topologies checked against published totals. */

const fixture = (f: string) => readFileSync(new URL(`../../../../test/fixtures/${f}`, import.meta.url), 'utf8');

describe('VGG-16 (keras.applications.VGG16 topology, Keras 2 Functional)', () => {
  const text = fixture('keras-vgg16.json');

  it('matches torchvision vgg16 (REFERENCE.md §1: 15470.26 M MACs, 138,357,544 params)', () => {
    const wl = parseKerasModel(text, 'keras-vgg16.json');
    const t = workloadTotals(wl);
    expect(Math.abs(t.macs / 15470.26e6 - 1)).toBeLessThan(0.005);
    expect(t.params).toBe(138_357_544);
    expect(wl.layers.filter((l) => l.op === 'conv')).toHaveLength(13);
    expect(wl.layers.filter((l) => l.op === 'fc').map((l) => [l.c, l.k])).toEqual([
      [7 * 7 * 512, 4096],
      [4096, 4096],
      [4096, 1000],
    ]);
    expect(wl.input).toEqual({ c: 3, h: 224, w: 224 });
  });
});

describe('keras.io examples', () => {
  it('"Simple MNIST convnet" (Sequential): Total params 34,826 as printed by model.summary()', () => {
    const wl = parseKerasModel(fixture('keras-sequential.json'), 'keras-sequential.json');
    expect(workloadTotals(wl).params).toBe(34_826);
    expect(wl.layers.map((l) => `${l.op} ${l.k}x${l.p}x${l.q}`)).toEqual([
      'conv 32x26x26',
      'pool 32x13x13',
      'conv 64x11x11',
      'pool 64x5x5',
      'fc 10x1x1',
    ]);
  });

  it('functional API guide "toy ResNet" in Keras 3 format: Total params 223,242', () => {
    const wl = parseKerasModel(fixture('keras3-toy-resnet.json'), 'keras3-toy-resnet.json');
    expect(workloadTotals(wl).params).toBe(223_242);
    expect(wl.layers.filter((l) => l.op === 'eltwise').map((l) => [l.name, l.inputs])).toEqual([
      ['add', 2],
      ['add_1', 2],
    ]);
    expect(wl.layers.find((l) => l.name === 'conv2d_6')).toMatchObject({ h: 9, p: 7 });
  });
});

describe('small functional CNN fixture (BN folding, ZeroPadding, depthwise, Add, separable, Concatenate)', () => {
  const wl = parseKerasModel(fixture('keras-small-cnn.json'), 'keras-small-cnn.json');
  const get = (n: string) => {
    const l = wl.layers.find((x) => x.name === n);
    if (!l) throw new Error(n);
    return l;
  };

  it('builds the expected layer list', () => {
    expect(wl.layers.map((l) => `${l.name}:${l.op}`)).toEqual([
      'stem:conv',
      'dw:depthwise',
      'pw:conv',
      'add:eltwise',
      'branch_a:conv',
      'branch_b_dw:depthwise',
      'branch_b_pw:conv',
      'concat:eltwise',
      'pool:pool',
      'gap:pool',
      'logits:fc',
    ]);
    expect(get('stem')).toMatchObject({ bn: true, p: 16 });
    expect(get('dw')).toMatchObject({ h: 16, padH: 2, p: 16 });
    expect(get('pool')).toMatchObject({ c: 8 + 8, p: 8 });
    expect(get('logits')).toMatchObject({ c: 16, k: 10 });
  });

  it('totals follow Keras’s per-layer formulas (BN: 2 per channel)', () => {
    const t = workloadTotals(wl);
    const macs =
      16 * 16 * 16 * 3 * 9 + // stem
      16 * 16 * 16 * 9 + // dw
      16 * 16 * 16 * 16 + // pw
      16 * 16 * 8 * 16 + // branch_a
      16 * 16 * 16 * 9 + // branch_b depthwise
      16 * 16 * 8 * 16 + // branch_b pointwise
      16 * 10; // logits
    const params =
      3 * 3 * 3 * 16 +
      2 * 16 + // stem + folded BN (γ, β)
      3 * 3 * 16 + // dw, no bias
      16 * 16 +
      16 + // pw
      16 * 8 +
      8 + // branch_a
      3 * 3 * 16 +
      16 * 8 +
      8 + // branch_b
      16 * 10 +
      10; // logits
    expect(t.macs).toBe(macs);
    expect(t.params).toBe(params);
  });
});

/**
 * MobileNetV1 1.0 224 as keras/applications/mobilenet.py builds it: ZeroPadding2D((0,1),(0,1))
 * before every stride-2 depthwise conv (then 'valid'), BN + ReLU(6) after every conv, and a
 * 1×1 conv classifier between Reshapes. Written here as Keras 2 JSON rather than as a fixture.
 */
function mobilenetV1Json(): string {
  const layers: object[] = [];
  let prev = '';
  const add = (cls: string, config: Record<string, unknown> & { name: string }) => {
    layers.push({ class_name: cls, config, name: config.name, inbound_nodes: prev ? [[[prev, 0, 0, {}]]] : [] });
    prev = config.name;
  };
  const bnRelu = (base: string) => {
    add('BatchNormalization', { name: `${base}_bn`, axis: -1, momentum: 0.99, epsilon: 0.001 });
    add('ReLU', { name: `${base}_relu`, max_value: 6 });
  };
  add('InputLayer', { name: 'input_1', batch_input_shape: [null, 224, 224, 3], dtype: 'float32' });
  add('Conv2D', { name: 'conv1', filters: 32, kernel_size: [3, 3], strides: [2, 2], padding: 'same', use_bias: false });
  bnRelu('conv1');
  const blocks: [number, number][] = [
    [64, 1],
    [128, 2],
    [128, 1],
    [256, 2],
    [256, 1],
    [512, 2],
    [512, 1],
    [512, 1],
    [512, 1],
    [512, 1],
    [512, 1],
    [1024, 2],
    [1024, 1],
  ];
  blocks.forEach(([filters, stride], i) => {
    const id = i + 1;
    if (stride === 2)
      add('ZeroPadding2D', {
        name: `conv_pad_${id}`,
        padding: [
          [0, 1],
          [0, 1],
        ],
      });
    add('DepthwiseConv2D', {
      name: `conv_dw_${id}`,
      kernel_size: [3, 3],
      strides: [stride, stride],
      padding: stride === 1 ? 'same' : 'valid',
      depth_multiplier: 1,
      use_bias: false,
    });
    bnRelu(`conv_dw_${id}`);
    add('Conv2D', {
      name: `conv_pw_${id}`,
      filters,
      kernel_size: [1, 1],
      strides: [1, 1],
      padding: 'same',
      use_bias: false,
    });
    bnRelu(`conv_pw_${id}`);
  });
  add('GlobalAveragePooling2D', { name: 'global_average_pooling2d', keepdims: true });
  add('Dropout', { name: 'dropout', rate: 0.001 });
  add('Conv2D', { name: 'conv_preds', filters: 1000, kernel_size: [1, 1], padding: 'same', use_bias: true });
  add('Reshape', { name: 'reshape_2', target_shape: [1000] });
  add('Activation', { name: 'predictions', activation: 'softmax' });
  return JSON.stringify({ class_name: 'Functional', config: { name: 'mobilenet_1.00_224', layers } });
}

describe('MobileNetV1 1.0 (keras.applications topology)', () => {
  const wl = parseKerasModel(mobilenetV1Json(), 'mobilenet.json');

  it('matches REFERENCE.md §1: 568.74 M MACs, 4,231,976 params', () => {
    const t = workloadTotals(wl);
    expect(Math.abs(t.macs / 568.74e6 - 1)).toBeLessThan(0.005);
    expect(t.params).toBe(4_231_976);
  });

  it('BN convention: Keras reports 4,253,864 total = ours + 2 non-trainable per BN channel (21,888)', () => {
    const bnChannels = wl.layers.filter((l) => l.bn).reduce((a, l) => a + l.k, 0);
    expect(2 * bnChannels).toBe(21_888);
    expect(workloadTotals(wl).params + 2 * bnChannels).toBe(4_253_864);
  });

  it('folds every ZeroPadding2D into the stride-2 depthwise conv after it', () => {
    const dw2 = wl.layers.find((l) => l.name === 'conv_dw_2');
    expect(dw2).toMatchObject({ h: 112, padH: 1, p: 56, strideH: 2 });
    expect(wl.layers.filter((l) => l.op === 'depthwise' && l.padH === 1)).toHaveLength(4);
    expect(wl.layers.every((l) => l.op !== 'norm')).toBe(true);
    const preds = wl.layers.find((l) => l.name === 'conv_preds');
    expect(preds && [layerMacs(preds), layerParams(preds)]).toEqual([1024 * 1000, 1024 * 1000 + 1000]);
  });
});
