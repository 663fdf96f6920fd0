import { allocBatch, CLASS_COLUMNS, type CorpusBatch, concatBatches, NET_COLUMNS } from './batch';
import type { CostModelJson } from './cost-model';
import { HashSet64 } from './hash-set';

/** What a corpus study is: a network space, its seed, how many networks (indices 0…count−1), the classes. */
export interface CorpusSpec {
  space: string;
  seed: number;
  count: number;
  /** Class ids in column order. */
  classes: string[];
  /** Shard i of n: indices [⌊i·count/n⌋, ⌊(i+1)·count/n⌋) (as `dataset`). Default 0/1. */
  shard?: { index: number; count: number };
  /**
   * Who computed latency and energy: the simulator (absent) or the learned cost model ('model':
   * `models` holds one exported model per class, so a saved study can resume; `checkEvery` is the
   * simulated sample, src/core/corpus/prediction-check.ts). Every view of a 'model' study says "predicted".
   */
  evaluator?: 'model';
  models?: CostModelJson[];
  checkEvery?: number;
}

/** Index range [lo, hi) of a spec's shard. */
export function shardRange(spec: CorpusSpec): [number, number] {
  const s = spec.shard ?? { index: 0, count: 1 };
  return [Math.floor((s.index * spec.count) / s.count), Math.floor(((s.index + 1) * spec.count) / s.count)];
}

/**
 * A structured-cloneable snapshot of a corpus run (IndexedDB, a file, a worker message): the spec,
 * how far the indices got, how many were duplicates, and the unique rows as one batch.
 */
export interface CorpusCheckpoint {
  version: 1;
  spec: CorpusSpec;
  /** Next network index to evaluate. */
  next: number;
  /** Networks generated so far (next − lo). */
  generated: number;
  duplicates: number;
  rows: CorpusBatch;
}

/**
 * The unique networks of a corpus run in growable columns (`view()` gives subarrays without
 * copying). A network whose structural hash was seen before is counted as a duplicate and
 * dropped, as the Edge TPU study counts "unique networks". Give the capacity the run needs (the
 * spec's shard size) when it is known: growing copies every row, which at 10^5 networks is tens
 * of milliseconds in one go — a long task on a page.
 */
export class CorpusStore {
  private data: CorpusBatch;
  private seen: HashSet64;
  length = 0;
  generated = 0;
  duplicates = 0;
  private listeners = new Set<(from: number, to: number) => void>();

  constructor(
    readonly spec: CorpusSpec,
    capacity = 1024,
  ) {
    this.data = allocBatch(Math.max(1, capacity), spec.classes.length);
    this.seen = new HashSet64(capacity);
  }

  get classes(): number {
    return this.spec.classes.length;
  }

  /** Rows the store holds before it must grow. */
  get capacity(): number {
    return this.data.n;
  }

  /** Appends a batch in index order; returns how many rows were new (unique). */
  append(b: CorpusBatch): number {
    if (b.classes !== this.classes) throw new Error(`batch has ${b.classes} classes, the store ${this.classes}`);
    const from = this.length;
    if (this.length + b.n > this.data.n) this.grow(this.length + b.n);
    // Runs of new rows are copied column by column (typed-array set), not row by row.
    let run = -1;
    for (let i = 0; i < b.n; i++) {
      this.generated++;
      if (this.seen.add(b.hash[2 * i] as number, b.hash[2 * i + 1] as number)) {
        if (run < 0) run = i;
        continue;
      }
      this.duplicates++;
      if (run >= 0) this.copyRows(b, run, i);
      run = -1;
    }
    if (run >= 0) this.copyRows(b, run, b.n);
    if (this.length > from) for (const f of this.listeners) f(from, this.length);
    return this.length - from;
  }

  /** Copies rows [lo, hi) of `b` to the end of the store (capacity is already there). */
  private copyRows(b: CorpusBatch, lo: number, hi: number): void {
    const d = this.data;
    const r = this.length;
    const C = this.classes;
    d.index.set(b.index.subarray(lo, hi), r);
    d.hash.set(b.hash.subarray(2 * lo, 2 * hi), 2 * r);
    for (const k of NET_COLUMNS) d.net[k].set(b.net[k].subarray(lo, hi), r);
    for (const k of CLASS_COLUMNS) {
      // A checkpoint saved before a column existed (simLatencyMs, simEnergyMj) lacks it: NaN, not a crash.
      const col = b.cls[k] as Float64Array | undefined;
      if (col) d.cls[k].set(col.subarray(lo * C, hi * C), r * C);
      else d.cls[k].fill(Number.NaN, r * C, (r + hi - lo) * C);
    }
    this.length += hi - lo;
  }

  private grow(rows: number): void {
    let cap = this.data.n;
    while (cap < rows) cap *= 2;
    this.data = concatBatches([this.view(), allocBatch(cap - this.length, this.classes)]);
  }

  /** The unique rows as subarray views (valid until the next append). */
  view(): CorpusBatch {
    const d = this.data;
    const n = this.length;
    const C = this.classes;
    const net = {} as CorpusBatch['net'];
    const cls = {} as CorpusBatch['cls'];
    for (const k of NET_COLUMNS) net[k] = d.net[k].subarray(0, n);
    for (const k of CLASS_COLUMNS) cls[k] = d.cls[k].subarray(0, n * C);
    return { n, classes: C, index: d.index.subarray(0, n), hash: d.hash.subarray(0, 2 * n), net, cls };
  }

  /** Calls `f(from, to)` for every block of new rows (charts redraw on animation frames from it). */
  subscribe(f: (from: number, to: number) => void): () => void {
    this.listeners.add(f);
    return () => this.listeners.delete(f);
  }

  checkpoint(): CorpusCheckpoint {
    const [lo] = shardRange(this.spec);
    return {
      version: 1,
      spec: structuredCopy(this.spec),
      next: lo + this.generated,
      generated: this.generated,
      duplicates: this.duplicates,
      rows: concatBatches([this.view()]),
    };
  }

  /**
   * A store holding a checkpoint's rows; the run continues at `checkpoint.next`. `capacity`
   * (default: the rows and the rest of the shard) is allocated once, so the resumed run never grows.
   */
  static fromCheckpoint(cp: CorpusCheckpoint, capacity?: number): CorpusStore {
    if (cp?.version !== 1) throw new Error('corpus checkpoint: unknown version');
    if (cp.rows.classes !== cp.spec.classes.length) throw new Error('corpus checkpoint: rows do not match the classes');
    const [lo, hi] = shardRange(cp.spec);
    const s = new CorpusStore(cp.spec, capacity ?? Math.max(cp.rows.n, hi - lo - cp.generated + cp.rows.n));
    s.append(cp.rows);
    s.generated = cp.generated;
    s.duplicates = cp.duplicates;
    return s;
  }
}

function structuredCopy(spec: CorpusSpec): CorpusSpec {
  return { ...spec, classes: [...spec.classes], ...(spec.shard ? { shard: { ...spec.shard } } : {}) };
}
