import type { Observation, Optimizer, OptimizerContext, RandomSettings } from './optimizer';
import { freshPoint, PointSet, randomPoint } from './space';

export const RANDOM_DEFAULTS: RandomSettings = { dedupe: true };

/** Uniform random search: the baseline. Ignores told results (and any warm start) except for dedupe. */
export function createRandom(ctx: OptimizerContext, settings: Partial<RandomSettings> = {}): Optimizer {
  const s = { ...RANDOM_DEFAULTS, ...settings };
  const seen = new PointSet(ctx.space);
  return {
    kind: 'random',
    ask(n) {
      const out: Int32Array[] = [];
      for (let i = 0; i < n; i++) {
        const x = s.dedupe ? freshPoint(seen, () => randomPoint(ctx.space, ctx.rng)) : randomPoint(ctx.space, ctx.rng);
        if (s.dedupe) seen.add(x);
        out.push(x);
      }
      return out;
    },
    tell(_batch: readonly Observation[]) {},
  };
}
