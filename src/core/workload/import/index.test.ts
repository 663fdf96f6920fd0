import { describe, expect, it } from 'vitest';
import { layerMacs, layerParams } from '../layer';
import { ImportError, importWorkload, layerSummary } from './index';

const CSV =
  'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\nc1, 10, 10, 3, 3, 2, 4, 1,\n';
const JSON_MODEL = JSON.stringify({
  class_name: 'Sequential',
  config: {
    name: 'tiny',
    layers: [
      { class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, 10, 10, 2] } },
      { class_name: 'Conv2D', config: { name: 'c1', filters: 4, kernel_size: 3, padding: 'valid' } },
    ],
  },
});

describe('importWorkload', () => {
  it('dispatches on the extension, case-insensitively', () => {
    expect(importWorkload(CSV, 'net.CSV').source.kind).toBe('scalesim');
    expect(importWorkload(JSON_MODEL, 'model.json').source.kind).toBe('keras');
  });
  it('sniffs other names: a leading { is JSON, anything else CSV', () => {
    expect(importWorkload(`\uFEFF  ${JSON_MODEL}`, 'model').source.kind).toBe('keras');
    expect(importWorkload(CSV, 'topology.txt').source.kind).toBe('scalesim');
    expect(importWorkload(`\uFEFF${CSV}`, 'net.csv').layers).toHaveLength(1);
    expect(() => importWorkload('  \n', 'x')).toThrow(ImportError);
  });
  it('a .json extension with CSV content is a JSON error, not a silent CSV parse', () => {
    try {
      importWorkload(CSV, 'model.json');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ImportError);
      expect((e as ImportError).field).toBe('json');
    }
  });
  it('both formats agree on the same layer (10x10x2, 3x3 valid, 4 filters: 8x8 outputs)', () => {
    const a = importWorkload(CSV, 'a.csv').layers[0];
    const b = importWorkload(JSON_MODEL, 'b.json').layers[0];
    expect(a && b && [a.p, a.q, layerMacs(a)]).toEqual([8, 8, 8 * 8 * 4 * 2 * 9]);
    expect(b && [b.p, b.q, layerMacs(b)]).toEqual([8, 8, 8 * 8 * 4 * 2 * 9]);
  });
});

describe('layerSummary', () => {
  it('reports name, op, MACs, params and [c,h,w] → [k,p,q]', () => {
    const l = importWorkload(JSON_MODEL, 'b.json').layers[0];
    if (!l) throw new Error('no layer');
    expect(layerSummary(l)).toEqual({
      name: 'c1',
      op: 'conv',
      macs: layerMacs(l),
      params: 3 * 3 * 2 * 4 + 4,
      inputShape: [2, 10, 10],
      outputShape: [4, 8, 8],
    });
    expect(layerSummary(l).params).toBe(layerParams(l));
  });
});
