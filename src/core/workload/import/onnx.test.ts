import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importError } from '../../../../test/errors';
import { onnxModel } from '../../../../test/onnx-writer';
import { layerMacs } from '../layer';
import { workloadTotals } from '../workload';
import { buildZooModel } from '../zoo';
import { parseOnnxModel } from './onnx';

/**
 * ONNX import against real files: every Conv / ConvTranspose / pool / BatchNorm / Linear case of
 * Debian's libonnx-testdata (PyTorch exports) with MACs and parameters that
 * scripts/make-onnx-fixtures.py derived from each file's own shapes, and torchvision's ResNet-50
 * and MobileNetV2 built as ONNX graphs, which must equal the zoo's published counts exactly.
 */
const dir = new URL('../../../../test/fixtures/onnx/', import.meta.url);
const bytes = (f: string) => new Uint8Array(readFileSync(new URL(f, dir)));
const manifest = JSON.parse(readFileSync(new URL('libonnx/manifest.json', dir), 'utf8')) as Record<
  string,
  { macs: number; params: number; output: number[] } | { refused: string }
>;

describe('libonnx-testdata PyTorch exports', () => {
  const cases = Object.entries(manifest);
  it('covers the Conv, pool, BatchNorm and Linear cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    expect(cases.filter(([, c]) => 'macs' in c && c.macs > 0).length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases)('%s', (name, want) => {
    const file = bytes(`libonnx/${name}.onnx`);
    if ('refused' in want) {
      const e = importError(() => parseOnnxModel(file, `${name}.onnx`));
      expect(e.message).toMatch(/node "\d+" \((Conv|AveragePool|MaxPool)\): 3-D .* not supported/);
      return;
    }
    const wl = parseOnnxModel(file, `${name}.onnx`);
    const t = workloadTotals(wl);
    expect(t.macs).toBe(want.macs);
    expect(t.params).toBe(want.params);
    // The layer's output (k, p, q) is the case's expected output tensor, batch included.
    const last = wl.layers[wl.layers.length - 1];
    if (!last) throw new Error('no layer');
    const [n, k, ...spatial] = want.output;
    expect(last.n).toBe(n);
    if (last.op !== 'fc') {
      expect(last.k).toBe(k);
      expect(last.p * last.q).toBe(spatial.reduce((a, b) => a * b, 1));
    }
  });
});

describe('full-size graphs built with onnx.helper', () => {
  it.each([
    ['resnet50.onnx', 'resnet50'],
    ['mobilenet_v2.onnx', 'mobilenet_v2'],
  ])('%s imports with exactly the zoo MACs, parameters and layer count', (file, zooId) => {
    const wl = parseOnnxModel(bytes(file), file);
    const zoo = buildZooModel(zooId);
    expect(workloadTotals(wl)).toEqual(workloadTotals(zoo));
    expect(wl.layers.map((l) => l.op)).toEqual(zoo.layers.map((l) => l.op));
    expect(wl.layers.map(layerMacs)).toEqual(zoo.layers.map(layerMacs));
    expect(wl.input).toEqual({ c: 3, h: 224, w: 224 });
    // Weights are external data files that are not shipped: the topology imports without them.
    expect(wl.notes?.[0]).toMatch(/^\d+ initializers use external data files/);
  });

  it('names every layer after its source node, BN folded into the conv before it', () => {
    const wl = parseOnnxModel(bytes('resnet50.onnx'), 'resnet50.onnx');
    expect(wl.layers[0]?.name).toBe('conv1');
    expect(wl.layers[0]?.note).toBe('Conv; BN "batchnormalization1" folded');
    expect(wl.notes?.[1]).toBe('counted as 0 MACs (activations and shape-only ops, no layer): Relu ×49, Flatten ×1');
  });

  it('maps SE, auto_pad, dilation, ConvTranspose, Resize, a Reshape chain, MatMul + Add, LSTM and GRU', () => {
    const want = JSON.parse(readFileSync(new URL('patterns.json', dir), 'utf8')) as { what: string; macs: number }[];
    const wl = parseOnnxModel(bytes('patterns.onnx'), 'patterns.onnx');
    expect(wl.layers.map(layerMacs)).toEqual(want.map((w) => w.macs));
    expect(wl.layers.map((l) => l.op)).toEqual([
      'conv',
      'conv',
      'pool',
      'fc',
      'fc',
      'eltwise',
      'conv',
      'eltwise', // Concat of the Resize and ConvTranspose outputs: a copy
      'pool',
      'conv',
      'lstm',
      'fc',
      'fc',
      'fc',
      'fc',
    ]);
    expect(wl.layers[5]?.note).toBe('Mul (squeeze-excite gate)');
    expect(wl.layers[7]?.note).toBe('Concat (copy)');
    expect(wl.layers[9]?.bias).toBe(true); // the Add after the MatMul is its bias
  });
});

const conv = (attrs = {}) =>
  onnxModel({
    inputs: [{ name: 'x', dims: ['batch', 3, 8, 8] }],
    initializers: [{ name: 'w', dims: [4, 3, 3, 3] }],
    nodes: [{ op: 'Conv', name: 'c1', inputs: ['x', 'w'], outputs: ['y'], attrs }],
  });

describe('ONNX recurrent layers in the graph', () => {
  const rnn = (op: 'LSTM' | 'GRU', gates: number) =>
    onnxModel({
      inputs: [{ name: 'x', dims: [5, 1, 8] }],
      initializers: [
        { name: 'p', dims: [8, 8] },
        { name: 'W', dims: [2, gates * 6, 8] },
        { name: 'R', dims: [2, gates * 6, 6] },
      ],
      nodes: [
        { op: 'MatMul', name: 'proj', inputs: ['x', 'p'], outputs: ['s'] },
        {
          op,
          name: 'rnn',
          inputs: ['s', 'W', 'R'],
          outputs: ['y'],
          attrs: { hidden_size: 6, direction: 'bidirectional' },
        },
      ],
    });

  it("a bidirectional LSTM's backward direction reads the input sequence, not the forward direction", () => {
    const wl = parseOnnxModel(rnn('LSTM', 4), 'lstm.onnx');
    expect(wl.layers.map((l) => l.name)).toEqual(['proj', 'rnn.fw', 'rnn.bw']);
    // Layer 1 reads layer 0 (the default edge); layer 2 reads layer 0 too, not layer 1.
    expect(wl.layers[1]?.from).toBeUndefined();
    expect(wl.layers[2]?.from).toEqual([0]);
  });

  it("a bidirectional GRU's backward input projection reads the sequence; each recurrent projection follows its own", () => {
    const wl = parseOnnxModel(rnn('GRU', 3), 'gru.onnx');
    expect(wl.layers.map((l) => l.name)).toEqual(['proj', 'rnn.fw.W', 'rnn.fw.R', 'rnn.bw.W', 'rnn.bw.R']);
    expect(wl.layers.map((l) => l.from)).toEqual([undefined, undefined, undefined, [0], undefined]);
  });
});

describe('ONNX errors name the node, its op type and what is supported', () => {
  it('a symbolic batch is taken as 1, with a note', () => {
    const wl = parseOnnxModel(conv({ pads: [1, 1, 1, 1] }), 'c.onnx');
    expect(wl.layers[0]).toMatchObject({ n: 1, c: 3, k: 4, p: 8, q: 8, padH: 2 });
    expect(wl.notes).toContain('input "x": symbolic batch taken as 1');
  });

  it('second outputs (Dropout mask, MaxPool indices) and Flatten with a negative axis', () => {
    const m = onnxModel({
      inputs: [{ name: 'x', dims: [1, 2, 4, 4] }],
      initializers: [{ name: 'w', dims: [8, 5] }],
      nodes: [
        { op: 'Dropout', inputs: ['x'], outputs: ['d', 'mask'] },
        { op: 'MaxPool', inputs: ['d'], outputs: ['p', 'idx'], attrs: { kernel_shape: [2, 2], strides: [2, 2] } },
        { op: 'Flatten', inputs: ['p'], outputs: ['f'], attrs: { axis: -3 } }, // [1, 2·2·2]
        { op: 'MatMul', name: 'mm', inputs: ['f', 'w'], outputs: ['y'] },
      ],
    });
    const wl = parseOnnxModel(m, 'm.onnx');
    expect(wl.layers.map((l) => [l.op, layerMacs(l)])).toEqual([
      ['pool', 0],
      ['fc', 40],
    ]);
  });

  it('an unsupported op', () => {
    const m = onnxModel({
      inputs: [{ name: 'x', dims: [1, 4] }],
      nodes: [{ op: 'NonMaxSuppression', name: '<b>nms</b>', inputs: ['x'], outputs: ['y'] }],
    });
    const e = importError(() => parseOnnxModel(m, 'm.onnx'));
    expect(e.field).toBe('<b>nms</b>.op_type');
    expect(e.message).toMatch(
      /^node "<b>nms<\/b>" \(NonMaxSuppression\): unsupported op type NonMaxSuppression; supported: .*Conv.*/,
    );
  });

  it('an op of another domain', () => {
    const m = onnxModel({
      inputs: [{ name: 'x', dims: [1, 4] }],
      nodes: [{ op: 'FusedConv', domain: 'com.microsoft', name: 'f', inputs: ['x'], outputs: ['y'] }],
    });
    expect(importError(() => parseOnnxModel(m, 'm.onnx')).message).toMatch(/com\.microsoft\.FusedConv is outside/);
  });

  it('bad attributes and shapes', () => {
    expect(importError(() => parseOnnxModel(conv({ auto_pad: 'MIRROR' }), 'c.onnx')).field).toBe('c1.auto_pad');
    expect(importError(() => parseOnnxModel(conv({ strides: [0, 1] }), 'c.onnx')).field).toBe('c1.strides');
    expect(importError(() => parseOnnxModel(conv({ group: 2 }), 'c.onnx')).field).toBe('c1.group');
    expect(importError(() => parseOnnxModel(conv({ kernel_shape: [9, 9] }), 'c.onnx')).message).toContain(
      'kernel_shape [9, 9] differs from the weight [4, 3, 3, 3]',
    );
    const big = onnxModel({
      inputs: [{ name: 'x', dims: [1, 3, 8, 8] }],
      initializers: [{ name: 'w', dims: [4, 3, 9, 9] }],
      nodes: [{ op: 'Conv', name: 'c1', inputs: ['x', 'w'], outputs: ['y'] }],
    });
    expect(importError(() => parseOnnxModel(big, 'c.onnx')).message).toContain(
      'window 9 (dilated 9) does not fit input 8',
    );
  });

  it('a symbolic spatial input dimension', () => {
    const m = onnxModel({
      inputs: [{ name: 'x', dims: [1, 3, 'h', 8] }],
      initializers: [{ name: 'w', dims: [4, 3, 3, 3] }],
      nodes: [{ op: 'Conv', inputs: ['x', 'w'], outputs: ['y'] }],
    });
    expect(importError(() => parseOnnxModel(m, 'm.onnx')).message).toContain('dimension 2 is symbolic');
  });

  it('a Reshape target computed at run time needs value_info, which is then used', () => {
    const spec = {
      inputs: [
        { name: 'x', dims: [1, 3, 8, 8] },
        { name: 's', dims: [2] },
      ],
      initializers: [{ name: 'w', dims: [10, 192] }],
      nodes: [
        { op: 'Reshape', name: 'r', inputs: ['x', 's'], outputs: ['f'] },
        { op: 'Gemm', name: 'fc', inputs: ['f', 'w'], outputs: ['y'], attrs: { transB: 1 } },
      ],
    };
    expect(importError(() => parseOnnxModel(onnxModel(spec), 'm.onnx')).message).toMatch(
      /node "r" \(Reshape\): shape \(input 1\) is computed at run time/,
    );
    const wl = parseOnnxModel(onnxModel({ ...spec, valueInfo: [{ name: 'f', dims: [1, 192] }] }), 'm.onnx');
    expect(layerMacs(wl.layers[0] as never)).toBe(1920);
  });

  it('value_info that contradicts the inferred shape', () => {
    const m = onnxModel({
      inputs: [{ name: 'x', dims: [1, 3, 8, 8] }],
      initializers: [{ name: 'w', dims: [4, 3, 3, 3] }],
      valueInfo: [{ name: 'y', dims: [1, 4, 8, 8] }],
      nodes: [{ op: 'Conv', name: 'c', inputs: ['x', 'w'], outputs: ['y'] }],
    });
    expect(importError(() => parseOnnxModel(m, 'm.onnx')).message).toContain(
      'value_info gives "y" shape [1, 4, 8, 8] but the node computes [1, 4, 6, 6]',
    );
  });

  it('an attribute list over the limit names the limit', () => {
    const e = importError(() => parseOnnxModel(conv({ pads: Array.from({ length: 65_537 }, () => 0) }), 'c.onnx'));
    expect(e.field).toBe('graph.node[0].attribute.ints');
    expect(e.message).toBe('graph.node[0].attribute.ints: more than 65536 values; the limit is 65536');
  });

  it('bytes that are not ONNX', () => {
    const e = importError(() => parseOnnxModel(new TextEncoder().encode('<html>hello</html>'), 'x.onnx'));
    expect(e.field).toMatch(/^model/);
    expect(importError(() => parseOnnxModel(new Uint8Array(), 'x.onnx')).message).toContain('no graph');
  });

  it('a 3 MB weight is skipped by its length prefix, not decoded', () => {
    const raw = new Uint8Array(3 * 1024 * 1024);
    const m = onnxModel({
      inputs: [{ name: 'x', dims: [1, 1024] }],
      initializers: [{ name: 'w', dims: [1024, 768], raw }],
      nodes: [{ op: 'MatMul', inputs: ['x', 'w'], outputs: ['y'] }],
    });
    expect(workloadTotals(parseOnnxModel(m, 'm.onnx')).macs).toBe(1024 * 768);
  });
});
