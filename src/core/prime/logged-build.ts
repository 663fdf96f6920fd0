import type { DesignTemplate } from '../arch/types';
import { CONTEXT_DIMS } from './context';
import { emptyDataset, type PrimeDataset, setCell } from './dataset';
import type { LoggedPlan, LoggedSegment, SegmentRows } from './logged';
import { loggedSegments } from './logged';

/**
 * Assembling PRIME-like logged data (logged.ts) from segments computed elsewhere — the browser's
 * pool of logged-data workers, which finish segments in any order — into the one dataset
 * `generateLogged` would return, and what that costs in memory before it is attempted.
 */

/** The transferable buffers of a segment's columns (post them with `transfer`, not as copies). */
export function segmentBuffers(r: SegmentRows): ArrayBuffer[] {
  return [
    r.codes.buffer,
    r.areaMm2.buffer,
    r.latencyMs.buffer,
    r.energyMj.buffer,
    r.simFeasible.buffer,
  ] as ArrayBuffer[];
}

/**
 * Collects segments of one plan into a dataset: each lands at its own rows (its `start`), so the
 * arrival order does not matter and the result equals `generateLogged` of the same plan.
 */
export class LoggedBuilder {
  readonly segments: readonly LoggedSegment[];
  readonly data: PrimeDataset;
  private readonly seen: Uint8Array;
  private added = 0;
  private rowsAdded = 0;

  constructor(template: DesignTemplate, plan: LoggedPlan, areaBudgetMm2: number) {
    this.segments = loggedSegments(plan);
    this.data = emptyDataset(
      template.id,
      template.params.length,
      [...plan.applications],
      plan.applications.length * plan.rowsPerApplication,
      areaBudgetMm2,
    );
    this.seen = new Uint8Array(this.segments.length);
  }

  /** Rows added so far. */
  get rows(): number {
    return this.rowsAdded;
  }

  get complete(): boolean {
    return this.added === this.segments.length;
  }

  /** Places one segment's rows; a segment that does not belong to the plan, or comes twice, is an error. */
  add(r: SegmentRows): void {
    const seg = this.segments[r.segment.index];
    const dims = this.data.dims;
    if (!seg || seg.start !== r.segment.start || seg.length !== r.segment.length || seg.seed !== r.segment.seed)
      throw new Error(`logged data: segment ${r.segment.index} is not part of this plan`);
    if (this.seen[seg.index]) throw new Error(`logged data: segment ${seg.index} arrived twice`);
    if (r.codes.length !== seg.length * dims || r.latencyMs.length !== seg.length)
      throw new Error(`logged data: segment ${seg.index} has ${r.latencyMs.length} rows, not ${seg.length}`);
    const w = this.data.workloads.indexOf(seg.application);
    this.data.codes.set(r.codes, seg.start * dims);
    for (let k = 0; k < seg.length; k++) {
      const row = seg.start + k;
      this.data.areaMm2[row] = r.areaMm2[k] as number;
      setCell(this.data, row, w, r.latencyMs[k] as number, r.energyMj[k] as number, r.simFeasible[k] === 1);
    }
    this.seen[seg.index] = 1;
    this.added++;
    this.rowsAdded += seg.length;
  }

  /** The dataset, once every segment is in. */
  finish(): PrimeDataset {
    if (!this.complete)
      throw new Error(
        `logged data: ${this.segments.length - this.added} of ${this.segments.length} segments are missing`,
      );
    return this.data;
  }
}

/** What a logged dataset of this size costs in the PRIME worker, bytes (an estimate from the layouts below). */
export interface LoggedMemory {
  rows: number;
  /** Bytes per logged row. */
  perRow: number;
  total: number;
}

/**
 * Estimated peak memory of loading and training on `applications × rowsPerApplication` logged
 * rows in the PRIME worker. Per row: the dataset's columns (codes 4 B × parameters, area 8 B, and
 * per application column latency 8 + energy 8 + three flags — dense, so every application costs
 * every row 19 B), twice (the train / held-out split copies them); the encoded row (Float32 × the
 * encoder's width: log values, one-hot, area, context) for training, and again for the held-out
 * fifth in the report; and 200 B of index lists, mining starts and the area cache. That last
 * constant is calibrated: 10^5 MobileNetV2 rows peaked at 771–833 B a row over two runs (heap + ArrayBuffers, Node,
 * load → 50 training steps → report), this formula gives 824. The page holds none of it: segments
 * pass through it by transfer.
 */
export function loggedMemory(template: DesignTemplate, applications: number, rowsPerApplication: number): LoggedMemory {
  const dims = template.params.length;
  const width = dims + template.params.reduce((s, p) => s + p.values.length, 0) + 1 + CONTEXT_DIMS;
  const perRow = Math.round(2 * (4 * dims + 8 + 19 * applications) + 1.2 * 4 * width + 200);
  const rows = applications * rowsPerApplication;
  return { rows, perRow, total: rows * perRow };
}

/**
 * Largest estimated footprint the tab attempts (bytes). A 64-bit Chromium tab typically gets a
 * few GB before the renderer is killed; 1.5 GB leaves room for the page, the plot and the pool.
 */
export const LOGGED_MEMORY_LIMIT_BYTES = 1.5e9;

/** Megabytes or gigabytes, for the tab's memory note. */
export function formatBytes(b: number): string {
  return b >= 1e9 ? `${(b / 1e9).toFixed(2)} GB` : `${Math.round(b / 1e6)} MB`;
}

/** Throws a message naming the fields when the data would not fit (`loggedMemory` over the limit). */
export function checkLoggedSize(
  template: DesignTemplate,
  applications: number,
  rowsPerApplication: number,
): LoggedMemory {
  const m = loggedMemory(template, applications, rowsPerApplication);
  if (m.total > LOGGED_MEMORY_LIMIT_BYTES) {
    const fit = Math.floor(LOGGED_MEMORY_LIMIT_BYTES / m.perRow / applications);
    throw new Error(
      `rows per application: ${applications} application${applications > 1 ? 's' : ''} × ${rowsPerApplication.toLocaleString('en-US')} rows need about ${formatBytes(m.total)} in the PRIME worker (${m.perRow} B a row), over the tab's ${formatBytes(LOGGED_MEMORY_LIMIT_BYTES)}; use at most ${fit.toLocaleString('en-US')} rows per application or fewer applications`,
    );
  }
  return m;
}
