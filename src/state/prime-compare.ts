import { proxy } from 'comlink';
import type { CompareProgress } from '../core/prime/index';
import { runPrimeJob, usePrime } from './prime-runs';

/** Online budgets of the comparison as multiples of k: the k, 10·k and 100·k new simulations. */
export const COMPARE_MULTIPLES = [1, 10, 100];

/**
 * The comparison table for the tab's current task (issue 15 item 4, src/core/prime/compare.ts), in
 * the PRIME worker: PRIME and naive MBO (ungated, and gated by its feasibility head), the best
 * logged design, random / evolution / BO at k, 10·k and 100·k simulations, and the simulations
 * PRIME saves. The tab's trained models are reused; naive MBO is trained for it (on the whole
 * dataset, the tab's steps and seed) when the tab did not train one. Progress per stage; Cancel
 * terminates the worker like every other job.
 */
export function runComparison(): Promise<void> {
  return runPrimeJob(async (bridge, signal, current) => {
    const s0 = usePrime.getState();
    const c = s0.config;
    const before = s0.phase === 'done' ? 'done' : 'trained';
    usePrime.setState({ phase: 'comparing', error: null, comparison: { progress: null, result: null } });
    const onProgress = proxy((p: CompareProgress) => {
      if (current()) usePrime.setState({ comparison: { progress: p, result: null } });
    });
    const result = await bridge.call(
      (api) =>
        api.compare(
          {
            dataset: 'logged',
            targets: c.targets,
            k: c.k,
            seed: c.seed,
            ...(s0.preset ? { preset: s0.preset } : {}),
            trainConfig: {
              seed: c.seed,
              steps: c.steps,
              alpha: c.alpha,
              beta: c.beta,
              progressEvery: Math.max(5, Math.round(c.steps / 50)),
            },
            multiples: COMPARE_MULTIPLES,
          },
          onProgress,
        ),
      signal,
    );
    if (!current()) return;
    usePrime.setState((s) => ({
      phase: before,
      comparison: { progress: s.comparison.progress, result },
      // A naive model trained for the comparison lives in the worker's session only, not under the tab's tags.
    }));
  });
}
