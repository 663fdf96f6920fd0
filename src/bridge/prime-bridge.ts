import type { Remote } from 'comlink';
import type { PrimeWorkerApi } from '../../workers/prime.worker';
import { WorkerBridge } from './worker-bridge';

export { AbortedError } from './worker-bridge';
export type { PrimeWorkerApi };

/**
 * The PRIME panel's worker (workers/prime.worker.ts: datasets, TensorFlow.js training, offline
 * search). Started on first use; an aborted call terminates it and rejects every pending call
 * (training is a synchronous loop between yields, so termination is the only sure stop); idle for
 * `idleMs` (default 10 minutes, so a user can come back and propose again without retraining) it
 * is terminated too. Trained models live in the worker, so `generation` — how many workers were
 * started — tells callers whether the models they trained are still there.
 */
export class PrimeBridge {
  private started = 0;
  private readonly bridge: WorkerBridge<PrimeWorkerApi>;

  constructor(idleMs = 600_000) {
    this.bridge = new WorkerBridge<PrimeWorkerApi>(() => {
      this.started += 1;
      return new Worker(new URL('../../workers/prime.worker.ts', import.meta.url), { type: 'module', name: 'prime' });
    }, idleMs);
  }

  /** Workers started so far: a call made under another generation than training's finds no models. */
  get generation(): number {
    return this.started;
  }

  /** Runs `fn` against the worker (starting it when needed); rejects with AbortedError when `signal` aborts. */
  call<T>(fn: (api: Remote<PrimeWorkerApi>) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.bridge.call(fn, signal);
  }

  /** Terminates the worker now (its models and tensors go with it). */
  terminate(): void {
    this.bridge.terminate();
  }
}
