import { csvParse } from 'd3-dsv';
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

/** A number, a numeric string, or an explicit "no value" (null, '', Infinity, NaN → NaN). */
const metric = z.union([z.number(), z.string(), z.null()]).transform((v, ctx) => {
  if (v === null || v === '') return Number.NaN;
  const n = typeof v === 'number' ? v : Number(v);
  if (Number.isNaN(n) && v !== 'NaN') {
    ctx.addIssue({ code: 'custom', message: `expected a number, got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return Number.isFinite(n) ? n : Number.NaN;
});

const flag = z.union([z.boolean(), z.number(), z.string()]).transform((v, ctx) => {
  if (v === true || v === 1 || v === '1' || v === 'true') return true;
  if (v === false || v === 0 || v === '0' || v === 'false') return false;
  ctx.addIssue({ code: 'custom', message: `expected 1/0 or true/false, got ${JSON.stringify(v)}` });
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
    throw new PrimeDataError(`file is ${text.length} characters; the limit is ${MAX_DATA_CHARS}`);
  const trimmed = text.trimStart();
  const raw: { line: number; row: Record<string, unknown> }[] = [];
  if (trimmed.startsWith('{')) {
    text.split('\n').forEach((s, i) => {
      if (s.trim() === '') return;
      try {
        raw.push({ line: i + 1, row: JSON.parse(s) as Record<string, unknown> });
      } catch (e) {
        throw new PrimeDataError(`line ${i + 1}: not JSON (${e instanceof Error ? e.message : String(e)})`, i + 1);
      }
    });
  } else {
    const rows = csvParse(text);
    for (const key of [...template.params.map((p) => p.key), 'latencyMs', 'areaMm2', 'simFeasible']) {
      if (!rows.columns.includes(key))
        throw new PrimeDataError(`missing column "${key}" (has ${rows.columns.join(', ')})`, 1, key);
    }
    rows.forEach((r, i) => {
      raw.push({ line: i + 2, row: r });
    });
  }
  if (raw.length === 0) throw new PrimeDataError('no data rows');

  const designs = new Map<string, number>();
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
          `line ${line}, field "${p.key}": ${JSON.stringify(v)} is not one of the template's values (${p.values.join(', ')})`,
          line,
          p.key,
        );
      }
      x[d] = idx;
    });
    if (!designs.has(r.data.design)) designs.set(r.data.design, designs.size);
    if (!workloads.includes(r.data.workload)) workloads.push(r.data.workload);
    return { ...r.data, x, line };
  });

  const ds = emptyDataset(template.id, template.params.length, workloads, designs.size, o.areaBudgetMm2);
  for (const r of parsed) {
    const i = designs.get(r.design) as number;
    ds.codes.set(r.x, i * ds.dims);
    ds.areaMm2[i] = r.areaMm2;
    setCell(ds, i, workloads.indexOf(r.workload), r.latencyMs, r.energyMj ?? Number.NaN, r.simFeasible);
  }
  return ds;
}

function indexOf(values: readonly (number | string)[], raw: unknown): number {
  if (typeof raw === 'number') return values.indexOf(raw);
  if (typeof raw !== 'string' || raw.trim() === '') return -1;
  const i = values.indexOf(raw);
  return i >= 0 ? i : values.indexOf(Number(raw));
}
