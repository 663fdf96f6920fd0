import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_RUNS, mutatedArb, resultOrTyped, structurallyMutatedArb, workloadProblems } from '../../../../test/fuzz';
import type { Workload } from '../workload';
import { IMPORT_LIMITS, ImportError } from './errors';
import { parseKerasModel } from './keras';
import type { Json } from './keras-graph';
import { SUPPORTED_KERAS_CLASSES } from './keras-layers';

/**
 * Fuzzing the Keras / TF.js model.json importer (issue 9): mutated real topologies, random JSON,
 * random layer stacks, deep nesting, cyclic graphs and huge layer counts give an ImportError with
 * a field, or a sound workload — never a TypeError / RangeError. Replay: fc.assert(p, { seed, path }).
 */
const SEED = 0x6e5a_2026;
const opts = { seed: SEED, numRuns: FUZZ_RUNS };

const FIXTURES = ['keras-sequential.json', 'keras-small-cnn.json', 'keras3-toy-resnet.json', 'keras-vgg16.json'].map(
  (f) => readFileSync(new URL(`../../../../test/fixtures/${f}`, import.meta.url), 'utf8'),
);
const PARSED = FIXTURES.map((t) => JSON.parse(t) as Json);

/** The import, or undefined after an ImportError (with a non-empty field). */
function checkImport(text: string): Workload | undefined {
  const wl = resultOrTyped(
    () => parseKerasModel(text, 'fuzz.json'),
    ImportError,
    (e) => expect((e as ImportError).field).not.toBe(''),
  );
  if (wl) expect(workloadProblems(wl)).toEqual([]);
  return wl;
}
const load = (v: unknown) => checkImport(JSON.stringify(v));

/** Values a config may hold that real ones never do: limits, signs, fractions, wrong types. */
const EDGE: Json[] = [
  0,
  -1,
  1.5,
  1e300,
  -1e300,
  IMPORT_LIMITS.dim,
  IMPORT_LIMITS.dim + 1,
  2 ** 53,
  null,
  '',
  'same',
  'valid',
  'channels_first',
  true,
  [],
  {},
  [null],
  [0, 0],
  [1, 2, 3],
  [
    [1, 1],
    [2, 2],
  ],
  { class_name: '__keras_tensor__', config: { keras_history: ['img', 0, 0] } },
];
const edgeValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...EDGE) },
  { weight: 2, arbitrary: fc.integer({ min: -4, max: 4096 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
);

/** A fixture with one node replaced by an edge value or deleted. */
const structurallyMutated = structurallyMutatedArb(PARSED, edgeValue);

const CONFIG_KEYS = [
  'filters',
  'kernel_size',
  'strides',
  'padding',
  'units',
  'pool_size',
  'groups',
  'depth_multiplier',
  'dilation_rate',
  'output_padding',
  'axis',
  'target_shape',
  'dims',
  'size',
  'use_bias',
  'data_format',
  'return_sequences',
  'input_dim',
  'output_dim',
  'keepdims',
];
const layerArb = fc.record({
  class_name: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...SUPPORTED_KERAS_CLASSES) }, fc.string()),
  config: fc.dictionary(fc.constantFrom(...CONFIG_KEYS), edgeValue, { maxKeys: 5 }),
});
const shapeArb = fc.array(fc.oneof(fc.integer({ min: 1, max: 64 }), fc.constantFrom<Json>(...EDGE)), {
  minLength: 0,
  maxLength: 4,
});
/** A Sequential of 1–6 random supported layers (random configs) on a random input shape. */
const randomSequential = fc.tuple(shapeArb, fc.array(layerArb, { minLength: 1, maxLength: 6 })).map(([shape, ls]) => ({
  class_name: 'Sequential',
  config: {
    name: 'fuzz',
    layers: [
      { class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, ...shape] } },
      ...ls.map((l, i) => ({ ...l, config: { ...l.config, name: `l${i}` } })),
    ],
  },
}));

/** A functional graph of n shape-preserving layers reading random earlier or later layers (cycles allowed). */
const randomGraph = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.tuple(
    fc.constant(n),
    fc.array(fc.uniqueArray(fc.integer({ min: 0, max: n }), { minLength: 1, maxLength: 3 }), {
      minLength: n,
      maxLength: n,
    }),
    fc.array(fc.constantFrom('Add', 'Dropout', 'ReLU', 'Concatenate'), { minLength: n, maxLength: n }),
  ),
);
/** Node 0 is the input; node i ≥ 1 is layer `n{i}`. */
const nodeName = (i: number) => (i === 0 ? 'in' : `n${i}`);
function hasCycle(n: number, reads: number[][]): boolean {
  const state = new Uint8Array(n + 1);
  const visit = (i: number): boolean => {
    if (state[i] === 1) return true;
    if (state[i] === 2 || i === 0) return false;
    state[i] = 1;
    const cyc = (reads[i - 1] as number[]).some(visit);
    state[i] = 2;
    return cyc;
  };
  for (let i = 1; i <= n; i++) if (visit(i)) return true;
  return false;
}

describe(`Keras model.json importer fuzz (fast-check seed ${SEED}, up to ${FUZZ_RUNS} runs per property)`, () => {
  it('real topologies with one node replaced, deleted or given an edge value: ImportError or a sound workload', () => {
    let imported = 0;
    fc.assert(
      fc.property(structurallyMutated, (m) => {
        if (load(m)) imported++;
      }),
      { seed: SEED, numRuns: 2_000 },
    );
    // Many single edits hit metadata (initializers, dtypes) that the importer rightly ignores.
    expect(imported).toBeGreaterThan(200);
  });

  it('real topologies with character edits (flip, insert, delete, duplicate, truncate)', () => {
    const ch = fc.constantFrom(...'0123456789-.e"[]{},: nul'.split(''));
    fc.assert(
      fc.property(mutatedArb(FIXTURES.slice(0, 2), ch, 4), (t) => {
        checkImport(t);
      }),
      { seed: SEED, numRuns: 1_500 },
    );
  });

  it('any JSON value, and random Sequential stacks of supported layers with edge-value configs', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), randomSequential), (v) => {
        load(v);
      }),
      opts,
    );
  });

  it('random functional graphs: a cycle is named (each arrow is a real edge), an acyclic graph imports or fails typed', () => {
    fc.assert(
      fc.property(randomGraph, ([n, reads, classes]) => {
        const layers: unknown[] = [
          { class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, 4] }, inbound_nodes: [] },
        ];
        for (let i = 1; i <= n; i++) {
          const refs = (reads[i - 1] as number[]).map((j) => [nodeName(j), 0, 0, {}]);
          layers.push({ class_name: classes[i - 1], config: { name: nodeName(i) }, inbound_nodes: [refs] });
        }
        let message = '';
        const wl = resultOrTyped(
          () => parseKerasModel(JSON.stringify({ class_name: 'Functional', config: { name: 'g', layers } }), 'g.json'),
          ImportError,
          (e) => {
            message = e.message;
          },
        );
        if (wl) expect(workloadProblems(wl)).toEqual([]);
        const cyclic = hasCycle(n, reads);
        expect(message.startsWith('cyclic graph')).toBe(cyclic);
        if (cyclic) {
          // "a" → "b" means b reads a: every arrow must be an edge of the generated graph.
          const names = [...message.matchAll(/"([^"]+)"/g)].map((m) => m[1] as string);
          for (let k = 0; k + 1 < names.length; k++) {
            const to = Number((names[k + 1] as string).slice(1));
            const from = names[k] === 'in' ? 0 : Number((names[k] as string).slice(1));
            expect(reads[to - 1]).toContain(from);
          }
          expect(names[0]).toBe(names[names.length - 1]);
        }
      }),
      { seed: SEED, numRuns: 5_000 },
    );
  });

  it('deep nesting (whole file, inbound node args, config values) is refused without overflowing the stack', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 0, max: 2 }), (depth, where) => {
        // Built as text: JSON.stringify itself recurses, and the test must not be the thing that overflows.
        const nested = `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;
        const args = where === 1 ? '"@"' : '[{"class_name":"__keras_tensor__","config":{"keras_history":["in",0,0]}}]';
        const model = {
          class_name: 'Functional',
          config: {
            name: 'deep',
            layers: [
              { class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, 4] }, inbound_nodes: [] },
              {
                class_name: 'Dense',
                config: { name: 'd', units: where === 2 ? '@' : 2 },
                inbound_nodes: [{ args: '#' }],
              },
            ],
          },
        };
        const text = where === 0 ? nested : JSON.stringify(model).replace('"#"', args).replace('"@"', nested);
        const wl = checkImport(text);
        if (where === 1 && depth > 32) expect(wl).toBeUndefined();
      }),
      { seed: SEED, numRuns: 50 },
    );
  });

  it('more than 10,000 layers (Sequential or functional) is refused naming the limit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: IMPORT_LIMITS.layers + 1, max: IMPORT_LIMITS.layers + 500 }),
        fc.boolean(),
        (n, seq) => {
          const layers: unknown[] = [
            { class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, 4] } },
          ];
          for (let i = 1; i < n; i++) {
            const name = `d${i}`;
            layers.push({
              class_name: 'Dropout',
              config: { name },
              inbound_nodes: [[[i > 1 ? `d${i - 1}` : 'in', 0, 0, {}]]],
            });
          }
          const model = { class_name: seq ? 'Sequential' : 'Functional', config: { name: 'big', layers } };
          const e = resultOrTyped(
            () => parseKerasModel(JSON.stringify(model), 'big.json'),
            ImportError,
            (err) => {
              expect((err as ImportError).field).toBe('layers');
              expect(err.message).toContain(`the limit is ${IMPORT_LIMITS.layers}`);
            },
          );
          expect(e).toBeUndefined();
        },
      ),
      { seed: SEED, numRuns: 10 },
    );
  });

  it('an element-wise merge of 100,000–150,000 inputs imports (no argument-count RangeError)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100_000, max: 150_000 }), (n) => {
        const refs = Array.from({ length: n }, () => ['in', 0, 0, {}]);
        const wl = load({
          class_name: 'Functional',
          config: {
            name: 'fan',
            layers: [
              { class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, 4] }, inbound_nodes: [] },
              { class_name: 'Add', config: { name: 'add' }, inbound_nodes: [refs] },
            ],
          },
        });
        expect(wl?.layers[0]?.inputs).toBe(n);
      }),
      { seed: SEED, numRuns: 1 },
    );
  });
});
