import type { CorpusBatch } from './batch';
import { type CorpusStore, shardRange } from './store';

/** Evaluates networks by index (a WorkerPool of corpus workers, or a local evaluator in tests). */
export interface CorpusExecutor {
  run(indices: Int32Array, n: number): Promise<CorpusBatch>;
}

export type CorpusRunState = 'idle' | 'running' | 'paused' | 'cancelled' | 'done' | 'failed';

export interface CorpusProgress {
  state: CorpusRunState;
  /** Networks generated so far (duplicates included) and the target. */
  generated: number;
  target: number;
  unique: number;
  duplicates: number;
  /** Networks per second in this session. */
  networksPerSecond: number;
}

export interface CorpusRunnerOptions {
  store: CorpusStore;
  executor: CorpusExecutor;
  /** Networks per batch (default 256). */
  batchSize?: number;
  /** Batches in flight (default 2, so workers never idle while the main thread appends). */
  pipelineDepth?: number;
  now?: () => number;
  onProgress?: (p: CorpusProgress) => void;
  /**
   * Each evaluated batch, after the store appended it (duplicates included): the runner does not
   * touch it again, so the callback may transfer its buffer (the page forwards it to the summary
   * worker without a copy).
   */
  onAppended?: (b: CorpusBatch) => void;
}

/**
 * Drives a corpus study: network indices from the store's position to the end of its shard go to
 * the executor in batches, results are appended in index order (so worker count and timing never
 * change the corpus). pause() stops issuing batches (those in flight are kept); cancel() stops and
 * resolves; a new runner over `CorpusStore.fromCheckpoint(store.checkpoint())` continues where
 * this one stopped.
 */
export class CorpusRunner {
  private state: CorpusRunState = 'idle';
  private waiters: (() => void)[] = [];
  private readonly now: () => number;
  private start = 0;
  private live = 0;

  constructor(private readonly o: CorpusRunnerOptions) {
    this.now = o.now ?? (() => 0);
  }

  progress(): CorpusProgress {
    const s = this.o.store;
    const [lo, hi] = shardRange(s.spec);
    const dt = (this.now() - this.start) / 1000;
    return {
      state: this.state,
      generated: s.generated,
      target: hi - lo,
      unique: s.length,
      duplicates: s.duplicates,
      networksPerSecond: dt > 0 ? this.live / dt : 0,
    };
  }

  pause(): void {
    if (this.state === 'running') this.setState('paused');
  }

  resume(): void {
    if (this.state === 'paused') this.setState('running');
    this.wake();
  }

  cancel(): void {
    if (this.state === 'running' || this.state === 'paused' || this.state === 'idle') this.setState('cancelled');
    this.wake();
  }

  private cancelled(): boolean {
    return this.state === 'cancelled';
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private setState(s: CorpusRunState): void {
    this.state = s;
    this.o.onProgress?.(this.progress());
  }

  /** Runs to the end of the shard (or until cancelled); resolves with the final state. */
  async run(): Promise<CorpusRunState> {
    if (this.state === 'cancelled') return this.state;
    const store = this.o.store;
    const [lo, hi] = shardRange(store.spec);
    const size = Math.max(1, this.o.batchSize ?? 256);
    const depth = Math.max(1, this.o.pipelineDepth ?? 2);
    let next = lo + store.generated;
    this.start = this.now();
    this.setState('running');
    const flights: Promise<CorpusBatch>[] = [];
    const issue = () => {
      const n = Math.min(size, hi - next);
      const idx = new Int32Array(n);
      for (let i = 0; i < n; i++) idx[i] = next + i;
      next += n;
      flights.push(this.o.executor.run(idx, n));
    };
    try {
      for (;;) {
        while (this.state === 'paused' && flights.length === 0) await new Promise<void>((r) => this.waiters.push(r));
        const issuing = this.state === 'running';
        while (issuing && flights.length < depth && next < hi) issue();
        const f = flights.shift();
        if (!f) break;
        const b = await f;
        store.append(b);
        this.live += b.n;
        this.o.onAppended?.(b);
        this.o.onProgress?.(this.progress());
        if (this.cancelled() && flights.length === 0) break;
      }
    } catch (e) {
      this.setState('failed');
      throw e;
    }
    if (!this.cancelled()) this.setState('done');
    return this.state;
  }
}
