import { describe, expect, it, vi } from 'vitest';
import { Rng } from '../opt/rng';
import { constrainedQuadratic } from '../opt/synthetic';
import { syntheticEvaluator } from './evaluator';
import type { EvalColumns } from './metrics';
import { type PoolWorker, WorkerPool } from './pool';
import { type BatchExecutor, ReplayError } from './runner';
import type { StudySpec } from './spec';
import { bestRow, createStudyRunner, inlineExecutor, studyStore } from './study';

const problem = constrainedQuadratic(6, 8, 1.6);
const ev = syntheticEvaluator(problem);
const sizes = problem.space.sizes;

const spec = (kind: StudySpec['optimizer']['kind'], budget: number, extra: Partial<StudySpec> = {}): StudySpec => ({
  template: 'synthetic',
  workloads: [{ id: 'synthetic' }],
  objective: 'latency',
  aggregation: 'mean',
  constraints: {},
  optimizer: (kind === 'bo'
    ? { kind, settings: { maxPoints: 100, candidates: 300 } }
    : { kind }) as StudySpec['optimizer'],
  seed: 7,
  budget,
  ...extra,
});

const timers = {
  setTimeout: (f: () => void, ms: number) => setTimeout(f, ms),
  clearTimeout: (h: unknown) => clearTimeout(h as number),
};

/** Fake workers that answer after a random delay, so batches complete out of order. */
function delayedPool(size: number, seed: number): WorkerPool {
  const rng = new Rng(seed);
  return new WorkerPool({
    size,
    timers,
    spawn: async (): Promise<PoolWorker> => ({
      evaluate: (codes, n) => new Promise<EvalColumns>((r) => setTimeout(() => r(ev.evaluate(codes, n)), rng.int(4))),
      terminate() {},
    }),
  });
}

function snapshot(store: ReturnType<typeof studyStore>) {
  return {
    codes: Array.from(store.allCodes()),
    obj: Array.from(store.metric('objective')),
    feas: Array.from(store.feasible()),
  };
}

async function runToEnd(s: StudySpec, executor: BatchExecutor) {
  const { runner, store } = createStudyRunner({ spec: s, sizes, executor });
  const p = await runner.run();
  return { p, store };
}

describe('StudyRunner', () => {
  for (const kind of ['random', 'evolution', 'bo', 'nsga2'] as const) {
    it(`${kind}: the same study gives the same designs and results on 1 inline or 3 out-of-order workers`, async () => {
      const s = spec(kind, 80, { batchSize: 4, pipelineDepth: 3 });
      const a = await runToEnd(s, inlineExecutor(ev.evaluate));
      const b = await runToEnd(s, delayedPool(3, 1));
      expect(a.store.length).toBe(80);
      expect(snapshot(b.store)).toEqual(snapshot(a.store));
      expect(a.p.state).toBe('done');
    });
  }

  it('reports a best design that satisfies the constraints', async () => {
    const { store, p } = await runToEnd(spec('evolution', 200), inlineExecutor(ev.evaluate));
    const r = bestRow(store);
    expect(r).toBe(p.bestRow);
    expect(store.isFeasible(r)).toBe(true);
    expect(store.metric('violation')[r]).toBe(0);
    // re-check against the problem itself: area within budget
    expect(problem.evaluate(store.codesAt(r)).feasible).toBe(true);
    // and it is the minimum over feasible rows
    const obj = store.metric('objective');
    const feas = store.feasible();
    for (let i = 0; i < store.length; i++) if (feas[i]) expect(obj[i]).toBeGreaterThanOrEqual(obj[r] as number);
  });

  it('pause and resume give the same run as never pausing', async () => {
    const s = spec('evolution', 120, { batchSize: 4, pipelineDepth: 3 });
    const ref = await runToEnd(s, inlineExecutor(ev.evaluate));
    // Virtual time: the fake workers answer after 0–3 ms of it, so "every batch in flight has
    // finished" is a clock position, not a wall-clock wait a loaded machine could overrun.
    vi.useFakeTimers();
    try {
      const { runner, store } = createStudyRunner({ spec: s, sizes, executor: delayedPool(2, 5) });
      const done = runner.run();
      await vi.advanceTimersByTimeAsync(5);
      runner.pause();
      const at = store.length;
      await vi.advanceTimersByTimeAsync(30);
      // batches in flight (≤ depth × batch) finished and were stored; nothing new was asked
      const settled = store.length;
      expect(settled).toBeGreaterThan(0);
      expect(settled).toBeLessThanOrEqual(at + 3 * 4);
      expect(settled).toBeLessThan(120);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(store.length).toBe(settled);
      expect(runner.progress().state).toBe('paused');
      runner.resume();
      await vi.runAllTimersAsync();
      await done;
      expect(snapshot(store)).toEqual(snapshot(ref.store));
    } finally {
      vi.useRealTimers();
    }
  });

  it('cancel keeps every evaluated result, and a resumed run equals an uninterrupted one', async () => {
    for (const kind of ['evolution', 'bo'] as const) {
      const s = spec(kind, 100, { batchSize: 4, pipelineDepth: 2 });
      const ref = await runToEnd(s, inlineExecutor(ev.evaluate));
      const store = studyStore(sizes);
      let calls = 0;
      // Cancel from inside the run once 24 designs were handed out (not after a wall-clock wait,
      // which on a loaded machine could let the whole budget finish first).
      let cancelFirst: (() => void) | null = null;
      const counting: BatchExecutor = {
        run: async (codes, n) => {
          calls += n;
          if (calls >= 24 && cancelFirst) {
            cancelFirst();
            cancelFirst = null;
          }
          await new Promise((r) => setTimeout(r, 1));
          return ev.evaluate(codes, n);
        },
      };
      const first = createStudyRunner({ spec: s, sizes, executor: counting, store });
      cancelFirst = () => first.runner.cancel();
      const done = first.runner.run();
      const p = await done;
      expect(p.state).toBe('cancelled');
      expect(store.length).toBe(calls); // every evaluated design is in the store
      expect(store.length).toBeLessThan(100);
      const cut = store.length;
      const second = createStudyRunner({ spec: s, sizes, executor: counting, store });
      const p2 = await second.runner.run();
      expect(p2.replayed).toBe(cut);
      expect(calls).toBe(100); // nothing evaluated twice
      expect(snapshot(store)).toEqual(snapshot(ref.store));
    }
  });

  it('refuses to resume stored results with a different seed', async () => {
    const s = spec('random', 40);
    const { store } = await runToEnd(s, inlineExecutor(ev.evaluate));
    const other = createStudyRunner({ spec: { ...s, seed: 8 }, sizes, executor: inlineExecutor(ev.evaluate), store });
    await expect(other.runner.run()).rejects.toBeInstanceOf(ReplayError);
  });
});
