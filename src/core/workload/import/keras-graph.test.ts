import { describe, expect, it } from 'vitest';
import { importError } from '../../../../test/errors';
import { workloadTotals } from '../workload';
import { parseKerasModel } from './keras';

/** Graph formats (TF.js / bare, Keras 2 / 3, Sequential / functional) and every error path. */

const conv = (name: string, filters = 4) => ({
  class_name: 'Conv2D',
  config: { name, filters, kernel_size: [3, 3], strides: [1, 1], padding: 'same', use_bias: true },
});
const input = (name: string, shape: (number | null)[] = [8, 8, 3]) => ({
  class_name: 'InputLayer',
  config: { name, batch_input_shape: [null, ...shape] },
});
const k2 = (layer: { class_name: string; config: { name: string } }, ...calls: string[][]) => ({
  ...layer,
  name: layer.config.name,
  inbound_nodes: calls.map((refs) => refs.map((r) => [r, 0, 0, {}])),
});
const functional = (layers: unknown[]) => ({ class_name: 'Functional', config: { name: 'g', layers } });
const sequential = (layers: unknown[]) => ({ class_name: 'Sequential', config: { name: 's', layers } });

const load = (obj: unknown) => parseKerasModel(typeof obj === 'string' ? obj : JSON.stringify(obj), 'g.json');

// 8x8x3 → conv 4 (3·3·3·4 + 4 = 112 params) → conv 4 (3·3·4·4 + 4 = 148 params).
const seqModel = sequential([input('in'), conv('c1'), conv('c2')]);
const SEQ_PARAMS = 112 + 148;

describe('model containers', () => {
  it('reads a bare Keras model.to_json()', () => {
    expect(workloadTotals(load(seqModel)).params).toBe(SEQ_PARAMS);
  });
  it('reads a TF.js layers-model artifact (modelTopology.model_config or modelTopology itself)', () => {
    const a = load({
      format: 'layers-model',
      modelTopology: { keras_version: '2.12', model_config: seqModel },
      weightsManifest: [],
    });
    const b = load({ modelTopology: { ...seqModel, keras_version: '2.12' }, weightsManifest: [] });
    expect(workloadTotals(a).params).toBe(SEQ_PARAMS);
    expect(workloadTotals(b).params).toBe(SEQ_PARAMS);
    expect(a.source).toEqual({ kind: 'keras', file: 'g.json' });
    expect(a.id).toBe('import:g.json');
    expect(a.name).toBe('s');
  });
  it('reads a Sequential whose first layer carries batch_input_shape, or Keras 1 list config', () => {
    const first = { class_name: 'Conv2D', config: { ...conv('c1').config, batch_input_shape: [null, 8, 8, 3] } };
    expect(workloadTotals(load(sequential([first, conv('c2')]))).params).toBe(SEQ_PARAMS);
    expect(workloadTotals(load({ class_name: 'Sequential', config: [first, conv('c2')] })).params).toBe(SEQ_PARAMS);
  });
  it('reads a Keras 3 Sequential (batch_shape, module/registered_name wrappers, build_input_shape)', () => {
    const wrap = (l: { class_name: string; config: object }) => ({
      module: 'keras.layers',
      registered_name: null,
      ...l,
    });
    const k3 = {
      module: 'keras',
      class_name: 'Sequential',
      config: {
        name: 'k3',
        layers: [
          wrap({ class_name: 'InputLayer', config: { name: 'in', batch_shape: [null, 8, 8, 3] } }),
          wrap(conv('c1')),
          wrap(conv('c2')),
        ],
        build_input_shape: [null, 8, 8, 3],
      },
    };
    expect(workloadTotals(load(k3)).params).toBe(SEQ_PARAMS);
    const noInputLayer = { ...k3, config: { ...k3.config, layers: [wrap(conv('c1')), wrap(conv('c2'))] } };
    expect(workloadTotals(load(noInputLayer)).params).toBe(SEQ_PARAMS);
  });
});

describe('functional graphs', () => {
  it('sorts layers listed out of order so every layer follows its inputs', () => {
    const wl = load(functional([k2(conv('c2'), ['c1']), k2(conv('c1'), ['in']), k2(input('in'))]));
    expect(wl.layers.map((l) => l.name)).toEqual(['c1', 'c2']);
    expect(wl.layers[1]?.c).toBe(4);
  });
  it('accepts class_name "Model" (TF.js, older Keras)', () => {
    const m = { class_name: 'Model', config: { name: 'm', layers: [k2(input('in')), k2(conv('c1'), ['in'])] } };
    expect(load(m).layers).toHaveLength(1);
  });
  it('reads the Keras 3 inbound form {args: [__keras_tensor__ ...]}', () => {
    const t = (name: string) => ({
      class_name: '__keras_tensor__',
      config: { shape: [null, 8, 8, 4], keras_history: [name, 0, 0] },
    });
    const layers = [
      { ...input('in'), name: 'in', inbound_nodes: [] },
      { ...conv('a'), name: 'a', inbound_nodes: [{ args: [t('in')], kwargs: {} }] },
      { ...conv('b'), name: 'b', inbound_nodes: [{ args: [t('a')], kwargs: {} }] },
      {
        class_name: 'Add',
        config: { name: 'sum' },
        name: 'sum',
        inbound_nodes: [{ args: [[t('a'), t('b')]], kwargs: {} }],
      },
    ];
    const wl = load(functional(layers));
    expect(wl.layers.map((l) => [l.name, l.op, l.inputs ?? 1])).toEqual([
      ['a', 'conv', 1],
      ['b', 'conv', 1],
      ['sum', 'eltwise', 2],
    ]);
  });
  it('emits one call per inbound node of a shared layer (weights counted per call, as the IR does)', () => {
    const shared = { ...conv('shared'), name: 'shared', inbound_nodes: [[['in', 0, 0, {}]], [['shared', 0, 0, {}]]] };
    const wl = load(functional([k2(input('in', [8, 8, 4])), shared]));
    expect(wl.layers.map((l) => l.name)).toEqual(['shared', 'shared_1']);
  });
});

describe('errors', () => {
  it('malformed JSON', () => {
    const e = importError(() => load('{"class_name": "Sequential", '));
    expect(e.field).toBe('json');
    expect(e.message).toMatch(/malformed JSON/);
  });
  it('not a Keras model', () => {
    expect(importError(() => load('[1, 2]')).field).toBe('json');
    expect(importError(() => load({ hello: 1 })).field).toBe('class_name');
    expect(importError(() => load({ class_name: 'Graph', config: {} })).message).toMatch(
      /unsupported model class "Graph"/,
    );
    expect(importError(() => load({ modelTopology: { node: [] }, format: 'graph-model' })).message).toMatch(
      /graph-model/,
    );
  });
  it('unsupported layer class names the layer and its class', () => {
    const e = importError(() =>
      load(sequential([input('in'), { class_name: 'Lambda', config: { name: 'my_lambda' } }])),
    );
    expect(e.field).toBe('my_lambda.class_name');
    expect(e.message).toMatch(/"my_lambda".*Lambda/);
  });
  it('cyclic graph names the layers on the cycle', () => {
    const e = importError(() =>
      load(functional([k2(input('in')), k2(conv('a'), ['in', 'c']), k2(conv('b'), ['a']), k2(conv('c'), ['b'])])),
    );
    expect(e.message).toMatch(/cyclic graph/);
    expect(e.message).toBe('cyclic graph: "a" → "b" → "c" → "a"');
    expect(e.field).toBe('a.inbound_nodes');
  });
  it('a self-loop is a cycle too', () => {
    expect(importError(() => load(functional([k2(input('in')), k2(conv('a'), ['a'])]))).message).toMatch(/cyclic/);
  });
  it('reference to an unknown layer; second output of a layer', () => {
    expect(importError(() => load(functional([k2(input('in')), k2(conv('a'), ['ghost'])]))).field).toBe(
      'a.inbound_nodes',
    );
    const multi = { ...conv('b'), name: 'b', inbound_nodes: [[['in', 0, 1, {}]]] };
    expect(importError(() => load(functional([k2(input('in')), multi]))).message).toMatch(/single-output/);
  });
  it('missing input shape', () => {
    const e = importError(() => load(sequential([conv('c1')])));
    expect(e.field).toBe('c1.batch_input_shape');
    expect(e.message).toMatch(/missing input shape/);
    const n = importError(() => load(sequential([input('in', [null, null, 3]), conv('c1')])));
    expect(n.field).toBe('in.batch_input_shape');
    expect(n.message).toMatch(/\[1\] is unknown \(null\)/);
  });
  it('non-integer and negative dimensions name the field', () => {
    const bad = (cfg: object) =>
      importError(() =>
        load(sequential([input('in'), { class_name: 'Conv2D', config: { ...conv('c').config, ...cfg } }])),
      );
    expect(bad({ filters: 2.5 }).field).toBe('c.filters');
    expect(bad({ filters: -4 }).field).toBe('c.filters');
    expect(bad({ kernel_size: [3, 0] }).field).toBe('c.kernel_size');
    expect(bad({ strides: 'two' }).field).toBe('c.strides');
    expect(bad({ padding: 'causal' }).field).toBe('c.padding');
    expect(importError(() => load(sequential([input('in', [8, -8, 3]), conv('c')]))).field).toBe(
      'in.batch_input_shape',
    );
  });
  it('absurd sizes: 10^9 channels, MACs over 1e15, more than 10,000 layers, a file over 20 MiB', () => {
    const huge = importError(() => load(sequential([input('in'), conv('c', 1e9)])));
    expect(huge.field).toBe('c.filters');
    expect(huge.message).toMatch(/limit/);
    // 4096² pixels · 3·3 · 16384 · 16384 channels ≈ 4e16 MACs.
    const macs = importError(() => load(sequential([input('in', [4096, 4096, 16384]), conv('c', 16384)])));
    expect(macs.field).toBe('macs');
    // How fast it refuses is a benchmark (bench/import.bench.ts), not a test.
    const many = Array.from({ length: 10_001 }, (_, i) => ({ class_name: 'Dropout', config: { name: `d${i}` } }));
    expect(importError(() => load(sequential([input('in'), ...many]))).field).toBe('layers');
    expect(importError(() => load(`{"pad": "${'x'.repeat(20 * 1024 * 1024)}"}`)).field).toBe('file');
  });
  it('a tensor with more than 2^40 elements is rejected before any product overflows', () => {
    const e = importError(() =>
      load(sequential([input('in', [1 << 20, 1 << 20, 4]), { class_name: 'Flatten', config: { name: 'f' } }])),
    );
    expect(e.field).toBe('in.batch_input_shape');
  });
  it('a 10,000-deep chain imports without overflowing the stack', () => {
    const chain = [k2(input('in', [4]))];
    for (let i = 0; i < 9_998; i++)
      chain.push(k2({ class_name: 'Dropout', config: { name: `d${i}` } }, [i ? `d${i - 1}` : 'in']));
    chain.reverse(); // worst case for the sort: every layer listed before its input
    chain.push(k2({ class_name: 'Dense', config: { name: 'out', units: 2 } } as never, ['d9997']));
    const wl = load(functional(chain));
    expect(wl.layers.map((l) => l.name)).toEqual(['out']);
  });
});
