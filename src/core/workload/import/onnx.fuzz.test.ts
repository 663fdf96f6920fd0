import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importError } from '../../../../test/errors';
import {
  EDGE_JSON,
  FUZZ_RUNS,
  type Json,
  mutatedBytesArb,
  soundImport,
  structurallyMutatedArb,
  workloadProblems,
} from '../../../../test/fuzz';
import { type AttrValue, type ModelSpec, type NodeSpec, onnxModel } from '../../../../test/onnx-writer';
import { IMPORT_LIMITS } from './errors';
import { parseOnnxModel } from './onnx';

/**
 * Fuzzing the ONNX importer (issue 16): any bytes give an ImportError whose field names the
 * node (`<node>.<attribute>`) or the protobuf field (`graph.node[3].attribute`, `model`), or a
 * workload whose counts are finite non-negative integers within the import limits; never a
 * TypeError, a RangeError or a hang. Replay a failure with fc.assert(p, { seed, path }).
 */
const SEED = 0x0_1616;
const opts = { seed: SEED, numRuns: FUZZ_RUNS };

const fixture = (f: string) =>
  new Uint8Array(readFileSync(new URL(`../../../../test/fixtures/onnx/${f}`, import.meta.url)));
const FILES = [
  fixture('patterns.onnx'),
  fixture('libonnx/Conv2d_groups.onnx'),
  fixture('libonnx/ConvTranspose2d.onnx'),
  fixture('libonnx/MaxPool2d_stride_padding_dilation.onnx'),
  fixture('libonnx/Linear.onnx'),
  fixture('libonnx/BatchNorm2d_eval.onnx'),
];

function check(bytes: Uint8Array): void {
  soundImport(() => parseOnnxModel(bytes, 'fuzz.onnx'));
}

/** Attribute values where real files have small positive lists: zeros, negatives, huge, wrong length. */
const EDGE_INTS = [0, -1, 1, 2, 3, 7, -7, 2 ** 31, 2 ** 53, IMPORT_LIMITS.dim + 1];
const intList = fc.array(fc.constantFrom(...EDGE_INTS), { maxLength: 5 });
const smallList = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 });
const attrValue: fc.Arbitrary<AttrValue> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 3 }) },
  { weight: 3, arbitrary: smallList },
  fc.constantFrom(...EDGE_INTS),
  intList,
  fc.constantFrom('NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID', 'bidirectional', '', '<b>'),
  fc.float().map((f) => ({ f })),
  fc.array(fc.float(), { maxLength: 4 }).map((floats) => ({ floats })),
);
const ATTRS = [
  'kernel_shape',
  'strides',
  'pads',
  'dilations',
  'group',
  'auto_pad',
  'axis',
  'perm',
  'axes',
  'transB',
  'hidden_size',
  'direction',
  'ceil_mode',
  'keepdims',
  'shape',
  'split',
  'scales',
  'value_ints',
];
const OPS = [
  'Conv',
  'ConvTranspose',
  'MaxPool',
  'AveragePool',
  'GlobalAveragePool',
  'BatchNormalization',
  'Relu',
  'Add',
  'Mul',
  'Concat',
  'Reshape',
  'Flatten',
  'Transpose',
  'Squeeze',
  'Unsqueeze',
  'Gemm',
  'MatMul',
  'LSTM',
  'GRU',
  'Resize',
  'Slice',
  'Gather',
  'Shape',
  'Pad',
  'Split',
  'ReduceMean',
  'Constant',
  'Expand',
  'Softmax',
  'Frobnicate',
];
/** Mostly real sizes, sometimes an edge value: a generator that rejects everything at the input tests nothing. */
const sizeArb = fc.oneof(
  { weight: 60, arbitrary: fc.integer({ min: 1, max: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, IMPORT_LIMITS.dim + 1) },
);
const inputArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.tuple(fc.constant(1), sizeArb, fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 16 })),
  },
  { weight: 1, arbitrary: fc.array(fc.oneof(sizeArb, fc.constant('N')), { minLength: 1, maxLength: 5 }) },
);

/** A random chain: each node reads the previous output, plus weights / constants of random dims. */
const graphArb = fc
  .record({
    input: inputArb,
    nodes: fc.array(
      fc.record({
        op: fc.constantFrom(...OPS),
        extra: fc.array(fc.array(sizeArb, { minLength: 1, maxLength: 4 }), { maxLength: 3 }),
        attrs: fc.dictionary(fc.constantFrom(...ATTRS), attrValue, { maxKeys: 3 }),
        values: fc.option(intList),
      }),
      { minLength: 1, maxLength: 5 },
    ),
  })
  .map(({ input, nodes }) => {
    const initializers: { name: string; dims: number[]; type?: number; values?: number[] }[] = [];
    const specs: NodeSpec[] = nodes.map((n, i) => {
      const extra = n.extra.map((dims, j) => {
        const name = `w${i}_${j}`;
        const values = n.values ?? undefined;
        initializers.push({ name, dims, ...(values && j === 0 ? { type: 7, values } : {}) });
        return name;
      });
      return {
        op: n.op,
        name: `n${i}`,
        inputs: [i === 0 ? 'x' : `t${i - 1}`, ...extra],
        outputs: [`t${i}`],
        attrs: n.attrs,
      };
    });
    return onnxModel({ inputs: [{ name: 'x', dims: input }], initializers, nodes: specs });
  });

/** Valid graphs as writer specs (JSON), for one-node structural mutations. */
const BASES: Json[] = [
  {
    inputs: [{ name: 'x', dims: [1, 3, 16, 16] }],
    initializers: [
      { name: 'w', dims: [8, 3, 3, 3] },
      { name: 'dw', dims: [8, 1, 3, 3] },
      { name: 's1', dims: [2, 8, 1, 1] },
      { name: 's2', dims: [8, 2, 1, 1] },
      { name: 'g', dims: [8] },
      { name: 'fcw', dims: [10, 8] },
      { name: 'shape', dims: [2], type: 7, values: [1, 512] },
    ],
    nodes: [
      { op: 'Conv', name: 'c', inputs: ['x', 'w'], outputs: ['a'], attrs: { pads: [1, 1, 1, 1], strides: [1, 1] } },
      { op: 'BatchNormalization', name: 'bn', inputs: ['a', 'g', 'g', 'g', 'g'], outputs: ['b'] },
      {
        op: 'Conv',
        name: 'd',
        inputs: ['b', 'dw'],
        outputs: ['e'],
        attrs: { group: 8, auto_pad: 'SAME_UPPER', kernel_shape: [3, 3] },
      },
      { op: 'GlobalAveragePool', name: 'gap', inputs: ['e'], outputs: ['p'] },
      { op: 'Conv', name: 'se1', inputs: ['p', 's1'], outputs: ['q'] },
      { op: 'Conv', name: 'se2', inputs: ['q', 's2'], outputs: ['r'] },
      { op: 'Mul', name: 'gate', inputs: ['e', 'r'], outputs: ['m'] },
      { op: 'Add', name: 'res', inputs: ['m', 'b'], outputs: ['o'] },
      { op: 'MaxPool', name: 'mp', inputs: ['o'], outputs: ['mo'], attrs: { kernel_shape: [2, 2], strides: [2, 2] } },
      { op: 'Reshape', name: 'flat', inputs: ['mo', 'shape'], outputs: ['f'] },
      { op: 'ReduceMean', name: 'rm', inputs: ['mo'], outputs: ['v'], attrs: { axes: [2, 3], keepdims: 0 } },
      { op: 'Gemm', name: 'fc', inputs: ['v', 'fcw', 'g'], outputs: ['y'], attrs: { transB: 1 } },
    ],
  },
  {
    inputs: [{ name: 'x', dims: [6, 1, 4] }],
    initializers: [
      { name: 'W', dims: [1, 20, 4] },
      { name: 'R', dims: [1, 20, 5] },
      { name: 'G', dims: [2, 15, 5] },
      { name: 'GR', dims: [2, 15, 5] },
    ],
    nodes: [
      { op: 'LSTM', name: 'l', inputs: ['x', 'W', 'R'], outputs: ['y', 'h', 'c'], attrs: { hidden_size: 5 } },
      { op: 'Squeeze', name: 's', inputs: ['y'], outputs: ['z'], attrs: { axes: [1] } },
      {
        op: 'GRU',
        name: 'g',
        inputs: ['z', 'G', 'GR'],
        outputs: ['o'],
        attrs: { hidden_size: 5, direction: 'bidirectional' },
      },
    ],
  },
];
const EDGE: Json[] = [
  ...EDGE_JSON,
  2 ** 31,
  IMPORT_LIMITS.dim + 1,
  'SAME_LOWER',
  'Conv',
  'Frobnicate',
  'x',
  [0, 0],
  [1, 1, 1],
];

describe(`ONNX importer fuzz (fast-check seed ${SEED}, ${FUZZ_RUNS} runs per property)`, () => {
  it('byte edits (set, insert, delete, cut, duplicated span) of real files give a located ImportError or a sound workload', () => {
    fc.assert(fc.property(mutatedBytesArb(FILES), check), opts);
  });

  it('random graphs of mapped and unmapped ops with edge attributes give a located ImportError or a sound workload', () => {
    fc.assert(fc.property(graphArb, check), opts);
  });

  it('valid graphs with one attribute, shape, name or op replaced give a located ImportError or a sound workload', () => {
    for (const b of BASES)
      expect(workloadProblems(parseOnnxModel(onnxModel(b as unknown as ModelSpec), 'base.onnx'))).toEqual([]);
    fc.assert(
      fc.property(structurallyMutatedArb(BASES, fc.constantFrom(...EDGE)), (spec) => {
        let bytes: Uint8Array;
        try {
          bytes = onnxModel(spec as unknown as ModelSpec);
        } catch {
          return; // the test writer cannot encode this spec (a string where a number goes): no file to read
        }
        check(bytes);
      }),
      opts,
    );
  });

  it('random bytes, and random bytes behind a valid header, never crash', () => {
    const head = new Uint8Array([0x08, 0x08, 0x3a]);
    const arb = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }).map((b) => new Uint8Array([...head, b.length & 0x7f, ...b])),
    );
    fc.assert(fc.property(arb, check), opts);
  });

  it('a graph over the node limit names the limit', () => {
    const nodes = Array.from({ length: IMPORT_LIMITS.graphNodes + 1 }, (_, i) => ({
      op: 'Relu',
      inputs: [i === 0 ? 'x' : `t${i - 1}`],
      outputs: [`t${i}`],
    }));
    const e = importError(() => parseOnnxModel(onnxModel({ inputs: [{ name: 'x', dims: [1] }], nodes }), 'big.onnx'));
    expect(e.field).toBe('graph.node');
    expect(e.message).toBe(`more than ${IMPORT_LIMITS.graphNodes} nodes; the limit is ${IMPORT_LIMITS.graphNodes}`);
  });
});
