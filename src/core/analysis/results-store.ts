/**
 * Append-only columnar store of evaluations: one typed array per column, grown by doubling up
 * to `maxRows`, no per-design objects. Row r is evaluation r of a study (ask order).
 * Memory per row: dims × (1 | 2 | 4) bytes of design codes + 8 bytes per metric + 1 byte of
 * feasibility — a 10-parameter design with 5 metrics is 51 bytes, so 10⁶ rows ≈ 51 MB (plus at
 * most 2× slack from doubling; call `trim()` when done).
 */

export type CodeArray = Uint8Array | Uint16Array | Int32Array;

export interface StoreSchema<M extends string> {
  /** Number of design parameters. */
  dims: number;
  /** Largest value-set size over the parameters (picks the code width). */
  maxLevels: number;
  /** Metric column names (Float64 each). */
  metrics: readonly M[];
}

/** A batch of rows in columns, as it crosses a worker boundary. */
export interface ColumnBatch<M extends string> {
  n: number;
  /** Design codes, row-major n × dims. */
  codes: ArrayLike<number>;
  metrics: Record<M, ArrayLike<number>>;
  feasible: ArrayLike<number>;
}

export type StoreListener = (start: number, count: number) => void;

function codeArray(maxLevels: number, n: number): CodeArray {
  if (maxLevels <= 256) return new Uint8Array(n);
  if (maxLevels <= 65536) return new Uint16Array(n);
  return new Int32Array(n);
}

export class ResultsStore<M extends string = string> {
  private rows = 0;
  private cap: number;
  private codes: CodeArray;
  private cols: Record<M, Float64Array>;
  private feas: Uint8Array;
  private listeners = new Set<StoreListener>();

  constructor(
    readonly schema: StoreSchema<M>,
    readonly maxRows = 4_194_304,
    initialCapacity = 1024,
  ) {
    this.cap = Math.min(initialCapacity, maxRows);
    this.codes = codeArray(schema.maxLevels, this.cap * schema.dims);
    this.cols = {} as Record<M, Float64Array>;
    for (const m of schema.metrics) this.cols[m] = new Float64Array(this.cap);
    this.feas = new Uint8Array(this.cap);
  }

  get length(): number {
    return this.rows;
  }

  /** Bytes held by the columns (capacity, not just length). */
  get byteLength(): number {
    let b = this.codes.byteLength + this.feas.byteLength;
    for (const m of this.schema.metrics) b += this.cols[m].byteLength;
    return b;
  }

  private grow(need: number): void {
    if (need <= this.cap) return;
    if (need > this.maxRows) throw new RangeError(`ResultsStore: ${need} rows exceed maxRows ${this.maxRows}`);
    let cap = this.cap;
    while (cap < need) cap = Math.min(cap * 2, this.maxRows);
    this.resize(cap);
  }

  private resize(cap: number): void {
    const codes = codeArray(this.schema.maxLevels, cap * this.schema.dims);
    codes.set(this.codes.subarray(0, this.rows * this.schema.dims));
    this.codes = codes;
    for (const m of this.schema.metrics) {
      const c = new Float64Array(cap);
      c.set(this.cols[m].subarray(0, this.rows));
      this.cols[m] = c;
    }
    const f = new Uint8Array(cap);
    f.set(this.feas.subarray(0, this.rows));
    this.feas = f;
    this.cap = cap;
  }

  /** Releases the doubling slack. */
  trim(): void {
    if (this.cap > this.rows) this.resize(Math.max(this.rows, 1));
  }

  /** Appends a batch; returns the index of its first row. Listeners are told after the copy. */
  append(b: ColumnBatch<M>): number {
    const start = this.rows;
    const d = this.schema.dims;
    if (b.codes.length < b.n * d) throw new RangeError('ResultsStore.append: codes shorter than n × dims');
    this.grow(start + b.n);
    for (let i = 0; i < b.n * d; i++) this.codes[start * d + i] = b.codes[i] as number;
    for (const m of this.schema.metrics) {
      const src = b.metrics[m];
      const dst = this.cols[m];
      for (let i = 0; i < b.n; i++) dst[start + i] = src[i] as number;
    }
    for (let i = 0; i < b.n; i++) this.feas[start + i] = b.feasible[i] ? 1 : 0;
    this.rows += b.n;
    for (const l of this.listeners) l(start, b.n);
    return start;
  }

  /**
   * A metric column (a view of length `length`). Views go stale when the store grows: fetch
   * again after appends rather than keeping one.
   */
  metric(m: M): Float64Array {
    return this.cols[m].subarray(0, this.rows);
  }

  feasible(): Uint8Array {
    return this.feas.subarray(0, this.rows);
  }

  isFeasible(row: number): boolean {
    return this.feas[row] === 1;
  }

  /** Design codes of one row, copied into `out`. */
  codesAt(row: number, out = new Int32Array(this.schema.dims)): Int32Array {
    const d = this.schema.dims;
    for (let i = 0; i < d; i++) out[i] = this.codes[row * d + i] as number;
    return out;
  }

  /** All design codes, row-major (a view). */
  allCodes(): CodeArray {
    return this.codes.subarray(0, this.rows * this.schema.dims);
  }

  /** Calls `l(start, count)` after each append; returns an unsubscribe function. */
  subscribe(l: StoreListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** Rows [start, end) as a standalone batch (copies), e.g. to checkpoint or transfer. */
  slice(start = 0, end = this.rows): ColumnBatch<M> {
    const d = this.schema.dims;
    const metrics = {} as Record<M, Float64Array>;
    for (const m of this.schema.metrics) metrics[m] = this.cols[m].slice(start, end);
    return {
      n: end - start,
      codes: Int32Array.from(this.codes.subarray(start * d, end * d)),
      metrics,
      feasible: this.feas.slice(start, end),
    };
  }
}
