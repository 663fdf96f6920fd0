import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyChar16, FUZZ_RUNS, mutatedArb, resultOrTyped } from '../../../test/fuzz';
import { PRIME_APPLICATIONS } from '../prime/applications';
import { LinkError, MAX_LINK_CHARS, packJson, unpackJson } from './codec';
import {
  AREA_BUDGET_MM2,
  LATENCY_LIMIT_MS,
  POWER_LIMIT_W,
  PRIME_COUNT,
  PRIME_DROP_TOP,
  PRIME_K,
  PRIME_LOGGED_ROWS,
  PRIME_LOSS_WEIGHT,
  PRIME_STEPS,
  type Range,
  WORKLOAD_WEIGHT,
} from './limits';
import { decodeViewState, encodeViewState, LINK_VERSION, type ViewState, viewStateSchema } from './view-state';

/**
 * Fuzzing the permalink decoder (issue 9): whatever the hash holds, decoding gives a LinkError
 * with a message or a state that passes the schema — never a TypeError, a hang or a half-read
 * state. Seed fixed for CI; a failure prints its seed and path (replay: fc.assert(p, { seed, path })).
 */
const SEED = 0x11_4b_2026;
const opts = { seed: SEED, numRuns: FUZZ_RUNS };
/** Whole-state properties compress a full view per case (~1 ms): fewer runs keep the suite within seconds. */
const stateOpts = { seed: SEED, numRuns: 600 };
const KINDS = ['empty', 'too-long', 'corrupt', 'version', 'invalid'];

/** Decodes `payload`; a LinkError must have a known kind, and a state must re-validate and re-encode. */
function checkDecode(payload: string): ViewState | undefined {
  const state = resultOrTyped(
    () => decodeViewState(payload),
    LinkError,
    (e) => expect(KINDS).toContain((e as LinkError).kind),
  );
  if (state !== undefined) {
    expect(viewStateSchema.safeParse(state).success).toBe(true);
    expect(decodeViewState(encodeViewState(state))).toEqual(state);
  }
  return state;
}

const LINK_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
const linkChar = fc.constantFrom(...LINK_CHARS.split(''));
const num = fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x));
const zooId = fc.stringMatching(/^[a-z0-9_]{1,40}$/);
const designKey = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,39}$/);
/** Mostly ASCII, sometimes any UTF-16 code unit (lone surrogates included). */
const unit = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }) },
  anyChar16,
);
/**
 * Mostly short strings, now and then right at the schema's length limit. Long ones are rare: the
 * views hold a dozen strings and LZ-compressing long incompressible text dominates the run time.
 */
const text = (maxLength: number) =>
  fc.oneof(
    { weight: 40, arbitrary: fc.string({ maxLength: 6, unit }) },
    { weight: 1, arbitrary: fc.string({ minLength: maxLength - 1, maxLength, unit }) },
  );
const design = fc.oneof(
  { weight: 9, arbitrary: fc.dictionary(designKey, fc.oneof(num, text(16)), { maxKeys: 6 }) },
  { weight: 1, arbitrary: fc.dictionary(designKey, fc.oneof(num, text(16)), { minKeys: 30, maxKeys: 32 }) },
);
const template = fc.constantFrom('edgetpu' as const, 'systolic' as const);
const input = fc.integer({ min: 32, max: 1024 });
const range = (min: number, max: number) => fc.double({ min, max, noNaN: true, minExcluded: min === 0 });
/** Any value of one of the shared form ranges (limits.ts): what a form can put in a link. */
const inside = (r: Range) => range(r.min, r.max);

const study = fc.record(
  {
    template,
    preset: text(40),
    workloads: fc.array(fc.record({ id: zooId, weight: inside(WORKLOAD_WEIGHT), input }, { requiredKeys: ['id'] }), {
      minLength: 1,
      maxLength: 8,
    }),
    objective: fc.constantFrom('latency' as const, 'energy' as const, 'edp' as const, 'multi' as const),
    aggregation: fc.constantFrom('mean' as const, 'geomean' as const),
    areaMm2: inside(AREA_BUDGET_MM2),
    latencyMs: inside(LATENCY_LIMIT_MS),
    powerW: inside(POWER_LIMIT_W),
    optimizers: fc.array(fc.constantFrom('random' as const, 'evolution' as const, 'bo' as const, 'nsga2' as const), {
      minLength: 1,
      maxLength: 4,
    }),
    seeds: fc.integer({ min: 1, max: 10 }),
    seed: fc.integer({ min: 0, max: 0xffffffff }),
    budget: fc.integer({ min: 1, max: 1_000_000 }),
    run: fc.boolean(),
  },
  { requiredKeys: ['template', 'workloads', 'objective', 'aggregation', 'optimizers', 'seeds', 'seed', 'budget'] },
);

const challenge = fc.record(
  {
    title: text(120),
    template,
    workloads: fc.array(fc.record({ id: zooId, input }, { requiredKeys: ['id'] }), { minLength: 1, maxLength: 8 }),
    budgetMm2: inside(AREA_BUDGET_MM2),
    target: fc.record({ metric: fc.constantFrom('latencyMs' as const, 'energyMj' as const), max: range(0, 1e6) }),
    locked: design,
  },
  { requiredKeys: ['template', 'workloads', 'budgetMm2', 'target'] },
);

const zooIds = fc.array(zooId, { minLength: 1, maxLength: 8 });
const prime = fc.record(
  {
    source: fc.constantFrom('generate' as const, 'logged' as const, 'study' as const, 'file' as const),
    train: zooIds,
    targets: zooIds,
    count: inside(PRIME_COUNT).map(Math.round),
    apps: fc.uniqueArray(fc.constantFrom(...PRIME_APPLICATIONS), {
      minLength: 1,
      maxLength: PRIME_APPLICATIONS.length,
    }),
    rows: inside(PRIME_LOGGED_ROWS).map(Math.round),
    dropTop: inside(PRIME_DROP_TOP),
    seed: fc.integer({ min: 0, max: 0xffffffff }),
    k: inside(PRIME_K).map(Math.round),
    alpha: range(PRIME_LOSS_WEIGHT.min, PRIME_LOSS_WEIGHT.max),
    beta: range(PRIME_LOSS_WEIGHT.min, PRIME_LOSS_WEIGHT.max),
    steps: inside(PRIME_STEPS).map(Math.round),
    areaMm2: inside(AREA_BUDGET_MM2),
    naive: fc.boolean(),
    online: fc.boolean(),
    gate: fc.boolean(),
  },
  // Older links have no application set, rows or held-back share: all optional.
  {
    requiredKeys: [
      'source',
      'train',
      'targets',
      'count',
      'seed',
      'k',
      'alpha',
      'beta',
      'steps',
      'areaMm2',
      'naive',
      'online',
      'gate',
    ],
  },
);

/** Every state the schema accepts (optional keys absent rather than undefined, as JSON keeps them). */
const viewState: fc.Arbitrary<ViewState> = fc.record(
  {
    v: fc.constant(LINK_VERSION),
    view: fc.constantFrom(
      'explorer' as const,
      'explore' as const,
      'workloads' as const,
      'prime' as const,
      'lessons' as const,
    ),
    workloads: fc.array(fc.record({ id: zooId, input }, { requiredKeys: ['id'] }), { minLength: 1, maxLength: 8 }),
    template,
    preset: text(40),
    design,
    budgetMm2: inside(AREA_BUDGET_MM2),
    breakdown: fc.constantFrom('cycles' as const, 'energy' as const),
    sort: fc.constantFrom('order' as const, 'cost' as const),
    selectedLayer: text(200),
    pinned: fc.record({ template, design, label: text(60) }, { requiredKeys: ['template', 'design'] }),
    study,
    prime,
    challenge,
  },
  { requiredKeys: ['v', 'view', 'workloads', 'template', 'design', 'breakdown', 'sort'] },
);

const SAMPLE_LINKS = fc.sample(viewState, { seed: SEED, numRuns: 40 }).map(encodeViewState);

describe(`permalink decoder fuzz (fast-check seed ${SEED}, up to ${FUZZ_RUNS} runs per property)`, () => {
  it('round trip: any valid state → link → the same state, and the link stays in the URL-safe alphabet', () => {
    fc.assert(
      fc.property(viewState, (s) => {
        const link = encodeViewState(s);
        expect(link).toMatch(/^[A-Za-z0-9+\-$]+$/);
        expect(decodeViewState(link)).toEqual(s);
      }),
      stateOpts,
    );
  });

  it('arbitrary strings (any UTF-16, and the link alphabet) give a LinkError or a valid state', () => {
    fc.assert(
      fc.property(fc.oneof(text(300), fc.string({ maxLength: 600, unit: linkChar })), (s) => {
        checkDecode(s);
      }),
      opts,
    );
  });

  it('mutated real links (flip, insert, delete, duplicate, truncate) give a LinkError or a valid state', () => {
    const ch = fc.oneof({ weight: 9, arbitrary: linkChar }, { weight: 1, arbitrary: anyChar16 });
    fc.assert(
      fc.property(mutatedArb(SAMPLE_LINKS, ch), (s) => {
        checkDecode(s);
      }),
      opts,
    );
  });

  it('any JSON value, packed like a link, is refused as "invalid"/"version" unless it is a view', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (v) => {
        const state = resultOrTyped(
          () => decodeViewState(packJson(v)),
          LinkError,
          (e) => expect(['invalid', 'version']).toContain((e as LinkError).kind),
        );
        if (state !== undefined) expect(viewStateSchema.safeParse(state).success).toBe(true);
      }),
      { seed: SEED, numRuns: 3_000 },
    );
  });

  it('a valid view with one field replaced by any JSON value names that field, or is still valid', () => {
    const keys = Object.keys(viewStateSchema.shape) as (keyof ViewState)[];
    fc.assert(
      fc.property(viewState, fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 4 }), (s, key, v) => {
        const tampered = { ...s, [key]: v };
        const state = resultOrTyped(
          () => decodeViewState(packJson(tampered)),
          LinkError,
          (e) => {
            const err = e as LinkError;
            expect(['invalid', 'version']).toContain(err.kind);
            // `v` itself, or one of its sub-fields (`design.peX`, `workloads[0].id`), is named.
            expect(err.field?.startsWith(key)).toBe(true);
            expect(err.message).toContain(key);
          },
        );
        if (state !== undefined) expect(viewStateSchema.safeParse(state).success).toBe(true);
      }),
      stateOpts,
    );
  });

  it('over-long links are refused before decompression, naming the limit of 16384 characters', () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_LINK_CHARS + 1, max: 4 * MAX_LINK_CHARS }), linkChar, (n, c) => {
        const e = resultOrTyped(
          () => unpackJson(c.repeat(n)),
          LinkError,
          (err) => {
            expect((err as LinkError).kind).toBe('too-long');
            expect(err.message).toContain(`the limit is ${MAX_LINK_CHARS}`);
            expect(err.message).toContain(String(n));
          },
        );
        expect(e).toBeUndefined();
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
