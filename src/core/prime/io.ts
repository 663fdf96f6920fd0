import { csvParseRows } from 'd3-dsv';
import { z } from 'zod';
import type { DesignTemplate } from '../arch/types';
import { emptyDataset, type PrimeDataset, setCell } from './dataset';

/** A logged-data file that cannot be read; `line` (1-based, header = line 1 for CSV) and `field` locate it. */
export class PrimeDataError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'PrimeDataError';
  }
}

/** Largest file accepted (characters): ~10^6 design × workload rows of the `dataset` CLI. */
export const MAX_DATA_CHARS = 256 * 1024 * 1024;
/** Most distinct workload ids in one file (PRIME's multi-application studies use a handful). */
export const MAX_DATA_WORKLOADS = 1024;
/**
 * Most design × workload cells of the dataset (2^25 ≈ 3.4·10^7, ~19 bytes each). The columns are
 * dense, so without this a file of N rows, each a new design and a new workload, would ask for
 * N² cells: a 10^5-row file would try to allocate ~190 GB.
 */
export const MAX_DATA_CELLS = 2 ** 25;

/**
 * A non-negative number, a numeric string, or an explicit "no value" (null, '', Infinity, NaN → NaN).
 * Latency, energy and area are never negative; a negative value means a damaged file.
 */
const metric = z.union([z.number(), z.string(), z.null()]).transform((v, ctx) => {
  if (v === null || v === '') return Number.NaN;
  const n = typeof v === 'number' ? v : Number(v);
  if (Number.isNaN(n) && v !== 'NaN') {
    ctx.addIssue({ code: 'custom', message: `expected a number, got ${shown(v)}` });
    return z.NEVER;
  }
  if (n < 0 && Number.isFinite(n)) {
    ctx.addIssue({ code: 'custom', message: `expected a number ≥ 0, got ${n}` });
    return z.NEVER;
  }
  return Number.isFinite(n) ? n : Number.NaN;
});

const flag = z.union([z.boolean(), z.number(), z.string()]).transform((v, ctx) => {
  if (v === true || v === 1 || v === '1' || v === 'true') return true;
  if (v === false || v === 0 || v === '0' || v === 'false') return false;
  ctx.addIssue({ code: 'custom', message: `expected 1/0 or true/false, got ${shown(v)}` });
  return z.NEVER;
});

const rowSchema = z.object({
  design: z.union([z.number(), z.string()]).transform((v) => String(v)),
  workload: z.string().min(1, 'empty workload id'),
  latencyMs: metric,
  energyMj: metric.optional(),
  areaMm2: metric,
  simFeasible: flag,
});

export interface ParseOptions {
  /** Area budget for PRIME's feasibility (mm²); `feasible` is re-derived as simFeasible ∧ area ≤ budget. */
  areaBudgetMm2: number;
  /** Workload id for files without a `workload` column (`optimize --out` CSV of a one-workload study). */
  workloadId?: string;
}

/**
 * Reads logged data written by `dataset` (CSV or JSONL: one row per design × workload with the
 * parameter values, latencyMs, energyMj, areaMm2, simFeasible) or by `optimize --out` (CSV with
 * `index` instead of `design` and no `workload` column; give `workloadId`). Rows of one design
 * become one dataset row; parameter values must be on the template's grid. Errors name the line
 * and field.
 */
export function parseLoggedData(text: string, template: DesignTemplate, o: ParseOptions): PrimeDataset {
  if (text.length > MAX_DATA_CHARS)
    throw new PrimeDataError(`file is ${text.length} characters; the limit is ${MAX_DATA_CHARS} (256 MiB)`);
  const trimmed = text.trimStart();
  const raw: { line: number; row: Record<string, unknown> }[] = [];
  if (trimmed.startsWith('{')) {
    text.split('\n').forEach((s, i) => {
      if (s.trim() === '') return;
      let row: unknown;
      try {
        row = JSON.parse(s);
      } catch (e) {
        throw new PrimeDataError(`line ${i + 1}: not JSON (${e instanceof Error ? e.message : String(e)})`, i + 1);
      }
      // `null`, a number or a list parses too; reading fields off them would throw a TypeError.
      if (typeof row !== 'object' || row === null || Array.isArray(row)) {
        throw new PrimeDataError(`line ${i + 1}: expected a JSON object (one row per line)`, i + 1);
      }
      raw.push({ line: i + 1, row: row as Record<string, unknown> });
    });
  } else {
    // csvParseRows, not csvParse: csvParse builds its row objects with `new Function`, which the
    // app's Content-Security-Policy forbids (and which should never see file content anyway).
    const [header = [], ...body] = csvParseRows(text);
    for (const key of [...template.params.map((p) => p.key), 'latencyMs', 'areaMm2', 'simFeasible']) {
      if (!header.includes(key)) throw new PrimeDataError(`missing column "${key}" (has ${header.join(', ')})`, 1, key);
    }
    body.forEach((cells, i) => {
      // Blank lines (e.g. a trailing newline run) carry no row; csvParse skipped them as well.
      if (cells.length === 1 && cells[0] === '') return;
      const row: Record<string, unknown> = Object.create(null);
      header.forEach((h, c) => {
        row[h] = cells[c] ?? '';
      });
      raw.push({ line: i + 2, row });
    });
  }
  if (raw.length === 0) throw new PrimeDataError('no data rows');

  const designs = new Map<string, number>();
  const firstRow = new Map<string, { line: number; x: Int32Array; area: number }>();
  const workloads: string[] = [];
  const parsed = raw.map(({ line, row }, i) => {
    const withDefaults = {
      ...row,
      design: row.design ?? row.index ?? String(i),
      workload: row.workload ?? o.workloadId ?? 'workload',
    };
    const r = rowSchema.safeParse(withDefaults);
    if (!r.success) {
      const issue = r.error.issues[0];
      const field = issue?.path.join('.') || '?';
      throw new PrimeDataError(`line ${line}, field "${field}": ${issue?.message ?? 'invalid'}`, line, field);
    }
    const x = new Int32Array(template.params.length);
    template.params.forEach((p, d) => {
      const v = row[p.key];
      const idx = indexOf(p.values, v);
      if (idx < 0) {
        throw new PrimeDataError(
          `line ${line}, field "${p.key}": ${shown(v)} is not one of the template's values (${p.values.join(', ')})`,
          line,
          p.key,
        );
      }
      x[d] = idx;
    });
    const first = firstRow.get(r.data.design);
    if (!first) firstRow.set(r.data.design, { line, x, area: r.data.areaMm2 });
    else {
      // One design, one configuration and one area (a function of the design): a row that disagrees
      // would silently overwrite them and leave the earlier rows' feasibility computed for another chip.
      const key = template.params.find((_, d) => x[d] !== first.x[d])?.key;
      const field = key ?? (Object.is(first.area, r.data.areaMm2) ? undefined : 'areaMm2');
      if (field) {
        throw new PrimeDataError(
          `line ${line}, field "${field}": design ${shown(r.data.design)} differs from its row on line ${first.line}`,
          line,
          field,
        );
      }
    }
    if (!designs.has(r.data.design)) designs.set(r.data.design, designs.size);
    if (!workloads.includes(r.data.workload)) {
      workloads.push(r.data.workload);
      if (workloads.length > MAX_DATA_WORKLOADS) {
        throw new PrimeDataError(
          `line ${line}, field "workload": more than ${MAX_DATA_WORKLOADS} workloads; the limit is ${MAX_DATA_WORKLOADS}`,
          line,
          'workload',
        );
      }
    }
    return { ...r.data, x, line };
  });

  if (designs.size * workloads.length > MAX_DATA_CELLS) {
    throw new PrimeDataError(
      `${designs.size} designs × ${workloads.length} workloads = ${designs.size * workloads.length} cells; the limit is ${MAX_DATA_CELLS}`,
      undefined,
      'workload',
    );
  }
  const ds = emptyDataset(template.id, template.params.length, workloads, designs.size, o.areaBudgetMm2);
  for (const r of parsed) {
    const i = designs.get(r.design) as number;
    ds.codes.set(r.x, i * ds.dims);
    ds.areaMm2[i] = r.areaMm2;
    setCell(ds, i, workloads.indexOf(r.workload), r.latencyMs, r.energyMj ?? Number.NaN, r.simFeasible);
  }
  return ds;
}

/** A cell for a message: JSON, cut at 80 characters; a value nested too deep for JSON.stringify is named as such. */
function shown(v: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(v) ?? String(v);
  } catch {
    text = '(a value nested too deeply to show)';
  }
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function indexOf(values: readonly (number | string)[], raw: unknown): number {
  if (typeof raw === 'number') return values.indexOf(raw);
  if (typeof raw !== 'string' || raw.trim() === '') return -1;
  const i = values.indexOf(raw);
  return i >= 0 ? i : values.indexOf(Number(raw));
}
