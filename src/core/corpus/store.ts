import { allocBatch, CLASS_COLUMNS, type CorpusBatch, concatBatches, hashAt, NET_COLUMNS } from './batch';
import type { CostModelJson } from './cost-model';

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
 * The unique networks of a corpus run in growable columns (capacity doubles; `view()` gives
 * subarrays without copying). A network whose structural hash was seen before is counted as a
 * duplicate and dropped, as the Edge TPU study counts "unique networks".
 */
export class CorpusStore {
  private data: CorpusBatch;
  private seen = new Set<string>();
  length = 0;
  generated = 0;
  duplicates = 0;
  private listeners = new Set<(from: number, to: number) => void>();

  constructor(
    readonly spec: CorpusSpec,
    capacity = 1024,
  ) {
    this.data = allocBatch(Math.max(1, capacity), spec.classes.length);
  }

  get classes(): number {
    return this.spec.classes.length;
  }

  /** Appends a batch in index order; returns how many rows were new (unique). */
  append(b: CorpusBatch): number {
    if (b.classes !== this.classes) throw new Error(`batch has ${b.classes} classes, the store ${this.classes}`);
    const from = this.length;
    for (let i = 0; i < b.n; i++) {
      this.generated++;
      const h = hashAt(b, i);
      if (this.seen.has(h)) {
        this.duplicates++;
        continue;
      }
      this.seen.add(h);
      this.copyRow(b, i);
    }
    if (this.length > from) for (const f of this.listeners) f(from, this.length);
    return this.length - from;
  }

  private copyRow(b: CorpusBatch, i: number): void {
    if (this.length === this.data.n) this.grow();
    const d = this.data;
    const r = this.length++;
    const C = this.classes;
    d.index[r] = b.index[i] as number;
    d.hash[2 * r] = b.hash[2 * i] as number;
    d.hash[2 * r + 1] = b.hash[2 * i + 1] as number;
    for (const k of NET_COLUMNS) d.net[k][r] = b.net[k][i] as number;
    for (const k of CLASS_COLUMNS) {
      const col = b.cls[k] as Float64Array | undefined;
      for (let c = 0; c < C; c++) d.cls[k][r * C + c] = col ? (col[i * C + c] as number) : Number.NaN;
    }
  }

  private grow(): void {
    this.data = concatBatches([this.view(), allocBatch(this.data.n, this.classes)]);
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

  /** A store holding a checkpoint's rows; the run continues at `checkpoint.next`. */
  static fromCheckpoint(cp: CorpusCheckpoint): CorpusStore {
    if (cp?.version !== 1) throw new Error('corpus checkpoint: unknown version');
    if (cp.rows.classes !== cp.spec.classes.length) throw new Error('corpus checkpoint: rows do not match the classes');
    const s = new CorpusStore(cp.spec, cp.rows.n);
    s.append(cp.rows);
    s.generated = cp.generated;
    s.duplicates = cp.duplicates;
    return s;
  }
}

function structuredCopy(spec: CorpusSpec): CorpusSpec {
  return { ...spec, classes: [...spec.classes], ...(spec.shard ? { shard: { ...spec.shard } } : {}) };
}
