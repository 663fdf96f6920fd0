import { decodeDesign } from '../arch/design';
import type { DesignTemplate } from '../arch/types';
import { csvLines } from '../csv';
import type { SegmentRows } from './logged';

/**
 * Text forms of the logged generator's rows, readable by `parseLoggedData` (io.ts) like the
 * `dataset` command's: one row per design (each logged for one application), the template's
 * parameters, latencyMs, energyMj, areaMm2, simFeasible, feasible (area ≤ the task's budget), and
 * `source` — which search logged it ("evolution@40", "bo@27", "random@27", "designs"). Design ids
 * are global row numbers, so shards concatenate to the whole file.
 */
export function loggedColumns(template: DesignTemplate): string[] {
  return [
    'design',
    'workload',
    'source',
    ...template.params.map((p) => p.key),
    'latencyMs',
    'energyMj',
    'areaMm2',
    'simFeasible',
    'feasible',
  ];
}

export function loggedCsvHeader(template: DesignTemplate): string {
  return `${csvLines([loggedColumns(template)])}\n`;
}

/** A segment's label in the `source` column. */
export function segmentSource(r: SegmentRows): string {
  const s = r.segment;
  return s.source === 'designs' ? 'designs' : `${s.source}@${s.areaLimitMm2}`;
}

const finite = (v: number) => (Number.isFinite(v) ? v : '');

/** CSV lines (newline-terminated) of one segment's rows. */
export function segmentCsv(template: DesignTemplate, r: SegmentRows, areaBudgetMm2: number): string {
  const dims = template.params.length;
  const source = segmentSource(r);
  const rows: (string | number)[][] = [];
  for (let k = 0; k < r.segment.length; k++) {
    const d = decodeDesign(template, r.codes.subarray(k * dims, (k + 1) * dims));
    const area = r.areaMm2[k] as number;
    const sim = r.simFeasible[k] === 1;
    rows.push([
      r.segment.start + k,
      r.segment.application,
      source,
      ...template.params.map((p) => d[p.key] as number | string),
      finite(r.latencyMs[k] as number),
      finite(r.energyMj[k] as number),
      area,
      sim ? 1 : 0,
      sim && area <= areaBudgetMm2 ? 1 : 0,
    ]);
  }
  return rows.length ? `${csvLines(rows)}\n` : '';
}

/** JSONL lines (newline-terminated) of one segment's rows. */
export function segmentJsonl(template: DesignTemplate, r: SegmentRows, areaBudgetMm2: number): string {
  const dims = template.params.length;
  const source = segmentSource(r);
  let out = '';
  for (let k = 0; k < r.segment.length; k++) {
    const d = decodeDesign(template, r.codes.subarray(k * dims, (k + 1) * dims));
    const area = r.areaMm2[k] as number;
    const sim = r.simFeasible[k] === 1;
    const lat = r.latencyMs[k] as number;
    const en = r.energyMj[k] as number;
    out += `${JSON.stringify({
      design: r.segment.start + k,
      workload: r.segment.application,
      source,
      ...d,
      latencyMs: Number.isFinite(lat) ? lat : null,
      energyMj: Number.isFinite(en) ? en : null,
      areaMm2: area,
      simFeasible: sim,
      feasible: sim && area <= areaBudgetMm2,
    })}\n`;
  }
  return out;
}
