import {
  Bool,
  Float64,
  type RecordBatch,
  RecordBatchFileWriter,
  Table,
  tableFromIPC,
  Utf8,
  type Vector,
  vectorFromArray,
} from 'apache-arrow';
import type { DesignTemplate } from '../arch/types';
import { isArrowFile } from './arrow-magic';
import { emptyDataset, type PrimeDataset, setCell } from './dataset';
import { MAX_DATA_CELLS, MAX_DATA_WORKLOADS, type ParseOptions, PrimeDataError } from './io';
import type { SegmentRows } from './logged';
import { segmentSource } from './logged-io';

export { ARROW_MAGIC, isArrowFile } from './arrow-magic';

/**
 * Logged data as Apache Arrow IPC (file format; one record batch per generator segment): the
 * columns of the CSV form (logged-io.ts) typed — design Int32, workload and source Utf8, every
 * template parameter as its value (Int32 where all values are integers, else Float64), latencyMs,
 * energyMj, areaMm2 Float64 (null = no value), simFeasible and feasible Bool. Uncompressed it is
 * about ¾ of the CSV's size (the id strings repeat per row), but it is read column by column
 * without a per-row parse: ~3.5× the CSV reader's rows/s (docs/prime.md §9).
 * Shards are separate files (an IPC file has one schema and footer): read them with
 * `parseLoggedArrow([shard0, shard1, …])`.
 */
const integerParam = (values: readonly (number | string)[]) => values.every((v) => Number.isInteger(v));

/** One segment's rows as a record batch. */
export function segmentBatch(template: DesignTemplate, r: SegmentRows, areaBudgetMm2: number): RecordBatch {
  const n = r.segment.length;
  const dims = template.params.length;
  const nullable = (a: Float64Array) => Array.from(a, (v) => (Number.isFinite(v) ? v : null));
  const cols: Record<string, Vector> = {
    design: vectorFromArray(Int32Array.from({ length: n }, (_, k) => r.segment.start + k)),
    workload: vectorFromArray(new Array<string>(n).fill(r.segment.application), new Utf8()),
    source: vectorFromArray(new Array<string>(n).fill(segmentSource(r)), new Utf8()),
  };
  template.params.forEach((p, d) => {
    const v = Array.from({ length: n }, (_, k) => p.values[r.codes[k * dims + d] as number] as number);
    cols[p.key] = integerParam(p.values) ? vectorFromArray(Int32Array.from(v)) : vectorFromArray(Float64Array.from(v));
  });
  cols.latencyMs = vectorFromArray(nullable(r.latencyMs), new Float64());
  cols.energyMj = vectorFromArray(nullable(r.energyMj), new Float64());
  cols.areaMm2 = vectorFromArray(Float64Array.from(r.areaMm2));
  const sim = Array.from(r.simFeasible, (v) => v === 1);
  cols.simFeasible = vectorFromArray(sim, new Bool());
  cols.feasible = vectorFromArray(
    sim.map((s, k) => s && (r.areaMm2[k] as number) <= areaBudgetMm2),
    new Bool(),
  );
  const batches = new Table(cols).batches;
  return batches[0] as RecordBatch;
}

/** Writes record batches to one Arrow IPC file; `finish()` gives the bytes. */
export class LoggedArrowWriter {
  private readonly writer = new RecordBatchFileWriter();
  write(batch: RecordBatch): void {
    this.writer.write(batch);
  }
  finish(): Uint8Array {
    this.writer.finish();
    return this.writer.toUint8Array(true);
  }
}

/**
 * Reads one or more Arrow IPC files (shards in order) of logged data into a dataset; needs the
 * template's parameter columns, latencyMs, areaMm2 and simFeasible (design, workload and energyMj
 * optional, as in the CSV). Feasibility is re-derived for `areaBudgetMm2`. Errors name the column
 * and, for a bad value, the row (0-based over all files).
 */
export function parseLoggedArrow(
  files: Uint8Array | readonly Uint8Array[],
  template: DesignTemplate,
  o: ParseOptions,
): PrimeDataset {
  const list = files instanceof Uint8Array ? [files] : files;
  const tables = list.map((bytes, f) => {
    if (!isArrowFile(bytes)) throw new PrimeDataError(`file ${f + 1}: not an Arrow IPC file (no "ARROW1" magic)`);
    try {
      return tableFromIPC(bytes);
    } catch (e) {
      throw new PrimeDataError(`file ${f + 1}: unreadable Arrow data (${e instanceof Error ? e.message : String(e)})`);
    }
  });
  const n = tables.reduce((s, t) => s + t.numRows, 0);
  if (n === 0) throw new PrimeDataError('no data rows');
  const column = (key: string, required: boolean): unknown[] | undefined => {
    const parts: unknown[][] = [];
    for (const t of tables) {
      const c = t.getChild(key);
      if (!c) {
        if (required)
          throw new PrimeDataError(`missing column "${key}" (has ${t.schema.names.join(', ')})`, undefined, key);
        return undefined;
      }
      parts.push(Array.from(c.toArray() as ArrayLike<unknown>));
    }
    return parts.flat();
  };
  const num = (key: string, required: boolean, neverNegative = true): Float64Array | undefined => {
    const c = column(key, required);
    if (!c) return undefined;
    const out = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      const v = c[r];
      const x = v === null || v === undefined ? Number.NaN : typeof v === 'bigint' ? Number(v) : v;
      if (typeof x !== 'number' || (neverNegative && x < 0))
        throw new PrimeDataError(`row ${r}, field "${key}": expected a number ≥ 0, got ${String(v)}`, r, key);
      out[r] = Number.isFinite(x) ? x : Number.NaN;
    }
    return out;
  };
  const dims = template.params.length;
  const codes = new Int32Array(n * dims);
  template.params.forEach((p, d) => {
    const c = num(p.key, true, false) as Float64Array;
    const index = new Map(p.values.map((v, i) => [Number(v), i]));
    for (let r = 0; r < n; r++) {
      const i = index.get(c[r] as number);
      if (i === undefined)
        throw new PrimeDataError(
          `row ${r}, field "${p.key}": ${c[r]} is not one of the template's values (${p.values.join(', ')})`,
          r,
          p.key,
        );
      codes[r * dims + d] = i;
    }
  });
  const latency = num('latencyMs', true) as Float64Array;
  const area = num('areaMm2', true) as Float64Array;
  const energy = num('energyMj', false);
  const simRaw = column('simFeasible', true) as unknown[];
  const sim = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const v = simRaw[r];
    if (v !== true && v !== false && v !== 1 && v !== 0)
      throw new PrimeDataError(`row ${r}, field "simFeasible": expected a boolean, got ${String(v)}`, r, 'simFeasible');
    sim[r] = v === true || v === 1 ? 1 : 0;
  }
  const wlCol = column('workload', false);
  const designCol = column('design', false);
  const workloads: string[] = [];
  const wIndex = new Map<string, number>();
  const w = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const id = wlCol ? wlCol[r] : (o.workloadId ?? 'workload');
    if (typeof id !== 'string' || id === '')
      throw new PrimeDataError(`row ${r}, field "workload": expected a workload id`, r, 'workload');
    let k = wIndex.get(id);
    if (k === undefined) {
      k = workloads.length;
      workloads.push(id);
      wIndex.set(id, k);
      if (workloads.length > MAX_DATA_WORKLOADS)
        throw new PrimeDataError(`more than ${MAX_DATA_WORKLOADS} workloads`, r, 'workload');
    }
    w[r] = k;
  }
  // Rows of one design (several workloads) share one dataset row, as in the CSV reader.
  const rowOf = new Map<string, number>();
  const designRow = new Int32Array(n);
  /** Input row where each dataset row (design) first appeared. */
  const firstInput = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const key = designCol ? String(designCol[r]) : String(r);
    let i = rowOf.get(key);
    if (i === undefined) {
      i = rowOf.size;
      rowOf.set(key, i);
      firstInput[i] = r;
    } else {
      const q = firstInput[i] as number;
      const d = template.params.findIndex((_, e) => codes[r * dims + e] !== codes[q * dims + e]);
      const field = d >= 0 ? template.params[d]?.key : area[r] !== area[q] ? 'areaMm2' : undefined;
      if (field)
        throw new PrimeDataError(`row ${r}, field "${field}": design ${key} differs from its row ${q}`, r, field);
    }
    designRow[r] = i;
  }
  if (rowOf.size * workloads.length > MAX_DATA_CELLS)
    throw new PrimeDataError(
      `${rowOf.size} designs × ${workloads.length} workloads is over the ${MAX_DATA_CELLS}-cell limit`,
    );
  const ds = emptyDataset(template.id, dims, workloads, rowOf.size, o.areaBudgetMm2);
  for (let r = 0; r < n; r++) {
    const i = designRow[r] as number;
    ds.codes.set(codes.subarray(r * dims, (r + 1) * dims), i * dims);
    ds.areaMm2[i] = area[r] as number;
    setCell(ds, i, w[r] as number, latency[r] as number, energy ? (energy[r] as number) : Number.NaN, sim[r] === 1);
  }
  return ds;
}
