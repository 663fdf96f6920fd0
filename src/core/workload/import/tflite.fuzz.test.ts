import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { FUZZ_RUNS, mutatedBytesArb, soundImport } from '../../../../test/fuzz';
import { OP, TfNet, TT } from '../../../../test/tflite-writer';
import { IMPORT_LIMITS } from './errors';
import { parseTfliteModel } from './tflite';

/**
 * Fuzzing the TFLite importer (issue 16): any bytes give an ImportError whose field names the
 * table and field (`model.subgraphs[0].tensors[3].shape`, `operator[2].outputs`) or a workload
 * whose counts are finite non-negative integers within the limits; never a TypeError, a
 * RangeError or a hang (FlatBuffers offsets and vector lengths are checked before use).
 */
const SEED = 0x7f1_1616;
const opts = { seed: SEED, numRuns: FUZZ_RUNS };

const fixture = (f: string) =>
  new Uint8Array(readFileSync(new URL(`../../../../test/fixtures/tflite/${f}`, import.meta.url)));
const FILES = [fixture('ops_float.tflite'), fixture('edgetpu.tflite')];

function check(bytes: Uint8Array): void {
  soundImport(() => parseTfliteModel(bytes, 'fuzz.tflite'));
}

const size = fc.oneof(
  { weight: 30, arbitrary: fc.integer({ min: 1, max: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, IMPORT_LIMITS.dim + 1, 2 ** 31 - 1) },
);
const step = fc.record({
  kind: fc.constantFrom(
    'conv',
    'dw',
    'valid',
    'max',
    'avg',
    'add',
    'mul',
    'mean',
    'fc',
    'reshape',
    'custom',
    'unknown',
  ),
  k: size,
  r: fc.integer({ min: 1, max: 5 }),
  stride: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.constantFrom(0, -2)),
  wrongShape: fc.boolean(),
});

/** Random NHWC networks from the test writer: valid op sequences, sometimes with a lying output shape. */
const netArb = fc
  .record({
    type: fc.constantFrom(TT.float32, TT.int8),
    h: size,
    c: size,
    steps: fc.array(step, { minLength: 1, maxLength: 6 }),
  })
  .map(({ type, h, c, steps }) => {
    const g = new TfNet(type, [1, h, h, c]);
    let x = 0;
    for (const s of steps) {
      const shape = g.shape(x);
      if (s.kind === 'conv' || s.kind === 'valid') x = g.conv(x, s.k, s.r, s.stride, { valid: s.kind === 'valid' });
      else if (s.kind === 'dw') x = g.conv(x, (shape[3] ?? 1) * ((s.k % 3) + 1), s.r, s.stride, { depthwise: true });
      else if (s.kind === 'max' || s.kind === 'avg')
        x = g.pool(x, s.kind === 'max' ? OP.MAX_POOL_2D : OP.AVERAGE_POOL_2D, s.r, s.stride);
      else if (s.kind === 'add' || s.kind === 'mul') x = g.op(s.kind === 'add' ? OP.ADD : OP.MUL, [x, x], shape);
      else if (s.kind === 'mean') x = g.op(OP.MEAN, [x], [shape[0] ?? 1, shape[3] ?? 1]);
      else if (s.kind === 'fc') x = g.fc(x, s.k);
      else if (s.kind === 'reshape') x = g.op(OP.RESHAPE, [x], [shape.reduce((a, b) => a * b, 1)]);
      else if (s.kind === 'custom') {
        const y = g.tensor('c', shape);
        g.m.operators.push({
          code: OP.CUSTOM,
          custom: s.k % 2 ? 'edgetpu-custom-op' : 'TFLite_Detection_PostProcess',
          inputs: [x],
          outputs: [y],
        });
        x = y;
      } else x = g.op(200 + s.k, [x], shape);
      if (s.wrongShape) (g.m.tensors[x] as { shape: number[] }).shape = [...g.shape(x).slice(0, -1), s.k + 1];
    }
    return g.finish(x, 'net');
  });

describe(`TFLite importer fuzz (fast-check seed ${SEED}, ${FUZZ_RUNS} runs per property)`, () => {
  it('byte edits (set, insert, delete, cut, duplicated span) of real files give a located ImportError or a sound workload', () => {
    fc.assert(fc.property(mutatedBytesArb(FILES), check), opts);
  });

  it('random networks (odd sizes, strides, lying shapes, custom and unknown ops) give a located ImportError or a sound workload', () => {
    fc.assert(fc.property(netArb, check), opts);
  });

  it('random bytes behind the TFL3 identifier never crash', () => {
    const arb = fc.uint8Array({ minLength: 4, maxLength: 300 }).map((b) => {
      const out = new Uint8Array(b.length + 8);
      out.set(b.subarray(0, 4), 0);
      out.set([0x54, 0x46, 0x4c, 0x33], 4);
      out.set(b.subarray(4), 8);
      return out;
    });
    fc.assert(fc.property(arb, check), opts);
  });
});
