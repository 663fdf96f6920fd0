import { allocColumns, concatColumns, type EvalColumns } from './metrics';

/** One evaluation worker as the pool sees it (a Comlink remote in a browser, a worker_thread in Node, a fake in tests). */
export interface PoolWorker<R = EvalColumns> {
  /** Evaluates n designs; the pool passes a copy of the codes, so the worker may take ownership (transfer). */
  evaluate(codes: Int32Array, n: number): Promise<R>;
  /** Kills the worker; pending calls must reject or never settle (the watchdog covers both). */
  terminate(): void;
}

/** Timers, injected: src/core has no timer API (ES2022 lib only). */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * How the pool handles a result type: row count, concatenation in order, and the rows of inputs
 * the workers could not evaluate. EvalColumns by default; corpus batches bring their own.
 */
export interface ResultKind<R> {
  rows(r: R): number;
  concat(parts: readonly R[]): R;
  empty(): R;
  /** Rows standing for `codes` (one input) that failed on every attempt. */
  failed(codes: Int32Array): R;
}

export const EVAL_RESULTS: ResultKind<EvalColumns> = {
  rows: (r) => r.n,
  concat: concatColumns,
  empty: () => allocColumns(0),
  failed: () => failedColumns(1),
};

export interface PoolOptions<R = EvalColumns> {
  /** Number of workers (navigator.hardwareConcurrency / os.availableParallelism()). */
  size: number;
  /** Starts and initialises one worker. */
  spawn: () => Promise<PoolWorker<R>>;
  /** Result handling (default: EvalColumns of the study evaluator). */
  results?: ResultKind<R>;
  timers: Timers;
  /** Watchdog per chunk (ms): a worker that has not answered by then is presumed hung and replaced. */
  timeoutMs?: number;
  /** Attempts per chunk before it is split into single designs; a single design that fails this often is recorded as failed. */
  maxAttempts?: number;
  /** Designs per worker call; default ⌈batch / size⌉ so one batch keeps every worker busy. */
  chunkSize?: number;
  onEvent?: (e: PoolEvent) => void;
}

export type PoolEvent =
  | { kind: 'replaced'; reason: string }
  | { kind: 'retry'; n: number; attempt: number }
  | { kind: 'failed-design' };

interface Task<R> {
  codes: Int32Array;
  n: number;
  attempts: number;
  resolve: (c: R) => void;
  reject: (e: unknown) => void;
}

interface Slot<R> {
  worker?: PoolWorker<R>;
  spawning: boolean;
  busy: boolean;
  /** Ends the call in flight (used by terminate). */
  abort?: () => void;
}

/**
 * Columns for designs the workers could not evaluate even alone (the worker kept crashing or
 * hanging on them): infeasible with infinite metrics, violation 1 — data, not an error.
 */
export function failedColumns(n: number): EvalColumns {
  const c = allocColumns(n);
  for (const m of ['objective', 'latencyMs', 'energyMj', 'areaMm2', 'powerW'] as const)
    c.metrics[m].fill(Number.POSITIVE_INFINITY);
  c.metrics.violation.fill(1);
  c.metrics.simFeasible.fill(0);
  return c;
}

/**
 * A pool of evaluation workers behind the BatchExecutor interface. Batches are split into chunks
 * that idle workers take in FIFO order; results are reassembled in design order, so chunking and
 * worker count never change what the study sees. A worker whose call rejects (crash) or exceeds
 * the watchdog (hang) is terminated and replaced, and its chunk re-run first; a chunk that keeps
 * failing is split into single designs to isolate the culprit, which is recorded as failed.
 * The logic is environment-free: src/bridge/pool.ts (Comlink) and src/cli/node-pool.ts
 * (worker_threads) only supply `spawn`.
 */
export class WorkerPool<R = EvalColumns> {
  private readonly slots: Slot<R>[];
  private readonly queue: Task<R>[] = [];
  private readonly kind: ResultKind<R>;
  private closed = false;
  private spawnFailures = 0;
  readonly stats = { spawned: 0, replaced: 0, retries: 0, failedDesigns: 0 };

  constructor(private readonly o: PoolOptions<R>) {
    if (!(o.size >= 1)) throw new RangeError('WorkerPool: size must be ≥ 1');
    this.kind = o.results ?? (EVAL_RESULTS as unknown as ResultKind<R>);
    this.slots = Array.from({ length: o.size }, () => ({ spawning: false, busy: false }));
  }

  get size(): number {
    return this.slots.length;
  }

  /** Starts every worker now instead of on the first batch. */
  warm(): void {
    for (const s of this.slots) if (!s.worker && !s.spawning) this.spawnInto(s);
  }

  run(codes: Int32Array, n: number): Promise<R> {
    if (this.closed) return Promise.reject(new Error('WorkerPool: terminated'));
    if (n === 0) return Promise.resolve(this.kind.empty());
    const dims = codes.length / n;
    const chunk = Math.max(1, this.o.chunkSize ?? Math.ceil(n / this.slots.length));
    const parts: Promise<R>[] = [];
    for (let s = 0; s < n; s += chunk) {
      const m = Math.min(chunk, n - s);
      parts.push(this.enqueue(codes.slice(s * dims, (s + m) * dims), m, false));
    }
    this.pump();
    return Promise.all(parts).then((ps) => this.kind.concat(ps));
  }

  /** Terminates every worker and rejects queued work. */
  terminate(): void {
    this.closed = true;
    for (const s of this.slots) {
      s.abort?.();
      s.worker?.terminate();
      s.worker = undefined;
    }
    for (const t of this.queue.splice(0)) t.reject(new Error('WorkerPool: terminated'));
  }

  private enqueue(codes: Int32Array, n: number, front: boolean): Promise<R> {
    return new Promise((resolve, reject) => {
      const t: Task<R> = { codes, n, attempts: 0, resolve, reject };
      if (front) this.queue.unshift(t);
      else this.queue.push(t);
    });
  }

  private pump(): void {
    if (this.closed) return;
    for (const s of this.slots) {
      if (this.queue.length === 0) return;
      if (s.busy || s.spawning) continue;
      if (!s.worker) {
        this.spawnInto(s);
        continue;
      }
      this.exec(s, this.queue.shift() as Task<R>);
    }
  }

  private spawnInto(s: Slot<R>): void {
    s.spawning = true;
    this.o.spawn().then(
      (w) => {
        s.spawning = false;
        if (this.closed) {
          w.terminate();
          return;
        }
        this.stats.spawned++;
        this.spawnFailures = 0;
        s.worker = w;
        this.pump();
      },
      (e) => {
        s.spawning = false;
        // A worker that cannot even start (bad script, bad init payload) would loop forever; give up after a few.
        if (++this.spawnFailures >= (this.o.maxAttempts ?? 3) * this.slots.length) {
          this.closed = true;
          for (const t of this.queue.splice(0)) t.reject(e);
          return;
        }
        this.pump();
      },
    );
  }

  private exec(s: Slot<R>, t: Task<R>): void {
    const w = s.worker as PoolWorker<R>;
    s.busy = true;
    let settled = false;
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      this.o.timers.clearTimeout(timer);
      w.terminate();
      if (s.worker === w) s.worker = undefined;
      s.busy = false;
      s.abort = undefined;
      this.stats.replaced++;
      this.o.onEvent?.({ kind: 'replaced', reason });
      this.retry(t);
      this.pump();
    };
    const timer = this.o.timers.setTimeout(() => fail('timeout'), this.o.timeoutMs ?? 60_000);
    s.abort = () => {
      if (settled) return;
      settled = true;
      this.o.timers.clearTimeout(timer);
      t.reject(new Error('WorkerPool: terminated'));
    };
    w.evaluate(t.codes.slice(), t.n).then(
      (r) => {
        if (settled) return;
        settled = true;
        this.o.timers.clearTimeout(timer);
        s.busy = false;
        s.abort = undefined;
        const rows = this.kind.rows(r);
        if (rows !== t.n) t.reject(new Error(`worker returned ${rows} rows for ${t.n} designs`));
        else t.resolve(r);
        this.pump();
      },
      (e) => fail(e instanceof Error ? e.message : String(e)),
    );
  }

  private retry(t: Task<R>): void {
    if (this.closed) {
      t.reject(new Error('WorkerPool: terminated'));
      return;
    }
    t.attempts++;
    this.stats.retries++;
    this.o.onEvent?.({ kind: 'retry', n: t.n, attempt: t.attempts });
    if (t.attempts < (this.o.maxAttempts ?? 3)) {
      this.queue.unshift(t);
      return;
    }
    if (t.n === 1) {
      this.stats.failedDesigns++;
      this.o.onEvent?.({ kind: 'failed-design' });
      t.resolve(this.kind.failed(t.codes));
      return;
    }
    const dims = t.codes.length / t.n;
    const singles: Promise<R>[] = [];
    for (let i = t.n - 1; i >= 0; i--) singles.unshift(this.enqueue(t.codes.slice(i * dims, (i + 1) * dims), 1, true));
    Promise.all(singles).then((parts) => t.resolve(this.kind.concat(parts)), t.reject);
  }
}
