import { BO_DEFAULTS, createBo } from './bo';
import { createEvolution, EVOLUTION_DEFAULTS } from './evolution';
import { createNsga2, NSGA2_DEFAULTS } from './nsga2';
import type { Optimizer, OptimizerContext, OptimizerKind, OptimizerSpec } from './optimizer';
import { createRandom, RANDOM_DEFAULTS } from './random';

export * from './optimizer';
export { deriveSeed, Rng } from './rng';
export type { DiscreteSpace } from './space';

/** Default settings of every optimizer (documented in docs/optimizers.md). */
export const OPTIMIZER_DEFAULTS = {
  random: RANDOM_DEFAULTS,
  evolution: EVOLUTION_DEFAULTS,
  bo: BO_DEFAULTS,
  nsga2: NSGA2_DEFAULTS,
} as const;

/** Creates the optimizer a spec names; settings not given take their defaults. */
export function createOptimizer(spec: OptimizerSpec, ctx: OptimizerContext): Optimizer {
  switch (spec.kind) {
    case 'random':
      return createRandom(ctx, spec.settings);
    case 'evolution':
      return createEvolution(ctx, spec.settings);
    case 'bo':
      return createBo(ctx, spec.settings);
    case 'nsga2':
      return createNsga2(ctx, spec.settings);
    default: {
      const k: never = spec;
      throw new Error(`unknown optimizer ${(k as { kind: OptimizerKind }).kind}`);
    }
  }
}
