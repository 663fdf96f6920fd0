import { describe, expect, it } from 'vitest';
import { importError } from '../../../../test/errors';
import { OP, TfNet, TT } from '../../../../test/tflite-writer';
import { checkBinarySize, IMPORT_LIMITS } from './errors';
import { importWorkload } from './index';
import { parseKerasModel } from './keras';
import { parseScaleSimCsv } from './scalesim';
import { parseTfliteModel } from './tflite';

/**
 * Every import limit (errors.ts IMPORT_LIMITS, docs/reliability.md) refuses with a message that
 * names the limit, so a user who hits one knows what the ceiling is, not just that they hit it.
 */
const HEADER = 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,';
const input = (shape: number[]) => ({
  class_name: 'InputLayer',
  config: { name: 'in', batch_input_shape: [null, ...shape] },
});
const sequential = (layers: unknown[]) => JSON.stringify({ class_name: 'Sequential', config: { name: 's', layers } });

describe('import limits name themselves', () => {
  it('file size: 20 MiB (20971520 characters), for CSV, JSON and sniffed files', () => {
    const big = `${HEADER}\n${' '.repeat(IMPORT_LIMITS.fileChars)}`;
    for (const e of [
      importError(() => parseScaleSimCsv(big, 'big.csv')),
      importError(() => parseKerasModel(big, 'big.json')),
      importError(() => importWorkload(big, 'big')),
    ]) {
      expect(e.field).toBe('file');
      expect(e.message).toContain(`the limit is ${IMPORT_LIMITS.fileChars} (20 MiB)`);
    }
  });

  it('layer count: 10000, for CSV rows, Keras layer lists and layers a Keras file expands into', () => {
    const rows = Array.from({ length: IMPORT_LIMITS.layers + 1 }, (_, i) => `c${i}, 4, 4, 1, 1, 1, 1, 1,`).join('\n');
    const csv = importError(() => parseScaleSimCsv(`${HEADER}\n${rows}`, 'many.csv'));
    const drop = Array.from({ length: IMPORT_LIMITS.layers + 1 }, (_, i) => ({
      class_name: 'Dropout',
      config: { name: `d${i}` },
    }));
    const list = importError(() => parseKerasModel(sequential([input([4]), ...drop]), 'many.json'));
    // 5,001 separable convolutions: within the list limit, but each becomes 2 IR layers (depthwise + pointwise).
    const sep = Array.from({ length: 5_001 }, (_, i) => ({
      class_name: 'SeparableConv2D',
      config: { name: `s${i}`, filters: 1, kernel_size: 1 },
    }));
    const expanded = importError(() => parseKerasModel(sequential([input([2, 2, 1]), ...sep]), 'sep.json'));
    for (const e of [csv, list, expanded]) {
      expect(e.field).toBe('layers');
      expect(e.message).toContain(`the limit is ${IMPORT_LIMITS.layers}`);
    }
  });

  it('dimension: 16777216 (2^24) per dimension', () => {
    const d = IMPORT_LIMITS.dim + 1;
    const csv = importError(() => parseScaleSimCsv(`${HEADER}\nc, 8, 8, 1, 1, ${d}, 1, 1,`, 'dim.csv'));
    expect(csv.field).toBe('row 2: Channels');
    const keras = importError(() => parseKerasModel(sequential([input([8, 8, d])]), 'dim.json'));
    expect(keras.field).toBe('in.batch_input_shape');
    for (const e of [csv, keras])
      expect(e.message).toContain(`exceeds the limit of ${IMPORT_LIMITS.dim} per dimension`);
  });

  it('activation tensor: 2^40 elements', () => {
    const big = 2 ** 21;
    const csv = importError(() => parseScaleSimCsv(`Layer, M, N, K,\ng, ${big}, 1, ${big},`, 't.csv'));
    expect(csv.field).toBe('row 2: IFMAP');
    const keras = importError(() => parseKerasModel(sequential([input([big, big, 2])]), 't.json'));
    expect(keras.field).toBe('in.batch_input_shape');
    for (const e of [csv, keras]) expect(e.message).toContain('the limit is 2^40');
  });

  it('total multiply-accumulates: 1e+15', () => {
    const e = importError(() => parseScaleSimCsv('Layer,M,N,K\nhuge,200000,200000,200000\n', 'macs.csv'));
    expect(e.field).toBe('macs');
    expect(e.message).toContain('exceed the limit of 1e+15');
  });

  it('binary model file: 1 GiB (1073741824 bytes), checked on the size before reading', () => {
    const e = importError(() => checkBinarySize(IMPORT_LIMITS.binaryBytes + 1));
    expect(e.field).toBe('file');
    expect(e.message).toBe('file is 1073741825 bytes; the limit is 1073741824 (1 GiB)');
    expect(() => checkBinarySize(IMPORT_LIMITS.binaryBytes)).not.toThrow();
  });

  it('graph nodes: 100000 ONNX nodes or TFLite operators', () => {
    const g = new TfNet(TT.float32, [1, 4]);
    for (let i = 0; i <= IMPORT_LIMITS.graphNodes; i++)
      g.m.operators.push({ code: OP.RELU6, inputs: [0], outputs: [0] });
    const e = importError(() => parseTfliteModel(g.finish(0, 'many'), 'many.tflite'));
    expect(e.field).toBe('model.subgraphs[0].operators');
    expect(e.message).toBe('model.subgraphs[0].operators: 100001 entries; the limit is 100000');
    // The ONNX side of this limit: onnx.fuzz.test.ts builds 100,001 nodes.
  });
});
