import { expose } from 'comlink';
import { createSimApi } from '../src/core/sim/sim-api';

export type { EvalOutcome, EvalRequest, SimApi, WorkloadRef } from '../src/core/sim/sim-api';

/**
 * The design explorer's simulator worker (src/bridge/sim-bridge.ts). Thin: the core's sim API
 * (workload registry, compile cache, evaluation) behind Comlink.
 */
const api = createSimApi();

expose(api);
