import { csvFormatRows } from 'd3-dsv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EDGE_JSON, FUZZ_RUNS, type Json, mutatedArb, resultOrTyped } from '../../../test/fuzz';
import { EDGETPU, SYSTOLIC } from '../arch/index';
import type { DesignTemplate } from '../arch/types';
import type { PrimeDataset } from './dataset';
import { MAX_DATA_CELLS, MAX_DATA_WORKLOADS, PrimeDataError, parseLoggedData } from './io';

/**
 * Fuzzing the PRIME logged-data reader (issue 9): CSV or JSONL from the `dataset` CLI, damaged
 * or hostile, gives a PrimeDataError (line and field where there is one) or a dataset whose codes
 * are on the grid and whose latency / energy / area are finite and ≥ 0, or NaN for "no value".
 * Replay a failure with fc.assert(p, { seed, path }).
 */
const SEED = 0x9_21_2026;
const opts = { seed: SEED, numRuns: FUZZ_RUNS };
const BUDGET = 27;

/** What is wrong with a dataset, or []. */
function problems(ds: PrimeDataset, t: DesignTemplate): string[] {
  const bad: string[] = [];
  const sizes = t.params.map((p) => p.values.length);
  ds.codes.forEach((c, j) => {
    if (!(c >= 0 && c < (sizes[j % ds.dims] as number))) bad.push(`code ${j} = ${c}`);
  });
  const cols = { latencyMs: ds.latencyMs, energyMj: ds.energyMj, areaMm2: ds.areaMm2 };
  for (const [k, col] of Object.entries(cols)) {
    col.forEach((v, j) => {
      if (!Number.isNaN(v) && !(Number.isFinite(v) && v >= 0)) bad.push(`${k}[${j}] = ${v}`);
    });
  }
  ds.feasible.forEach((f, j) => {
    const i = Math.floor(j / ds.workloads.length);
    const ok = ds.simFeasible[j] === 1 && Number.isFinite(ds.latencyMs[j]) && (ds.areaMm2[i] as number) <= BUDGET;
    if ((f === 1) !== ok) bad.push(`feasible[${j}] = ${f}`);
  });
  return bad;
}

function checkParse(text: string, t: DesignTemplate): PrimeDataset | undefined {
  const ds = resultOrTyped(
    () => parseLoggedData(text, t, { areaBudgetMm2: BUDGET }),
    PrimeDataError,
    (e) => {
      const err = e as PrimeDataError;
      if (err.line !== undefined) expect(err.line).toBeGreaterThanOrEqual(1);
    },
  );
  if (ds) expect(problems(ds, t)).toEqual([]);
  return ds;
}

const CELLS = [
  '',
  'NaN',
  'Infinity',
  '-Infinity',
  '-1',
  '-0',
  '1e300',
  '1e-300',
  '0x10',
  'x',
  'true',
  '1.5',
  ' 2 ',
  '"',
];
/** Templates by id, so a counterexample prints 'edgetpu' rather than the whole template object. */
const TEMPLATES: Record<string, DesignTemplate> = { edgetpu: EDGETPU, systolic: SYSTOLIC };
const numberText = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: 0, max: 1e4, noNaN: true }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom(...CELLS) },
);

/** A `dataset` CLI file (CSV or JSONL) of 1–6 rows, cells sometimes swapped for edge values. */
function fileArb(t: DesignTemplate) {
  const keys = t.params.map((p) => p.key);
  const header = ['design', 'workload', ...keys, 'latencyMs', 'energyMj', 'areaMm2', 'simFeasible'];
  const param = (i: number) =>
    fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...(t.params[i]?.values ?? [])).map(String) },
      { weight: 1, arbitrary: fc.constantFrom(...CELLS) },
    );
  const row = fc.tuple(
    fc.oneof(fc.nat(5).map(String), fc.constantFrom(...CELLS)),
    fc.oneof(fc.constantFrom('mobilenet_v2', 'resnet18'), fc.constantFrom(...CELLS)),
    fc.tuple(...keys.map((_, i) => param(i))),
    fc.tuple(numberText, numberText, numberText),
    fc.oneof({ weight: 6, arbitrary: fc.constantFrom('0', '1') }, { weight: 1, arbitrary: fc.constantFrom(...CELLS) }),
  );
  return fc.tuple(fc.array(row, { minLength: 1, maxLength: 6 }), fc.boolean()).map(([rows, jsonl]) => {
    const flat = rows.map(([d, w, ps, ms, sf]) => [d, w, ...ps, ...ms, sf]);
    if (!jsonl) return csvFormatRows([header, ...flat]);
    // JSONL as `dataset --out x.jsonl` writes it: numbers as numbers where they parse.
    return flat
      .map((cells) =>
        JSON.stringify(
          Object.fromEntries(
            header.map((h, i) => {
              const v = cells[i] as string;
              return [h, h === 'workload' || v.trim() === '' || Number.isNaN(Number(v)) ? v : Number(v)];
            }),
          ),
        ),
      )
      .join('\n');
  });
}

/** One valid `dataset` JSONL row, so the lines after it are what the reader has to judge. */
const VALID_JSONL_ROW = JSON.stringify({
  design: 0,
  workload: 'mobilenet_v2',
  ...Object.fromEntries(EDGETPU.params.map((p) => [p.key, p.values[0]])),
  latencyMs: 1.5,
  energyMj: 0.2,
  areaMm2: 10,
  simFeasible: 1,
});

describe(`PRIME logged-data reader fuzz (fast-check seed ${SEED}, up to ${FUZZ_RUNS} runs per property)`, () => {
  it('dataset files with edge cells (negative, NaN, 1e300, off-grid) give a PrimeDataError or a sound dataset', () => {
    let parsed = 0;
    fc.assert(
      fc.property(
        fc
          .constantFrom('edgetpu', 'systolic')
          .chain((id) => fc.tuple(fc.constant(id), fileArb(TEMPLATES[id] as DesignTemplate))),
        ([id, text]) => {
          if (checkParse(text, TEMPLATES[id] as DesignTemplate)) parsed++;
        },
      ),
      { seed: SEED, numRuns: 5_000 },
    );
    expect(parsed).toBeGreaterThan(250);
  });

  it('JSONL whose lines are any JSON value (null, numbers, lists, objects) never throws a TypeError', () => {
    const line = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom<Json>(...EDGE_JSON));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 4 }), (lines) => {
        checkParse([VALID_JSONL_ROW, ...lines.map((l) => JSON.stringify(l))].join('\n'), EDGETPU);
      }),
      opts,
    );
  });

  it('character edits of real files give a PrimeDataError or a sound dataset', () => {
    const samples = fc.sample(fileArb(EDGETPU), { seed: SEED, numRuns: 20 });
    const ch = fc.constantFrom(...'0123456789,.-e\n"{}:'.split(''));
    fc.assert(
      fc.property(mutatedArb(samples, ch, 4), (text) => {
        checkParse(text, EDGETPU);
      }),
      { seed: SEED, numRuns: 3_000 },
    );
  });

  it('limits: more than 1024 workloads, or more than 2^25 design × workload cells, are refused naming the limit', () => {
    const keys = EDGETPU.params.map((p) => p.key);
    const values = EDGETPU.params.map((p) => String(p.values[0]));
    const file = (rows: number, workloads: number) =>
      [
        ['design', 'workload', ...keys, 'latencyMs', 'areaMm2', 'simFeasible'].join(','),
        ...Array.from({ length: rows }, (_, i) => [i, `w${i % workloads}`, ...values, 1, 1, 1].join(',')),
      ].join('\n');
    const tooMany = resultOrTyped(
      () => parseLoggedData(file(1100, 1100), EDGETPU, { areaBudgetMm2: 27 }),
      PrimeDataError,
      (e) => {
        expect(e.message).toContain(`the limit is ${MAX_DATA_WORKLOADS}`);
        expect((e as PrimeDataError).field).toBe('workload');
      },
    );
    expect(tooMany).toBeUndefined();
    // 33,000 designs × 1,024 workloads ≈ 3.4·10^7 cells > 2^25: refused before allocating ~640 MB.
    const dense = resultOrTyped(
      () => parseLoggedData(file(33_000, 1024), EDGETPU, { areaBudgetMm2: 27 }),
      PrimeDataError,
      (e) => {
        expect(e.message).toContain(`the limit is ${MAX_DATA_CELLS}`);
      },
    );
    expect(dense).toBeUndefined();
  });
});
