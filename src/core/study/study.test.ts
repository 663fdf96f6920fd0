import { describe, expect, it } from 'vitest';
import { constrainedQuadratic } from '../opt/synthetic';
import { syntheticEvaluator } from './evaluator';
import type { StudySpec } from './spec';
import {
  createOptimizerHost,
  createStudyRunner,
  inlineExecutor,
  packObservations,
  packWarmStart,
  warmStartFromStore,
} from './study';

const problem = constrainedQuadratic(6, 8, 1.6);
const ev = syntheticEvaluator(problem);
const sizes = problem.space.sizes;
const spec = (kind: 'evolution' | 'bo', seed: number): StudySpec => ({
  template: 'synthetic',
  workloads: [{ id: 'synthetic' }],
  objective: 'latency',
  aggregation: 'mean',
  constraints: {},
  optimizer: kind === 'bo' ? { kind, settings: { maxPoints: 80, candidates: 200 } } : { kind },
  seed,
  budget: 48,
  batchSize: 8,
});

describe('optimizer host (the optimizer worker side)', () => {
  it.each(['evolution', 'bo'] as const)(
    '%s through packed, transferable messages equals the local optimizer, warm start included',
    async (kind) => {
      const source = createStudyRunner({ spec: spec('evolution', 99), sizes, executor: inlineExecutor(ev.evaluate) });
      await source.runner.run();
      const warm = warmStartFromStore(source.store);
      const local = createStudyRunner({
        spec: spec(kind, 3),
        sizes,
        executor: inlineExecutor(ev.evaluate),
        warmStart: warm,
      });
      await local.runner.run();

      const host = createOptimizerHost();
      host.init(spec(kind, 3), sizes, packWarmStart(warm));
      const remote = {
        ask: (n: number) => {
          const flat = host.ask(n);
          return Array.from({ length: n }, (_, i) => flat.slice(i * sizes.length, (i + 1) * sizes.length));
        },
        tell: (b: Parameters<typeof packObservations>[0]) => host.tell(packObservations(b, sizes.length)),
      };
      const viaHost = createStudyRunner({
        spec: spec(kind, 3),
        sizes,
        executor: inlineExecutor(ev.evaluate),
        optimizer: remote,
      });
      await viaHost.runner.run();
      expect(Array.from(viaHost.store.allCodes())).toEqual(Array.from(local.store.allCodes()));
    },
  );
});
