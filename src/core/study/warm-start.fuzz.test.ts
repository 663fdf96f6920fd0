import { csvFormatRows } from 'd3-dsv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EDGE_JSON, FUZZ_RUNS, type Json, mutatedArb, resultOrTyped, structurallyMutatedArb } from '../../../test/fuzz';
import { EDGETPU, SYSTOLIC } from '../arch/index';
import type { DesignTemplate } from '../arch/types';
import { MAX_WARM_START_CHARS, parseWarmStart, WarmStartError } from './warm-start';

/**
 * Fuzzing the warm-start reader (issue 9): another study's CSV or JSON, damaged or hostile,
 * gives a WarmStartError naming the field, or points on the template's grid whose objective is
 * finite or +Infinity ("no value") — never NaN or -Infinity, which would beat every real design.
 * Replay a failure with fc.assert(p, { seed, path }).
 */
const SEED = 0x3a_57_2026;
const opts = { seed: SEED, numRuns: FUZZ_RUNS };
const TEMPLATES: Record<string, DesignTemplate> = { edgetpu: EDGETPU, systolic: SYSTOLIC };

function checkParse(text: string, t: DesignTemplate): void {
  const w = resultOrTyped(() => parseWarmStart(text, t), WarmStartError);
  if (!w) return;
  const sizes = t.params.map((p) => p.values.length);
  const bad: string[] = [];
  w.points.forEach((p, i) => {
    if (p.x.length !== sizes.length || p.x.some((c, d) => !(c >= 0 && c < (sizes[d] as number)))) bad.push(`x[${i}]`);
    if (Number.isNaN(p.y) || p.y === Number.NEGATIVE_INFINITY) bad.push(`y[${i}] = ${p.y}`);
    if (typeof p.feasible !== 'boolean') bad.push(`feasible[${i}]`);
  });
  if (!(Number.isInteger(w.skipped) && w.skipped >= 0)) bad.push(`skipped = ${w.skipped}`);
  expect(bad).toEqual([]);
}

const EDGE_CELLS = ['', 'NaN', 'Infinity', '-Infinity', '-1e400', '1e400', '-1', '0x10', 'x', 'true', ' 8 ', '1.5'];
const cellOf = (values: readonly (number | string)[]) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...values).map(String) },
    { weight: 1, arbitrary: fc.constantFrom(...EDGE_CELLS) },
  );
const objective = fc.oneof(
  { weight: 6, arbitrary: fc.double({ noNaN: true, min: 0, max: 1e3 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom(...EDGE_CELLS) },
);
const flag = fc.constantFrom('0', '1', 'true', 'false', '', 'yes');

/** An `optimize --out` CSV (index, parameters, objective, simFeasible, feasible) of 1–6 rows. */
function csvArb(t: DesignTemplate): fc.Arbitrary<string> {
  const keys = t.params.map((p) => p.key);
  const row = fc.tuple(fc.tuple(...t.params.map((p) => cellOf(p.values))), objective, flag, flag);
  return fc
    .array(row, { minLength: 1, maxLength: 6 })
    .map((rows) =>
      csvFormatRows([
        ['index', ...keys, 'objective', 'simFeasible', 'feasible'],
        ...rows.map(([ps, o, s, f], i) => [String(i), ...ps, o, s, f]),
      ]),
    );
}

/** The JSON `optimize --json` prints: `history` entries with design, objective, feasible. */
function jsonArb(t: DesignTemplate): fc.Arbitrary<Json> {
  const entry = fc.record({
    index: fc.nat(100),
    design: fc.record(Object.fromEntries(t.params.map((p) => [p.key, fc.constantFrom(...p.values)]))),
    objective: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: 0 }), fc.constant(null)),
    feasible: fc.boolean(),
  });
  return fc.record({ best: fc.constant({}), history: fc.array(entry, { maxLength: 6 }) }) as fc.Arbitrary<Json>;
}

const SAMPLE_JSON = fc.sample(jsonArb(EDGETPU), { seed: SEED, numRuns: 20 });
const SAMPLE_CSV = fc.sample(csvArb(EDGETPU), { seed: SEED, numRuns: 20 });
const edgeValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(...EDGE_JSON, 'Infinity', '-Infinity'),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
);

describe(`warm-start reader fuzz (fast-check seed ${SEED}, up to ${FUZZ_RUNS} runs per property)`, () => {
  it('optimize --out CSVs with edge cells give a WarmStartError or grid points with a usable objective', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom('edgetpu', 'systolic')
          .chain((id) => fc.tuple(fc.constant(id), csvArb(TEMPLATES[id] as DesignTemplate))),
        ([id, text]) => {
          checkParse(text, TEMPLATES[id] as DesignTemplate);
        },
      ),
      { seed: SEED, numRuns: 5_000 },
    );
  });

  it('optimize --json output with one node replaced (null entries, -1e300 objectives, wrong types)', () => {
    fc.assert(
      fc.property(structurallyMutatedArb(SAMPLE_JSON, edgeValue), (doc) => {
        const text = JSON.stringify(doc);
        // Only objects are read as JSON (a leading "{"); anything else is read as CSV.
        checkParse(text, EDGETPU);
      }),
      opts,
    );
  });

  it('character edits of real files, and history lists of any JSON values', () => {
    const ch = fc.constantFrom(...'0123456789,.-e\n"{}[]:'.split(''));
    const texts = [...SAMPLE_CSV, ...SAMPLE_JSON.map((j) => JSON.stringify(j))];
    const history = fc
      .array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 5 })
      .map((h) => JSON.stringify({ history: h }));
    fc.assert(
      fc.property(fc.oneof(mutatedArb(texts, ch, 4), history), (text) => {
        checkParse(text, EDGETPU);
      }),
      { seed: SEED, numRuns: 5_000 },
    );
  });

  it('a -Infinity objective (JSON -1e400) is "no value", not a design better than every other', () => {
    const design = JSON.stringify(Object.fromEntries(EDGETPU.params.map((p) => [p.key, p.values[0]])));
    const w = parseWarmStart(`{"history":[{"design":${design},"objective":-1e400,"feasible":true}]}`, EDGETPU);
    expect(w.points[0]?.y).toBe(Number.POSITIVE_INFINITY);
  });

  it('limit: input over 64 MiB is refused naming the limit', () => {
    const e = resultOrTyped(
      () => parseWarmStart(' '.repeat(MAX_WARM_START_CHARS + 1), EDGETPU),
      WarmStartError,
      (err) => {
        expect(err.message).toContain(`the limit is ${MAX_WARM_START_CHARS}`);
      },
    );
    expect(e).toBeUndefined();
  });
});
