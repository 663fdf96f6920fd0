import type { ResultsStore } from '../analysis/results-store';
import type { Observation } from '../opt/optimizer';
import { allocColumns, constraintVector, type EvalColumns, METRICS, type Metric, objectiveVector } from './metrics';
import type { Constraints, ObjectiveKind } from './spec';

/** An optimizer as the runner drives it; may live in another thread (async). */
export interface AskTell {
  ask(n: number): Int32Array[] | Promise<Int32Array[]>;
  tell(batch: Observation[]): void | Promise<void>;
}

/** Evaluates n designs (codes row-major n × dims); resolves with their columns in the same order. */
export interface BatchExecutor {
  run(codes: Int32Array, n: number): Promise<EvalColumns>;
}

export type RunState = 'idle' | 'running' | 'paused' | 'cancelling' | 'cancelled' | 'done' | 'failed';

export interface Progress {
  state: RunState;
  /** Rows in the store (replayed + evaluated). */
  evaluations: number;
  budget: number;
  /** Best feasible objective so far (+Infinity if none) and its row (−1 if none). */
  bestObjective: number;
  bestRow: number;
  /** Designs evaluated per second in this session (replayed rows excluded). */
  evalsPerSecond: number;
  /** Rows taken from the store instead of being evaluated (resume after cancel or reload). */
  replayed: number;
  /** Batches asked for and not yet stored (a paused run still stores these before it is idle). */
  inFlight: number;
}

export interface RunnerOptions {
  dims: number;
  objective: ObjectiveKind;
  /** The study's constraints, passed to the optimizer as continuous values (see constraintVector). */
  constraints?: Constraints;
  budget: number;
  batchSize: number;
  pipelineDepth: number;
  optimizer: AskTell;
  executor: BatchExecutor;
  /** Results so far; rows already present are replayed (checked and told, not re-evaluated). */
  store: ResultsStore<Metric>;
  /** Milliseconds clock for the throughput figure (performance.now in a browser). */
  now?: () => number;
  onProgress?: (p: Progress) => void;
}

/** The optimizer proposed different designs than the stored run: the results cannot be resumed. */
export class ReplayError extends Error {}

interface Flight {
  start: number;
  n: number;
  xs: Int32Array[];
  codes: Int32Array;
  replayRows: number;
  result?: EvalColumns;
  error?: unknown;
  stored: boolean;
  done: Promise<void>;
}

/**
 * Drives one study: asks the optimizer for batches, evaluates them through an executor, appends
 * results to the store in ask order and tells them back in ask order. The schedule is fixed:
 * batch k + D is asked right after batch k is told (D = pipelineDepth), so the sequence of
 * designs depends only on the study, never on worker count or timing.
 * - pause(): no new asks until resume(); batches in flight finish and are stored, and are told
 *   at their schedule point after resume, so a paused run equals an uninterrupted one.
 * - cancel(): no new asks; batches in flight finish and are stored (every result is kept), then
 *   run() resolves with state 'cancelled'. A new runner over the same store replays the stored
 *   rows through a fresh optimizer (same seed) and continues exactly as if never interrupted.
 */
export class StudyRunner {
  private state: RunState = 'idle';
  private resumeWaiters: (() => void)[] = [];
  private best = Number.POSITIVE_INFINITY;
  private bestRow = -1;
  private liveRows = 0;
  private liveStart = 0;
  private replayed = 0;
  private readonly now: () => number;
  private flights: Flight[] = [];

  constructor(private readonly o: RunnerOptions) {
    this.now = o.now ?? (() => 0);
    const obj = o.store.metric('objective');
    const feas = o.store.feasible();
    for (let i = 0; i < o.store.length; i++) this.consider(i, obj[i] as number, feas[i] === 1);
  }

  private consider(row: number, v: number, feasible: boolean) {
    if (feasible && v < this.best) {
      this.best = v;
      this.bestRow = row;
    }
  }

  progress(): Progress {
    const dt = (this.now() - this.liveStart) / 1000;
    return {
      state: this.state,
      evaluations: this.o.store.length,
      budget: this.o.budget,
      bestObjective: this.best,
      bestRow: this.bestRow,
      evalsPerSecond: dt > 0 ? this.liveRows / dt : 0,
      replayed: this.replayed,
      inFlight: this.flights.reduce((n, f) => n + (f.stored ? 0 : 1), 0),
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
    if (this.state === 'running' || this.state === 'paused' || this.state === 'idle') this.setState('cancelling');
    this.wake();
  }

  private wake() {
    const w = this.resumeWaiters;
    this.resumeWaiters = [];
    for (const f of w) f();
  }

  private setState(s: RunState) {
    this.state = s;
    this.o.onProgress?.(this.progress());
  }

  /** Resolves once not paused; true if the run should go on asking. */
  private async mayAsk(): Promise<boolean> {
    while (this.state === 'paused') await new Promise<void>((r) => this.resumeWaiters.push(r));
    return this.state === 'running';
  }

  /** Appends every finished flight at the head of the not-yet-stored queue, in ask order. */
  private flush() {
    for (const f of this.flights) {
      if (f.stored) continue;
      if (!f.result) break;
      const r = f.result;
      const live = f.n - f.replayRows;
      if (live > 0) {
        const codes = f.codes.subarray(f.replayRows * this.o.dims);
        const metrics = {} as Record<Metric, Float64Array>;
        for (const m of METRICS) metrics[m] = r.metrics[m].subarray(f.replayRows);
        this.o.store.append({ n: live, codes, metrics, feasible: r.feasible.subarray(f.replayRows) });
        this.liveRows += live;
      }
      const obj = r.metrics.objective;
      for (let i = f.replayRows; i < f.n; i++) this.consider(f.start + i, obj[i] as number, r.feasible[i] === 1);
      f.stored = true;
      this.o.onProgress?.(this.progress());
    }
  }

  private launch(start: number, xs: Int32Array[]): Flight {
    const { dims, store } = this.o;
    const n = xs.length;
    const codes = new Int32Array(n * dims);
    for (let i = 0; i < n; i++) codes.set(xs[i] as Int32Array, i * dims);
    const replayRows = Math.max(0, Math.min(n, store.length - start));
    const stored = new Int32Array(dims);
    for (let i = 0; i < replayRows; i++) {
      store.codesAt(start + i, stored);
      for (let k = 0; k < dims; k++) {
        if (stored[k] !== codes[i * dims + k]) {
          throw new ReplayError(
            `resume: the optimizer proposed a different design at row ${start + i} than the stored run`,
          );
        }
      }
    }
    this.replayed += replayRows;
    const flight: Flight = { start, n, xs, codes, replayRows, stored: false, done: Promise.resolve() };
    const fromStore = replayRows > 0 ? store.slice(start, start + replayRows) : null;
    const merge = (live: EvalColumns | null): EvalColumns => {
      if (!fromStore) return live as EvalColumns;
      const out = allocColumns(n);
      for (const m of METRICS) {
        out.metrics[m].set(fromStore.metrics[m] as Float64Array);
        if (live) out.metrics[m].set(live.metrics[m].subarray(0, n - replayRows), replayRows);
      }
      out.feasible.set(fromStore.feasible as Uint8Array);
      if (live) out.feasible.set(live.feasible.subarray(0, n - replayRows), replayRows);
      return out;
    };
    const pending =
      replayRows === n
        ? Promise.resolve(merge(null))
        : this.o.executor.run(codes.slice(replayRows * dims), n - replayRows).then(merge);
    flight.done = pending.then(
      (r) => {
        flight.result = r;
        this.flush();
      },
      (e) => {
        flight.error = e ?? new Error('evaluation failed');
      },
    );
    return flight;
  }

  /** Runs to the budget, a cancel or a failure; resolves with the final progress. */
  async run(): Promise<Progress> {
    const { budget, batchSize, pipelineDepth, optimizer, objective } = this.o;
    if (this.state === 'idle') this.state = 'running';
    this.liveStart = this.now();
    let asked = 0;
    try {
      for (;;) {
        while (this.flights.length < pipelineDepth && asked < budget) {
          if (!(await this.mayAsk())) break;
          const n = Math.min(batchSize, budget - asked);
          const xs = await optimizer.ask(n);
          if (xs.length !== n) throw new Error(`optimizer returned ${xs.length} designs for ask(${n})`);
          this.flights.push(this.launch(asked, xs));
          asked += n;
        }
        const head = this.flights[0];
        if (!head) break;
        await head.done;
        if (head.error) throw head.error;
        // head is stored now: flush() appends in order and every earlier flight was told (hence stored).
        this.flights.shift();
        if (this.state === 'cancelling') continue;
        const r = head.result as EvalColumns;
        const obs: Observation[] = head.xs.map((x, i) => ({
          x,
          f: objectiveVector(objective, r, i),
          feasible: r.feasible[i] === 1,
          violation: r.metrics.violation[i] as number,
          constraints: constraintVector(this.o.constraints ?? {}, r, i),
          failed: r.metrics.simFeasible[i] === 0,
        }));
        await optimizer.tell(obs);
      }
      this.setState(this.state === 'cancelling' ? 'cancelled' : 'done');
    } catch (e) {
      await Promise.all(this.flights.map((f) => f.done));
      this.setState('failed');
      throw e;
    }
    return this.progress();
  }
}
