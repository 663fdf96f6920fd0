import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anyChar16,
  EDGE_JSON,
  FUZZ_RUNS,
  type Json,
  mutatedArb,
  resultOrTyped,
  structurallyMutatedArb,
} from '../../test/fuzz';
import { requireTemplate } from '../core/arch';
import { METRICS } from '../core/study/metrics';
import { templateSizes } from '../core/study/sim-evaluator';
import { type ImportedStudy, MAX_RESULTS_BYTES, MAX_RESULTS_ROWS, parseStudyFile, StudyFileError } from './study-files';

/**
 * Fuzzing the study results importer (issue 9): whatever the file, a StudyFileError naming the
 * field or limit, or stores whose codes are on the template's grid, whose metrics are finite (or
 * +Infinity for "no value") and non-negative except the objective. Replay: fc.assert(p, { seed, path }).
 */
const SEED = 0x57_0d_2026;
const opts = { seed: SEED, numRuns: FUZZ_RUNS };

/** What is wrong with an import, or []. */
function problems(imp: ImportedStudy): string[] {
  const bad: string[] = [];
  const sizes = templateSizes(requireTemplate(imp.draft.template));
  for (const { key, store } of imp.stores) {
    const codes = store.allCodes();
    for (let j = 0; j < codes.length; j++) {
      if (!((codes[j] as number) < (sizes[j % sizes.length] as number))) bad.push(`${key}: code ${j} off the grid`);
    }
    for (const m of METRICS) {
      for (const v of store.metric(m)) {
        if (Number.isNaN(v) || v === Number.NEGATIVE_INFINITY) bad.push(`${key}.${m}: ${v}`);
        if (m !== 'objective' && v < 0) bad.push(`${key}.${m}: negative ${v}`);
      }
    }
  }
  return bad;
}

function checkParse(text: string): ImportedStudy | undefined {
  const imp = resultOrTyped(() => parseStudyFile(text), StudyFileError);
  if (imp) expect(problems(imp)).toEqual([]);
  return imp;
}

const metricValue = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: 0, max: 1e6, noNaN: true }) },
  { weight: 1, arbitrary: fc.constant(null) },
);
/** A valid exported study for a template: 1–2 runs of 0–8 rows. */
const studyFile = fc.constantFrom('edgetpu' as const, 'systolic' as const).chain((template) => {
  const sizes = templateSizes(requireTemplate(template));
  const run = fc.integer({ min: 0, max: 8 }).chain((n) =>
    fc.record({
      key: fc.string({ maxLength: 12 }),
      optimizer: fc.constantFrom('random', 'evolution', 'bo', 'nsga2'),
      seed: fc.integer({ min: 0, max: 0xffffffff }),
      n: fc.constant(n),
      // Flat row-major codes, each reduced onto its parameter's value count.
      codes: fc
        .array(fc.nat(65535), { minLength: n * sizes.length, maxLength: n * sizes.length })
        .map((cs) => cs.map((c, j) => c % (sizes[j % sizes.length] as number))),
      metrics: fc.record(
        Object.fromEntries(METRICS.map((m) => [m, fc.array(metricValue, { minLength: n, maxLength: n })])),
      ),
      feasible: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
    }),
  );
  return fc.record({
    format: fc.constant('archscope-study'),
    version: fc.constant(1),
    draft: fc.record({
      template: fc.constant(template),
      workloads: fc.constant([{ id: 'mobilenet_v2' }]),
      objective: fc.constantFrom('latency', 'energy', 'edp', 'multi'),
      aggregation: fc.constantFrom('mean', 'geomean'),
      optimizers: fc.constant(['random']),
      seeds: fc.integer({ min: 1, max: 10 }),
      seed: fc.integer({ min: 0, max: 0xffffffff }),
      budget: fc.integer({ min: 1, max: 1000 }),
    }),
    runs: fc.array(run, { minLength: 1, maxLength: 2 }),
  });
});
const SAMPLES = fc.sample(studyFile, { seed: SEED, numRuns: 30 }) as unknown as Json[];
const edgeValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(...EDGE_JSON, 65535, 65536, MAX_RESULTS_ROWS + 1, 'archscope-study'),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
);

describe(`study results file fuzz (fast-check seed ${SEED}, up to ${FUZZ_RUNS} runs per property)`, () => {
  it('valid exports parse back to the same rows', () => {
    fc.assert(
      fc.property(studyFile, (f) => {
        const imp = checkParse(JSON.stringify(f));
        expect(imp?.stores.map((s) => s.store.length)).toEqual(f.runs.map((r) => r.n));
        const first = f.runs[0];
        const got = imp?.stores[0]?.store;
        if (first && got) {
          expect(Array.from(got.allCodes())).toEqual(first.codes);
          const lat = first.metrics.latencyMs as (number | null)[];
          expect(Array.from(got.metric('latencyMs'))).toEqual(lat.map((v) => v ?? Number.POSITIVE_INFINITY));
        }
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('one node replaced by an edge value or deleted: StudyFileError or a sound import', () => {
    fc.assert(
      fc.property(structurallyMutatedArb(SAMPLES, edgeValue), (f) => {
        checkParse(JSON.stringify(f));
      }),
      opts,
    );
  });

  it('character edits of real exports, and any JSON value, give a StudyFileError or a sound import', () => {
    const texts = SAMPLES.map((s) => JSON.stringify(s));
    const ch = fc.oneof(fc.constantFrom(...'0123456789-.e"[]{},:nul'.split('')), anyChar16);
    fc.assert(
      fc.property(
        fc.oneof(
          mutatedArb(texts, ch, 4),
          fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
        ),
        (t) => {
          checkParse(t);
        },
      ),
      { seed: SEED, numRuns: 5_000 },
    );
  });

  it('limits: files over 64 MiB and runs over 2,000,000 rows are refused naming the limit', () => {
    const big = resultOrTyped(
      () => parseStudyFile(' '.repeat(MAX_RESULTS_BYTES + 1)),
      StudyFileError,
      (e) => {
        expect(e.message).toContain(`the limit is ${MAX_RESULTS_BYTES}`);
      },
    );
    expect(big).toBeUndefined();
    const f = SAMPLES[0] as { runs: { n: number }[] };
    const rows = { ...f, runs: [{ ...f.runs[0], n: MAX_RESULTS_ROWS + 1 }] };
    const many = resultOrTyped(
      () => parseStudyFile(JSON.stringify(rows)),
      StudyFileError,
      (e) => {
        expect(e.message).toContain('runs.0.n');
        expect(e.message).toContain(`the limit is ${MAX_RESULTS_ROWS}`);
      },
    );
    expect(many).toBeUndefined();
  });
});
