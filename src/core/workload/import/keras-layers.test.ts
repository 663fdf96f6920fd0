import { describe, expect, it } from 'vitest';
import { importError } from '../../../../test/errors';
import { type Layer, layerMacs, layerParams } from '../layer';
import { type Workload, workloadTotals } from '../workload';
import { parseKerasModel } from './keras';

/**
 * One test (or more) per supported Keras layer class. Expected shapes follow the TensorFlow /
 * Keras documentation ('same': ⌈in/stride⌉; 'valid': ⌊(in − window)/stride⌋ + 1) and expected
 * parameter counts Keras's own `count_params()` formulas, written out in each test.
 */

type Spec = [className: string, config: Record<string, unknown>];

/** A Keras 2 Sequential `to_json()` with an InputLayer of the given shape (batch excluded). */
function sequential(input: (number | null)[], ...layers: Spec[]): string {
  return JSON.stringify({
    class_name: 'Sequential',
    config: {
      name: 'test',
      layers: [
        { class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, ...input], dtype: 'float32' } },
        ...layers.map(([cls, cfg], i) => ({ class_name: cls, config: { name: `l${i}`, trainable: true, ...cfg } })),
      ],
    },
  });
}

type Node = [className: string, config: Record<string, unknown> & { name: string }, inbound: string[]];

/** A Keras 2 functional `to_json()`; inputs are layers with no inbound names. */
function functional(...nodes: Node[]): string {
  return JSON.stringify({
    class_name: 'Functional',
    config: {
      name: 'test',
      layers: nodes.map(([cls, config, inbound]) => ({
        class_name: cls,
        config,
        name: config.name,
        inbound_nodes: inbound.length ? [inbound.map((n) => [n, 0, 0, {}])] : [],
      })),
    },
  });
}

const load = (json: string): Workload => parseKerasModel(json, 'test.json');
const first = (wl: Workload): Layer => wl.layers[0] as Layer;
const byName = (wl: Workload, name: string): Layer => {
  const l = wl.layers.find((x) => x.name === name);
  if (!l) throw new Error(`no layer ${name} in ${wl.layers.map((x) => x.name).join(', ')}`);
  return l;
};

describe('Conv2D', () => {
  it('same padding with stride: out = ceil(in/stride), TF pad total', () => {
    const l = first(
      load(sequential([15, 15, 4], ['Conv2D', { filters: 8, kernel_size: [3, 3], strides: [2, 2], padding: 'same' }])),
    );
    expect(l).toMatchObject({
      op: 'conv',
      c: 4,
      h: 15,
      w: 15,
      k: 8,
      p: 8,
      q: 8,
      r: 3,
      s: 3,
      padH: 2,
      padW: 2,
      bias: true,
    });
    expect(layerMacs(l)).toBe(8 * 8 * 8 * 4 * 9);
    expect(layerParams(l)).toBe(3 * 3 * 4 * 8 + 8); // Keras: kernel + bias
  });

  it('valid padding with a rectangular kernel and per-axis strides', () => {
    const l = first(
      load(
        sequential(
          [15, 15, 4],
          ['Conv2D', { filters: 8, kernel_size: [3, 5], strides: [2, 1], padding: 'valid', use_bias: false }],
        ),
      ),
    );
    expect(l).toMatchObject({ p: 7, q: 11, r: 3, s: 5, strideH: 2, strideW: 1, padH: 0, bias: false });
    expect(layerParams(l)).toBe(3 * 5 * 4 * 8);
  });

  it('groups split the input channels', () => {
    const l = first(
      load(sequential([8, 8, 4], ['Conv2D', { filters: 8, kernel_size: 3, padding: 'same', groups: 2 }])),
    );
    expect(l.groups).toBe(2);
    expect(layerParams(l)).toBe(3 * 3 * (4 / 2) * 8 + 8);
    const e = importError(() => load(sequential([8, 8, 4], ['Conv2D', { filters: 6, kernel_size: 3, groups: 4 }])));
    expect(e.field).toBe('l0.groups');
  });

  it('dilation widens the window without adding taps, and is noted', () => {
    const l = first(load(sequential([15, 15, 2], ['Conv2D', { filters: 4, kernel_size: 3, dilation_rate: 2 }])));
    expect(l).toMatchObject({ p: 11, q: 11, r: 3 }); // window (3−1)·2+1 = 5: 15 − 5 + 1
    expect(layerMacs(l)).toBe(11 * 11 * 4 * 2 * 9);
    expect(l.note).toMatch(/dilation 2x2 \(window 5x5\)/);
  });
});

describe('DepthwiseConv2D and SeparableConv2D', () => {
  it('depth_multiplier multiplies the output channels', () => {
    const l = first(
      load(sequential([10, 10, 3], ['DepthwiseConv2D', { kernel_size: 3, padding: 'same', depth_multiplier: 2 }])),
    );
    expect(l).toMatchObject({ op: 'depthwise', c: 3, k: 6, groups: 3, p: 10 });
    expect(layerMacs(l)).toBe(10 * 10 * 6 * 9);
    expect(layerParams(l)).toBe(3 * 3 * 3 * 2 + 6);
  });

  it('SeparableConv2D becomes a bias-free depthwise then a pointwise conv with the bias', () => {
    const wl = load(
      sequential([10, 10, 3], ['SeparableConv2D', { filters: 5, kernel_size: 3, strides: 2, padding: 'same' }]),
    );
    expect(wl.layers.map((l) => [l.name, l.op])).toEqual([
      ['l0_dw', 'depthwise'],
      ['l0_pw', 'conv'],
    ]);
    expect(byName(wl, 'l0_pw')).toMatchObject({ c: 3, h: 5, k: 5, r: 1, p: 5 });
    // Keras: depthwise_kernel 3·3·3 + pointwise_kernel 3·5 + bias 5 = 47.
    expect(workloadTotals(wl).params).toBe(47);
  });
});

describe('Conv2DTranspose', () => {
  const t = (cfg: Record<string, unknown>) =>
    first(load(sequential([7, 7, 4], ['Conv2DTranspose', { filters: 2, kernel_size: 3, strides: 2, ...cfg }])));
  it('output sizes follow Keras deconv_output_length', () => {
    expect(t({ padding: 'same' })).toMatchObject({ p: 14, q: 14, transposed: true }); // in·stride
    expect(t({ padding: 'valid' })).toMatchObject({ p: 15 }); // in·stride + max(k − stride, 0)
    expect(t({ padding: 'same', output_padding: 1 })).toMatchObject({ p: 14 }); // (in−1)·s + k − 2·⌊k/2⌋ + 1
    expect(t({ padding: 'valid', output_padding: [0, 1] })).toMatchObject({ p: 15, q: 16 });
  });
  it('counts MACs per input pixel and Keras parameters', () => {
    const l = t({ padding: 'same' });
    expect(layerMacs(l)).toBe(7 * 7 * 4 * 2 * 9);
    expect(layerParams(l)).toBe(3 * 3 * 2 * 4 + 2);
  });
});

describe('Dense', () => {
  it('on a vector is a fully connected layer', () => {
    const l = first(load(sequential([20], ['Dense', { units: 5 }])));
    expect(l).toMatchObject({ op: 'fc', c: 20, k: 5 });
    expect(layerParams(l)).toBe(20 * 5 + 5);
  });
  it('on a sequence applies per timestep (shared weights), keeping the timestep axis', () => {
    const wl = load(sequential([6, 20], ['Dense', { units: 5 }], ['Flatten', {}], ['Dense', { units: 1 }]));
    const l = first(wl);
    expect(l).toMatchObject({ op: 'conv', c: 20, h: 6, w: 1, k: 5, r: 1, p: 6 });
    expect(layerMacs(l)).toBe(6 * 20 * 5);
    expect(layerParams(l)).toBe(20 * 5 + 5);
    expect(byName(wl, 'l2')).toMatchObject({ op: 'fc', c: 6 * 5 });
  });
});

describe('pooling', () => {
  it('MaxPooling2D / AveragePooling2D: valid and same, strides default to the pool size', () => {
    const wl = load(
      sequential(
        [15, 15, 4],
        ['MaxPooling2D', { pool_size: 3, strides: 2, padding: 'valid' }],
        ['MaxPooling2D', { pool_size: 3, strides: 2, padding: 'same' }],
        ['AveragePooling2D', {}],
      ),
    );
    expect(wl.layers.map((l) => [l.op, l.pool, l.h, l.p])).toEqual([
      ['pool', 'max', 15, 7],
      ['pool', 'max', 7, 4],
      ['pool', 'avg', 4, 2],
    ]);
    expect(workloadTotals(wl)).toMatchObject({ macs: 0, params: 0 });
  });
  it('global pooling reduces to channels (keepdims keeps 1x1)', () => {
    const a = load(sequential([7, 7, 16], ['GlobalAveragePooling2D', {}], ['Dense', { units: 10 }]));
    expect(first(a)).toMatchObject({ op: 'pool', pool: 'avg', r: 7, s: 7, p: 1, q: 1, k: 16 });
    expect(byName(a, 'l1')).toMatchObject({ op: 'fc', c: 16 });
    const b = load(
      sequential([7, 7, 16], ['GlobalMaxPooling2D', { keepdims: true }], ['Conv2D', { filters: 4, kernel_size: 1 }]),
    );
    expect(first(b).pool).toBe('max');
    expect(byName(b, 'l1')).toMatchObject({ c: 16, h: 1, w: 1 });
  });
});

describe('BatchNormalization', () => {
  it('folds into the conv it directly follows: 2 params per channel, not Keras’s 4', () => {
    const wl = load(
      sequential(
        [8, 8, 4],
        ['Conv2D', { filters: 8, kernel_size: 3, use_bias: false }],
        ['BatchNormalization', { axis: [3] }],
      ),
    );
    expect(wl.layers).toHaveLength(1);
    expect(first(wl)).toMatchObject({ bn: true, bias: false });
    // Keras count_params(): 3·3·4·8 + 4·8 (γ, β, moving mean, moving variance); trainable: + 2·8.
    expect(workloadTotals(wl).params).toBe(3 * 3 * 4 * 8 + 4 * 8 - 2 * 8);
  });
  it('folds into a Dense too, but stays a separate norm layer after an activation', () => {
    const wl = load(
      sequential(
        [8, 8, 4],
        ['Conv2D', { filters: 8, kernel_size: 3 }],
        ['ReLU', {}],
        ['BatchNormalization', { axis: -1 }],
        ['Flatten', {}],
        ['Dense', { units: 3 }],
        ['BatchNormalization', {}],
      ),
    );
    expect(wl.layers.map((l) => [l.op, l.bn])).toEqual([
      ['conv', false],
      ['norm', false],
      ['fc', true],
    ]);
    expect(byName(wl, 'l2')).toMatchObject({ c: 8, h: 6, w: 6, k: 8 });
    expect(layerParams(byName(wl, 'l2'))).toBe(2 * 8);
  });
});

describe('activations and identities produce no layers', () => {
  it.each([
    'Activation',
    'ReLU',
    'LeakyReLU',
    'PReLU',
    'ELU',
    'Softmax',
    'ThresholdedReLU',
    'Dropout',
    'SpatialDropout2D',
  ])('%s', (cls) => {
    const wl = load(
      sequential([4, 4, 2], [cls, { activation: 'relu', rate: 0.5 }], ['Conv2D', { filters: 3, kernel_size: 1 }]),
    );
    expect(wl.layers).toHaveLength(1);
    expect(first(wl)).toMatchObject({ c: 2, h: 4 });
  });
});

describe('merges', () => {
  it('Add of three tensors is one eltwise layer reading 3 inputs', () => {
    const wl = load(
      functional(
        ['InputLayer', { name: 'x', batch_input_shape: [null, 4, 4, 8] }, []],
        ['Conv2D', { name: 'a', filters: 8, kernel_size: 1 }, ['x']],
        ['Conv2D', { name: 'b', filters: 8, kernel_size: 1 }, ['x']],
        ['Add', { name: 'sum' }, ['x', 'a', 'b']],
      ),
    );
    expect(byName(wl, 'sum')).toMatchObject({ op: 'eltwise', inputs: 3, c: 8, h: 4, w: 4, k: 8, p: 4 });
    expect(layerMacs(byName(wl, 'sum'))).toBe(0);
  });
  it('Multiply broadcasts an SE gate [1,1,C] over [H,W,C]; incompatible shapes are an error', () => {
    const wl = load(
      functional(
        ['InputLayer', { name: 'x', batch_input_shape: [null, 4, 4, 8] }, []],
        ['GlobalAveragePooling2D', { name: 'gap', keepdims: true }, ['x']],
        ['Multiply', { name: 'gate' }, ['x', 'gap']],
      ),
    );
    expect(byName(wl, 'gate')).toMatchObject({ inputs: 2, c: 8, h: 4, w: 4 });
    const e = importError(() =>
      load(
        functional(
          ['InputLayer', { name: 'x', batch_input_shape: [null, 4, 4, 8] }, []],
          ['Conv2D', { name: 'a', filters: 3, kernel_size: 1 }, ['x']],
          ['Subtract', { name: 'bad' }, ['x', 'a']],
        ),
      ),
    );
    expect(e.field).toBe('bad.inbound_nodes');
    expect(e.message).toMatch(/\[4, 4, 8\], \[4, 4, 3\] do not broadcast/);
  });
  it('Concatenate is a 0-MAC copy layer reading its parts; mismatched spatial sizes are an error', () => {
    const wl = load(
      functional(
        ['InputLayer', { name: 'x', batch_input_shape: [null, 4, 4, 8] }, []],
        ['Conv2D', { name: 'a', filters: 3, kernel_size: 1 }, ['x']],
        ['Concatenate', { name: 'cat', axis: -1 }, ['x', 'a']],
        ['Conv2D', { name: 'after', filters: 2, kernel_size: 1 }, ['cat']],
      ),
    );
    expect(wl.layers.map((l) => l.name)).toEqual(['a', 'cat', 'after']);
    // The copy reads the model input (-1) and conv a (layer 0), in the node's order.
    expect(byName(wl, 'cat')).toMatchObject({ op: 'eltwise', inputs: 1, c: 11, k: 11, h: 4, p: 4, from: [-1, 0] });
    expect(layerMacs(byName(wl, 'cat'))).toBe(0);
    expect(byName(wl, 'after').c).toBe(11);
    expect(byName(wl, 'after').from).toBeUndefined();
    const e = importError(() =>
      load(
        functional(
          ['InputLayer', { name: 'x', batch_input_shape: [null, 4, 4, 8] }, []],
          ['MaxPooling2D', { name: 'p' }, ['x']],
          ['Concatenate', { name: 'cat' }, ['x', 'p']],
        ),
      ),
    );
    expect(e.field).toBe('cat.axis');
  });
});

describe('shape-only layers', () => {
  it('ZeroPadding2D feeds its padding into a following valid conv (Keras MobileNet stride-2 blocks)', () => {
    const wl = load(
      sequential(
        [112, 112, 32],
        [
          'ZeroPadding2D',
          {
            padding: [
              [0, 1],
              [0, 1],
            ],
          },
        ],
        ['DepthwiseConv2D', { kernel_size: 3, strides: 2, padding: 'valid' }],
      ),
    );
    expect(wl.layers).toHaveLength(1);
    expect(first(wl)).toMatchObject({ h: 112, w: 112, padH: 1, padW: 1, p: 56, q: 56 });
    expect(first(wl).note).toMatch(/ZeroPadding2D/);
  });
  it('ZeroPadding2D otherwise just grows the tensor', () => {
    const wl = load(
      sequential(
        [10, 10, 2],
        ['ZeroPadding2D', { padding: 2 }],
        ['ZeroPadding2D', { padding: [1, 0] }],
        ['MaxPooling2D', {}],
        ['Conv2D', { filters: 1, kernel_size: 1, padding: 'same' }],
      ),
    );
    expect(first(wl)).toMatchObject({ op: 'pool', h: 16, w: 14, p: 8, q: 7 });
    const sameConv = load(
      sequential(
        [10, 10, 2],
        ['ZeroPadding2D', { padding: 1 }],
        ['Conv2D', { filters: 1, kernel_size: 3, padding: 'same' }],
      ),
    );
    expect(first(sameConv)).toMatchObject({ h: 12, padH: 2, p: 12 });
  });
  it('UpSampling2D, Flatten, Reshape and Permute change only the shape', () => {
    const wl = load(
      sequential(
        [3, 4, 2],
        ['UpSampling2D', { size: [2, 3] }],
        ['Conv2D', { filters: 5, kernel_size: 1 }],
        ['Flatten', {}],
        ['Reshape', { target_shape: [-1, 10] }],
        ['Permute', { dims: [2, 1] }],
        ['Dense', { units: 7 }],
      ),
    );
    expect(wl.layers).toHaveLength(2);
    expect(first(wl)).toMatchObject({ h: 6, w: 12, c: 2 });
    // 6·12·5 = 360 values → (36, 10) → (10, 36): Dense on the last axis, applied at 10 positions.
    expect(byName(wl, 'l5')).toMatchObject({ op: 'conv', c: 36, h: 10, k: 7 });
    const e = importError(() => load(sequential([3, 4], ['Reshape', { target_shape: [5, -1] }])));
    expect(e.field).toBe('l0.target_shape');
    expect(importError(() => load(sequential([3, 4], ['Permute', { dims: [1, 1] }]))).field).toBe('l0.dims');
  });
});

describe('sequences', () => {
  it('LSTM: params 4·(H·(I+H) + H) and MACs 4·H·(I+H) per timestep (REFERENCE.md §1)', () => {
    const wl = load(
      sequential(
        [10, 32],
        ['LSTM', { units: 64, return_sequences: true }],
        ['LSTM', { units: 64 }],
        ['Dense', { units: 3 }],
      ),
    );
    const [a, b] = wl.layers as [Layer, Layer];
    expect(a).toMatchObject({ op: 'lstm', c: 32, k: 64, timesteps: 10 });
    expect(layerParams(a)).toBe(4 * (64 * (32 + 64) + 64));
    expect(layerMacs(a)).toBe(10 * 4 * 64 * (32 + 64));
    expect(b).toMatchObject({ c: 64, timesteps: 10 });
    expect(byName(wl, 'l2')).toMatchObject({ op: 'fc', c: 64 }); // last timestep only
    expect(wl.input).toEqual({ c: 32, h: 10, w: 1 });
  });
  it('Embedding is a 0-MAC lookup on token ids; the workload input is then 1 x T', () => {
    const wl = load(sequential([12], ['Embedding', { input_dim: 1000, output_dim: 16 }], ['LSTM', { units: 8 }]));
    const e = first(wl);
    expect(e).toMatchObject({ op: 'eltwise', c: 16, h: 12, k: 16, p: 12 });
    expect(layerMacs(e)).toBe(0);
    expect(e.note).toMatch(/16000 params/);
    expect(byName(wl, 'l1')).toMatchObject({ c: 16, timesteps: 12 });
    expect(wl.input).toEqual({ c: 1, h: 12, w: 1 });
  });
  it('an LSTM needs a (timesteps, features) input', () => {
    expect(importError(() => load(sequential([4, 4, 2], ['LSTM', { units: 3 }]))).field).toBe('l0.input_shape');
  });
});

describe('channels_first', () => {
  it('reads (C, H, W) for convs, pooling, BN axis 1 and the workload input', () => {
    const cf = { data_format: 'channels_first' };
    const wl = load(
      sequential(
        [3, 32, 30],
        ['Conv2D', { filters: 8, kernel_size: 3, padding: 'same', strides: 2, ...cf }],
        ['BatchNormalization', { axis: 1 }],
        ['MaxPooling2D', cf],
        ['Flatten', cf],
        ['Dense', { units: 2 }],
      ),
    );
    expect(wl.input).toEqual({ c: 3, h: 32, w: 30 });
    expect(first(wl)).toMatchObject({ c: 3, h: 32, w: 30, k: 8, p: 16, q: 15, bn: true });
    expect(byName(wl, 'l2')).toMatchObject({ c: 8, h: 16, w: 15, p: 8, q: 7 });
    expect(byName(wl, 'l4')).toMatchObject({ c: 8 * 8 * 7 });
  });
});
