import { describe, expect, it } from 'vitest';
import { constrainedQuadratic } from '../core/opt/synthetic';
import { syntheticEvaluator } from '../core/study/evaluator';
import { WorkerPool } from '../core/study/pool';
import type { StudySpec } from '../core/study/spec';
import { createStudyRunner, inlineExecutor } from '../core/study/study';
import { createNodePool, NodeEvalWorker } from './node-pool';

// Same problem as the workers' synthetic init defaults (6 dims × 8 levels, area budget 1.6).
const ev = syntheticEvaluator(constrainedQuadratic());
const sizes = ev.sizes;
const spec: StudySpec = {
  template: 'synthetic',
  workloads: [{ id: 'synthetic' }],
  objective: 'latency',
  aggregation: 'mean',
  constraints: {},
  optimizer: { kind: 'evolution' },
  seed: 21,
  budget: 120,
  batchSize: 8,
  pipelineDepth: 2,
};

async function run(executor: Parameters<typeof createStudyRunner>[0]['executor']) {
  const { runner, store } = createStudyRunner({ spec, sizes, executor });
  await runner.run();
  return { codes: Array.from(store.allCodes()), obj: Array.from(store.metric('objective')), n: store.length };
}

describe('Node worker_threads pool', () => {
  it('evaluates in real threads exactly as inline', async () => {
    const pool = createNodePool({ kind: 'synthetic' }, { size: 2 });
    try {
      expect(await run(pool)).toEqual(await run(inlineExecutor(ev.evaluate)));
    } finally {
      pool.terminate();
    }
  });

  it('a worker thread that crashes (process.exit) or hangs is replaced and loses no evaluation', async () => {
    const ref = await run(inlineExecutor(ev.evaluate));
    // The first worker exits on its 3rd call, the second never answers its 2nd (the watchdog ends
    // it); their replacements behave.
    let spawned = 0;
    const faults = [{ crashOnCall: 3 }, { hangOnCall: 2 }];
    const pool = new WorkerPool({
      size: 2,
      timeoutMs: 1500,
      timers: { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
      spawn: () => NodeEvalWorker.spawn({ kind: 'synthetic', faults: faults[spawned++] }),
    });
    try {
      const got = await run(pool);
      expect(got).toEqual(ref);
      expect(pool.stats.replaced).toBe(2);
      expect(pool.stats.failedDesigns).toBe(0);
    } finally {
      pool.terminate();
    }
  });

  it('reports a failing init instead of hanging', async () => {
    await expect(NodeEvalWorker.spawn({ kind: 'study', spec, workloads: [] })).rejects.toThrow(/template/);
  });
});
