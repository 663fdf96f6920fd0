import { expose, transfer } from 'comlink';
import { createEvalApi, type EvalInit } from '../src/core/study/eval-api';
import { columnBuffers, type EvalColumns } from '../src/core/study/metrics';

/**
 * Evaluation worker of the design-space exploration pool (src/bridge/pool.ts). Thin: the core's
 * evaluator behind Comlink; result columns are transferred, not copied.
 */
const host = {
  die: () => {
    // An uncaught error reaches the page's `error` listener, which fails this worker's calls.
    setTimeout(() => {
      throw new Error('eval worker: injected crash');
    });
    setTimeout(() => self.close(), 0);
  },
  now: () => performance.now(),
};
const core = createEvalApi(host);

const api = {
  init(payload: EvalInit): { sizes: number[] } {
    return core.init(payload);
  },
  async evaluate(codes: Int32Array, n: number): Promise<EvalColumns> {
    const c = await core.evaluate(codes, n);
    return transfer(c, columnBuffers(c));
  },
  /**
   * Crashes this worker as a real fault would (an uncaught error, then the worker is gone). Only the
   * page's debug hook calls it (`?debug`, src/bridge/pool.ts), so e2e tests can exercise recovery.
   */
  crash(): void {
    host.die();
  },
};

export type EvalApi = typeof api;
expose(api);
