import { csvParse } from 'd3-dsv';
import type { DesignTemplate } from '../arch/types';
import type { WarmStart } from '../opt/optimizer';

/** Largest warm-start input accepted (characters); bigger result files should be subsampled first. */
export const MAX_WARM_START_CHARS = 64 * 1024 * 1024;

/** A warm-start file that cannot be used; `field` names the missing or bad column/field. */
export class WarmStartError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'WarmStartError';
  }
}

function indexOfValue(values: readonly (number | string)[], raw: unknown): number {
  if (typeof raw === 'number') return values.indexOf(raw);
  if (typeof raw !== 'string') return -1;
  const i = values.indexOf(raw);
  if (i >= 0) return i;
  const v = Number(raw);
  return raw.trim() !== '' && Number.isFinite(v) ? values.indexOf(v) : -1;
}

function isTrue(raw: unknown): boolean {
  return raw === true || raw === 1 || raw === '1' || raw === 'true';
}

/**
 * The objective (minimised), +Infinity meaning "no value". Anything non-finite — NaN, a word,
 * -Infinity (JSON -1e400) — is "no value": -Infinity would otherwise beat every real design.
 */
function objectiveOf(raw: unknown): number {
  if (raw === null || raw === undefined || raw === '') return Number.POSITIVE_INFINITY;
  const v = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : Number.NaN;
  return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
}

/**
 * Reads another study's results as a warm start for `template`: the CSV written by
 * `optimize --out` or `dataset` (one column per parameter key, `objective` — or `latencyMs`
 * when absent — `feasible` and optionally `simFeasible`), or the JSON printed by `optimize --json` (its `history`).
 * Rows whose design is not on the template's grid are skipped; `skipped` counts them.
 */
export function parseWarmStart(text: string, template: DesignTemplate): WarmStart & { skipped: number } {
  if (text.length > MAX_WARM_START_CHARS)
    throw new WarmStartError(`warm start is ${text.length} characters; the limit is ${MAX_WARM_START_CHARS} (64 MiB)`);
  const trimmed = text.trimStart();
  let rows: { design: Record<string, unknown>; objective: unknown; feasible: unknown; simFeasible?: unknown }[];
  if (trimmed.startsWith('{')) {
    let doc: unknown;
    try {
      doc = JSON.parse(trimmed);
    } catch (e) {
      throw new WarmStartError(`warm start JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    const history = (doc as { history?: unknown }).history;
    if (!Array.isArray(history)) throw new WarmStartError('warm start JSON: no "history" array', 'history');
    rows = history.map((h: unknown, i) => {
      // `null` or a number in the list would otherwise throw a TypeError on `.design`.
      if (typeof h !== 'object' || h === null || Array.isArray(h)) {
        throw new WarmStartError(`warm start JSON: history[${i}] is not an object`, `history[${i}]`);
      }
      const e = h as { design?: unknown; objective?: unknown; feasible?: unknown };
      const design = typeof e.design === 'object' && e.design !== null ? (e.design as Record<string, unknown>) : {};
      return { design, objective: e.objective, feasible: e.feasible };
    });
  } else {
    const table = csvParse(trimmed);
    const cols = new Set(table.columns);
    for (const p of template.params) {
      if (!cols.has(p.key))
        throw new WarmStartError(`warm start CSV: no column "${p.key}" for template ${template.id}`, p.key);
    }
    const objCol = cols.has('objective') ? 'objective' : cols.has('latencyMs') ? 'latencyMs' : undefined;
    if (!objCol) throw new WarmStartError('warm start CSV: needs an "objective" or "latencyMs" column', 'objective');
    if (!cols.has('feasible')) throw new WarmStartError('warm start CSV: needs a "feasible" column', 'feasible');
    const sim = cols.has('simFeasible');
    rows = table.map((r) => ({
      design: r,
      objective: r[objCol],
      feasible: r.feasible,
      simFeasible: sim ? r.simFeasible : undefined,
    }));
  }
  const points: WarmStart['points'][number][] = [];
  let skipped = 0;
  for (const r of rows) {
    const x = new Int32Array(template.params.length);
    let ok = true;
    template.params.forEach((p, i) => {
      const k = indexOfValue(p.values, r.design[p.key]);
      if (k < 0) ok = false;
      x[i] = k;
    });
    if (!ok) {
      skipped++;
      continue;
    }
    const p = { x, y: objectiveOf(r.objective), feasible: isTrue(r.feasible) };
    points.push(r.simFeasible === undefined ? p : { ...p, failed: !isTrue(r.simFeasible) });
  }
  return { points, skipped };
}
