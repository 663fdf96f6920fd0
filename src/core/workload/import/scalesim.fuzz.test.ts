import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_RUNS, mutatedArb, resultOrTyped, workloadProblems } from '../../../../test/fuzz';
import type { Workload } from '../workload';
import { IMPORT_LIMITS, ImportError } from './errors';
import { parseScaleSimCsv } from './scalesim';

/**
 * Fuzzing the SCALE-Sim topology importer (issue 9): any text gives an ImportError whose field
 * names the row and column (or the file-level limit), or a workload whose counts are finite
 * non-negative integers within the import limits. Replay a failure with fc.assert(p, { seed, path }).
 */
const SEED = 0x5ca1e_51;
const opts = { seed: SEED, numRuns: FUZZ_RUNS };

const fixture = (f: string) => readFileSync(new URL(`../../../../test/fixtures/${f}`, import.meta.url), 'utf8');
const HEADER = 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,';
const CONV_COLUMNS = ['IFMAP Height', 'IFMAP Width', 'Filter Height', 'Filter Width', 'Channels', 'Num Filter'];
const SAMPLES = [
  fixture('scalesim-mobilenet.csv'),
  fixture('gemm.csv'),
  `${HEADER}\nConv1     ,224         ,224        ,11           ,11          ,3       ,96        ,4      ,\n`,
  'Layer, M, N, K,\nqkv, 128, 768, 2304,\nproj, 128, 768, 768,\n',
];
/** Fields an error may name besides `row N: <column>`: file-level checks. */
const FILE_FIELDS = ['file', 'header', 'layers', 'macs'];

/** The import, or undefined after an ImportError whose field locates the problem. */
function checkImport(text: string): Workload | undefined {
  const rows = text.split(/\r\n|\r|\n/).length;
  const wl = resultOrTyped(
    () => parseScaleSimCsv(text, 'fuzz.csv'),
    ImportError,
    (e) => {
      const field = (e as ImportError).field;
      const row = /^row (\d+): (.+)$/.exec(field);
      if (row) {
        // CSV rows never outnumber physical lines (quoted newlines only merge them).
        expect(Number(row[1])).toBeLessThanOrEqual(rows);
        expect(e.message).toContain(`row ${row[1]}`);
      } else expect(FILE_FIELDS).toContain(field);
    },
  );
  if (wl) checkWorkload(wl);
  return wl;
}

function checkWorkload(wl: Workload): void {
  const bad = workloadProblems(wl);
  for (const l of wl.layers) if (l.c * l.h * l.w > IMPORT_LIMITS.tensorElements) bad.push(`${l.name}: IFMAP over 2^40`);
  expect(bad).toEqual([]);
}

/** Numbers and near-numbers a CSV cell may hold: edge values, limits, and text that only looks numeric. */
const EDGE_CELLS = [
  '0',
  '-1',
  '-0',
  '+3',
  '1.5',
  '2.0',
  '1e3',
  '1e300',
  '-1e300',
  '1e-300',
  'NaN',
  'Infinity',
  '-Infinity',
  '0x10',
  '',
  ' ',
  '"7"',
  '9'.repeat(400),
  String(IMPORT_LIMITS.dim),
  String(IMPORT_LIMITS.dim + 1),
  String(2 ** 53 + 1),
  '1,000',
  '١٢',
];
const cell = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 64 }).map(String) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: IMPORT_LIMITS.dim }).map(String) },
  { weight: 2, arbitrary: fc.constantFrom(...EDGE_CELLS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);
const name = fc.oneof(fc.constantFrom('c1', 'Conv_DP', 'fc', 'DP', '#x', '"q,uoted"'), fc.string({ maxLength: 8 }));
const pad = fc.constantFrom('', ' ', '\t', '  ');

/** A conv- or GEMM-form file of 1–8 rows built from edge cells, with SCALE-Sim's trailing comma or not. */
const structured = fc.oneof(
  fc
    .array(fc.tuple(name, fc.array(cell, { minLength: 6, maxLength: 9 }), pad, fc.boolean()), {
      minLength: 1,
      maxLength: 8,
    })
    .map((rows) => [HEADER, ...rows.map(([n, cs, p, tc]) => `${n},${cs.map((c) => p + c).join(',')}${tc ? ',' : ''}`)]),
  fc
    .array(fc.tuple(name, fc.array(cell, { minLength: 2, maxLength: 5 }), fc.boolean()), {
      minLength: 1,
      maxLength: 8,
    })
    .map((rows) => ['Layer, M, N, K,', ...rows.map(([n, cs, tc]) => `${n},${cs.join(',')}${tc ? ',' : ''}`)]),
);
const lineEnd = fc.constantFrom('\n', '\r\n', '\r', '\n\n');
const csvChar = fc.constantFrom(...'0123456789,,,,\n\r "#-+.eEDPxLayer nameMNK\t\uFEFF'.split(''));

describe(`SCALE-Sim CSV importer fuzz (fast-check seed ${SEED}, up to ${FUZZ_RUNS} runs per property)`, () => {
  it('random CSV-like text, with or without a valid header, gives a located ImportError or a sound workload', () => {
    const body = fc.string({ maxLength: 300, unit: csvChar });
    const text = fc.oneof(
      body,
      body.map((b) => `${HEADER}\n${b}`),
      body.map((b) => `Layer,M,N,K\n${b}`),
      fc.string({ maxLength: 200 }),
    );
    fc.assert(
      fc.property(text, (t) => {
        checkImport(t);
      }),
      { seed: SEED, numRuns: 5_000 },
    );
  });

  it('mutated real topologies (SCALE-Sim fixtures) give a located ImportError or a sound workload', () => {
    fc.assert(
      fc.property(mutatedArb(SAMPLES, csvChar, 8), (t) => {
        checkImport(t);
      }),
      { seed: SEED, numRuns: 5_000 },
    );
  });

  it('extreme cells (0, negative, 1e300, NaN, huge dims) are refused with the row and column named', () => {
    fc.assert(
      fc.property(structured, lineEnd, (lines, eol) => {
        const wl = checkImport(lines.join(eol));
        if (wl) expect(wl.layers.length).toBeLessThanOrEqual(lines.length - 1);
      }),
      opts,
    );
  });

  it('one bad cell in a valid file is reported at exactly its row and column', () => {
    const bad = fc.constantFrom('0', '-1', '1.5', 'NaN', '1e300', '', 'x', String(IMPORT_LIMITS.dim + 1));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 5 }), bad, (row, col, v) => {
        const rows = Array.from({ length: 8 }, (_, i) => `c${i}, 32, 32, 3, 3, 8, 16, 1,`);
        const cells = (rows[row] as string).split(',');
        cells[col + 1] = v;
        rows[row] = cells.join(',');
        let field: string | undefined;
        resultOrTyped(
          () => parseScaleSimCsv([HEADER, ...rows].join('\n'), 'one.csv'),
          ImportError,
          (e) => {
            field = (e as ImportError).field;
          },
        );
        // Every edit makes the file invalid. A bad IFMAP size may surface as "Filter > IFMAP" on the filter column.
        const at = `row ${row + 2}: `;
        expect([at + (CONV_COLUMNS[col] as string), `${at}Filter Height`, `${at}Filter Width`]).toContain(field);
      }),
      { seed: SEED, numRuns: 2_000 },
    );
  });
});
