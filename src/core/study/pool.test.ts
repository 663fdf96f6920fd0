import { describe, expect, it, vi } from 'vitest';
import { constrainedQuadratic } from '../opt/synthetic';
import { syntheticEvaluator } from './evaluator';
import type { EvalColumns } from './metrics';
import { type PoolWorker, WorkerPool } from './pool';
import type { StudySpec } from './spec';
import { createStudyRunner, inlineExecutor } from './study';

const problem = constrainedQuadratic(6, 8, 1.6);
const ev = syntheticEvaluator(problem);
const sizes = problem.space.sizes;
const timers = {
  setTimeout: (f: () => void, ms: number) => setTimeout(f, ms),
  clearTimeout: (h: unknown) => clearTimeout(h as number),
};

type Behaviour = 'ok' | 'crash' | 'hang';

/**
 * Fake workers: `plan(callIndex, codes)` decides how global call k behaves. A crash rejects (as a
 * dead worker's pending call does); a hang never settles (only the watchdog can end it).
 */
function fakePool(plan: (call: number, codes: Int32Array) => Behaviour, size = 3, timeoutMs = 50) {
  let call = 0;
  let terminated = 0;
  const pool = new WorkerPool({
    size,
    timers,
    timeoutMs,
    maxAttempts: 3,
    spawn: async (): Promise<PoolWorker> => {
      let dead = false;
      return {
        evaluate(codes, n) {
          const b = plan(++call, codes);
          if (dead) return Promise.reject(new Error('dead'));
          if (b === 'crash') {
            dead = true;
            return Promise.reject(new Error('worker exited with code 1'));
          }
          if (b === 'hang') return new Promise<EvalColumns>(() => {});
          return new Promise((r) => setTimeout(() => r(ev.evaluate(codes, n)), 1));
        },
        terminate() {
          dead = true;
          terminated++;
        },
      };
    },
  });
  return { pool, terminated: () => terminated, calls: () => call };
}

const spec: StudySpec = {
  template: 'synthetic',
  workloads: [{ id: 'synthetic' }],
  objective: 'latency',
  aggregation: 'mean',
  constraints: {},
  optimizer: { kind: 'evolution' },
  seed: 3,
  budget: 96,
  batchSize: 12,
  pipelineDepth: 2,
};

async function storeWith(executor: Parameters<typeof createStudyRunner>[0]['executor']) {
  const { runner, store } = createStudyRunner({ spec, sizes, executor });
  await runner.run();
  return { codes: Array.from(store.allCodes()), obj: Array.from(store.metric('objective')), n: store.length };
}

describe('WorkerPool', () => {
  it('a worker that crashes or hangs is replaced, its chunk re-run, and no evaluation is lost', async () => {
    const ref = await storeWith(inlineExecutor(ev.evaluate));
    const { pool, terminated } = fakePool((k) => (k === 2 || k === 7 ? 'crash' : k === 4 ? 'hang' : 'ok'));
    const got = await storeWith(pool);
    expect(got).toEqual(ref);
    expect(pool.stats.replaced).toBe(3);
    expect(terminated()).toBeGreaterThanOrEqual(3);
    expect(pool.stats.failedDesigns).toBe(0);
  });

  it('a design that always kills its worker is isolated and recorded as a failed, infeasible row', async () => {
    // Poison: every chunk containing a design whose first index is 7 crashes.
    const hasPoison = (codes: Int32Array) => {
      for (let i = 0; i < codes.length; i += sizes.length) if (codes[i] === 7) return true;
      return false;
    };
    const { pool } = fakePool((_k, codes) => (hasPoison(codes) ? 'crash' : 'ok'), 2);
    const codes = new Int32Array([1, 1, 1, 1, 1, 1, 7, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2]);
    const out = await pool.run(codes, 3);
    expect(out.n).toBe(3);
    expect(Array.from(out.feasible)).toEqual([
      ev.evaluate(codes.slice(0, 6), 1).feasible[0],
      0,
      ev.evaluate(codes.slice(12), 1).feasible[0],
    ]);
    expect(out.metrics.objective[0]).toBe(ev.evaluate(codes.slice(0, 6), 1).metrics.objective[0]);
    expect(out.metrics.objective[1]).toBe(Number.POSITIVE_INFINITY);
    expect(out.metrics.violation[1]).toBe(1);
    expect(pool.stats.failedDesigns).toBe(1);
  });

  it('splits a batch across workers and returns rows in design order', async () => {
    const { pool } = fakePool(() => 'ok', 4);
    const n = 37;
    const codes = new Int32Array(n * sizes.length).map((_, i) => (i * 7) % 8);
    const out = await pool.run(codes, n);
    const direct = ev.evaluate(codes, n);
    expect(Array.from(out.metrics.objective)).toEqual(Array.from(direct.metrics.objective));
    expect(pool.stats.spawned).toBe(4);
  });

  it('terminate() rejects queued work and the calls in flight at once', async () => {
    const { pool, calls } = fakePool(() => 'hang', 1, 60_000);
    const queued = pool.run(new Int32Array(12), 2);
    pool.warm();
    await vi.waitFor(() => expect(calls()).toBe(1)); // worker spawned, first chunk in flight (hanging)
    const later = pool.run(new Int32Array(6), 1);
    pool.terminate();
    await expect(queued).rejects.toThrow(/terminated/);
    await expect(later).rejects.toThrow(/terminated/);
  });
});
