import { z } from 'zod';
import type { ResultsStore } from '../core/analysis/results-store';
import { decodeDesign, presetByName, requireTemplate } from '../core/arch';
import { toCsv } from '../core/csv';
import { type StudyLink, studyLinkSchema } from '../core/link/view-state';
import { OPTIMIZER_KINDS, type OptimizerKind } from '../core/opt/optimizer';
import { METRICS, type Metric } from '../core/study/metrics';
import { templateSizes } from '../core/study/sim-evaluator';
import { studyStore } from '../core/study/study';

/*
 * Only core imports: the store and run types are restated structurally below (the store's
 * StudyDraft and study-runs' Run satisfy them), so this module and its tests load and type-check
 * in Node without the browser-only state modules.
 */
/** A study as exported: the store's `StudyDraft`, i.e. a study link without `run`. */
type StudyDraft = Omit<StudyLink, 'run'>;
/** What the exporters read of a run (study-runs' `Run`). */
interface Run {
  key: string;
  optimizer: OptimizerKind;
  seed: number;
  spec: { template: string; preset?: string | undefined };
  store: ResultsStore<Metric>;
}

/** Largest results file the importer reads (characters of the JSON text, ≈ bytes: it is ASCII). */
export const MAX_RESULTS_BYTES = 64 * 1024 * 1024;
/** Most rows one run of an imported results file may hold. */
export const MAX_RESULTS_ROWS = 2_000_000;

/** A results file that cannot be imported; the message names the field (`runs.0.codes`) or the limit. */
export class StudyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StudyFileError';
  }
}

/** Every row of every run as CSV: run, optimizer, seed, row, each design parameter (its value), every metric, feasible. */
export function studyCsv(runs: readonly Run[]): string {
  const rows: Record<string, string | number>[] = [];
  for (const r of runs) {
    const t = requireTemplate(r.spec.template);
    const base = r.spec.preset ? presetByName(r.spec.preset)?.design : undefined;
    for (let i = 0; i < r.store.length; i++) {
      const d = decodeDesign(t, r.store.codesAt(i), base);
      const row: Record<string, string | number> = { run: r.key, optimizer: r.optimizer, seed: r.seed, row: i };
      for (const p of t.params) row[p.key] = d[p.key] as number | string;
      for (const m of METRICS) row[m] = r.store.metric(m)[i] as number;
      row.feasible = r.store.isFeasible(i) ? 1 : 0;
      rows.push(row);
    }
  }
  return toCsv(rows);
}

/** The study and its results as JSON: the draft plus, per run, the codes and metric columns. */
export function studyJson(draft: StudyDraft, runs: readonly Run[]): string {
  return JSON.stringify({
    format: 'archscope-study',
    version: 1,
    draft,
    runs: runs.map((r) => {
      const b = r.store.slice();
      return {
        key: r.key,
        optimizer: r.optimizer,
        seed: r.seed,
        n: b.n,
        codes: Array.from(b.codes),
        metrics: Object.fromEntries(
          METRICS.map((m) => [m, Array.from(b.metrics[m], (v) => (Number.isFinite(v) ? v : null))]),
        ),
        feasible: Array.from(b.feasible),
      };
    }),
  });
}

const studyFileSchema = z.strictObject({
  format: z.literal('archscope-study'),
  version: z.literal(1),
  draft: studyLinkSchema.omit({ run: true }),
  runs: z
    .array(
      z.strictObject({
        key: z.string().max(40),
        optimizer: z.enum(OPTIMIZER_KINDS),
        seed: z.number().int().min(0).max(0xffffffff),
        n: z
          .number()
          .int()
          .min(0)
          .max(MAX_RESULTS_ROWS, `a run holds at most ${MAX_RESULTS_ROWS} rows (the limit is ${MAX_RESULTS_ROWS})`),
        codes: z.array(z.number().int().min(0).max(65535)),
        metrics: z.record(z.string(), z.array(z.number().nullable())),
        feasible: z.array(z.number().int().min(0).max(1)),
      }),
    )
    .max(40),
});

export interface ImportedStudy {
  draft: StudyDraft;
  stores: { key: string; optimizer: OptimizerKind; seed: number; store: ResultsStore<Metric> }[];
}

/** Metrics that are never negative (the objective can be: `multi` sums logarithms). */
const NON_NEGATIVE: readonly Metric[] = ['latencyMs', 'energyMj', 'areaMm2', 'powerW', 'violation', 'simFeasible'];

/** Reads a study JSON exported by Archscope; every error is a StudyFileError naming the field or limit. */
export function parseStudyFile(text: string): ImportedStudy {
  if (text.length > MAX_RESULTS_BYTES) {
    throw new StudyFileError(
      `the file is ${text.length} characters; the limit is ${MAX_RESULTS_BYTES} (${MAX_RESULTS_BYTES / 1024 / 1024} MiB)`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new StudyFileError('not JSON (export a study as JSON from this page to get the format)');
  }
  const parsed = studyFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StudyFileError(`field "${issue?.path.join('.') ?? ''}": ${issue?.message ?? 'invalid'}`);
  }
  const f = parsed.data;
  const draft: StudyDraft = f.draft;
  const template = requireTemplate(draft.template);
  const sizes = templateSizes(template);
  const dims = sizes.length;
  const stores = f.runs.map((r, k) => {
    if (r.codes.length !== r.n * dims)
      throw new StudyFileError(`field "runs.${k}.codes": expected ${r.n * dims} codes, got ${r.codes.length}`);
    r.codes.forEach((c, j) => {
      if (c >= (sizes[j % dims] as number))
        throw new StudyFileError(`field "runs.${k}.codes.${j}": ${c} is outside the parameter's values`);
    });
    if (r.feasible.length !== r.n) throw new StudyFileError(`field "runs.${k}.feasible": expected ${r.n} flags`);
    const metrics = {} as Record<Metric, Float64Array>;
    for (const m of METRICS) {
      const col = Object.hasOwn(r.metrics, m) ? r.metrics[m] : undefined;
      if (!col || col.length !== r.n) {
        throw new StudyFileError(`field "runs.${k}.metrics.${m}": expected ${r.n} values`);
      }
      if (NON_NEGATIVE.includes(m)) {
        const i = col.findIndex((v) => v !== null && v < 0);
        if (i >= 0) throw new StudyFileError(`field "runs.${k}.metrics.${m}.${i}": ${col[i]} is negative`);
      }
      metrics[m] = Float64Array.from(col, (v) => (v === null ? Number.POSITIVE_INFINITY : v));
    }
    const store = studyStore(sizes);
    store.append({ n: r.n, codes: r.codes, metrics, feasible: r.feasible });
    return { key: r.key, optimizer: r.optimizer, seed: r.seed, store };
  });
  return { draft, stores };
}
