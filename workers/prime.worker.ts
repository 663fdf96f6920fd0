// First: zod validates imported datasets here; keep it off `new Function` (CSP).
import '../src/core/zod-jitless';
import { expose } from 'comlink';
import {
  type DatasetSource,
  initPrimeBackend,
  type OptimizeRequest,
  PrimeSession,
  type Surrogate,
  type TrainProgress,
  type TrainRequest,
  type VerifiedDesign,
} from '../src/core/prime/index';
import type { OnlineKind } from '../src/core/prime/online';
import type { Workload } from '../src/core/workload/workload';

/**
 * PRIME worker (docs/prime.md): logged data, conservative surrogate training in TensorFlow.js
 * (pure-JS cpu backend) and offline optimisation, off the page's thread. Datasets and models are
 * kept by tag so PRIME and naive MBO can be trained side by side; progress and proposals stream
 * through Comlink proxies.
 */
const ready = initPrimeBackend();
// A macrotask between training chunks lets Comlink deliver `cancel` (and progress acks) mid-run.
const yieldNow = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const session = new PrimeSession(yieldNow);

const api = {
  /** Imported workloads the datasets or targets name (zoo ids need no registration). */
  addWorkloads(workloads: Workload[]): void {
    session.addWorkloads(workloads);
  },
  async loadDataset(tag: string, source: DatasetSource) {
    await ready;
    return session.loadDataset(tag, source);
  },
  setAreaBudget(tag: string, areaBudgetMm2: number) {
    return session.setAreaBudget(tag, areaBudgetMm2);
  },
  async train(tag: string, req: TrainRequest, onProgress?: (p: TrainProgress) => void | Promise<void>) {
    await ready;
    return session.train(tag, req, onProgress);
  },
  cancel(tag: string): void {
    session.cancel(tag);
  },
  async optimize(tag: string, req: OptimizeRequest, onProposal?: (v: VerifiedDesign, i: number) => void) {
    await ready;
    return session.optimize(tag, req, onProposal);
  },
  async baselines(req: OptimizeRequest, kinds?: OnlineKind[]) {
    await ready;
    return session.baselines(req, kinds);
  },
  /** Logged designs as plot points (area, aggregate latency on the targets) with their codes. */
  points(tag: string, targets: string[], max?: number) {
    return session.points(tag, targets, 'geomean', max);
  },
  /** A trained surrogate as plain data (weights, normalisation), e.g. to save it. */
  surrogate(tag: string): Surrogate {
    return session.model(tag);
  },
  dispose(tag?: string): void {
    session.dispose(tag);
  },
};

export type PrimeWorkerApi = typeof api;
expose(api);
