// First: zod validates imported datasets here; keep it off `new Function` (CSP).
import '../src/core/zod-jitless';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { expose } from 'comlink';
import {
  backendLabel,
  type CompareProgress,
  type CompareRequest,
  type DatasetSource,
  initPrimeBackend,
  type LoggedRequest,
  type OptimizeRequest,
  type PrimeBackendInfo,
  PrimeSession,
  type SegmentRows,
  type Surrogate,
  type TrainProgress,
  type TrainRequest,
  type VerifiedDesign,
} from '../src/core/prime/index';
import type { OnlineKind } from '../src/core/prime/online';
import type { Workload } from '../src/core/workload/workload';

/**
 * PRIME worker (docs/prime.md): logged data, conservative surrogate training in TensorFlow.js
 * (WebAssembly backend, SIMD, falling back to the pure-JS cpu backend) and offline optimisation, off the page's thread. Datasets and models are
 * kept by tag so PRIME and naive MBO can be trained side by side; progress and proposals stream
 * through Comlink proxies.
 */
// The .wasm binaries are Vite assets (hashed files in dist/assets, served from our origin: the CSP's
// 'self' plus 'wasm-unsafe-eval' lets the worker compile them). No cross-origin isolation, so no
// SharedArrayBuffer and no threads: the threaded binary is listed only because tfjs wants all three.
const ready: Promise<PrimeBackendInfo> = initPrimeBackend({
  backend: 'auto',
  wasmPaths: {
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
  },
});
// A macrotask between training chunks lets Comlink deliver `cancel` (and progress acks) mid-run.
const yieldNow = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const session = new PrimeSession(yieldNow, () => performance.now());

const api = {
  /** The tfjs backend training runs on (wasm, or cpu with the reason wasm failed). */
  async backend(): Promise<PrimeBackendInfo & { label: string }> {
    const b = await ready;
    return { ...b, label: backendLabel(b) };
  },
  /** Imported workloads the datasets or targets name (zoo ids need no registration). */
  addWorkloads(workloads: Workload[]): void {
    session.addWorkloads(workloads);
  },
  async loadDataset(tag: string, source: DatasetSource) {
    await ready;
    return session.loadDataset(tag, source);
  },
  /** Starts assembling PRIME-like logged data whose segments the page's pool computes (refuses data too large, naming the field). */
  beginLogged(tag: string, req: LoggedRequest) {
    return session.beginLogged(tag, req);
  },
  /** One segment's columns (transferred by the page from a pool worker; they land at the segment's own rows). */
  appendLogged(tag: string, rows: SegmentRows): number {
    return session.appendLogged(tag, rows);
  },
  finishLogged(tag: string) {
    return session.finishLogged(tag);
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
  /**
   * The comparison table of the current task (compare.ts): PRIME, naive MBO ungated / gated, best logged,
   * random / evolution / BO at k, 10·k, 100·k simulations; trained models are reused. `cancel('compare')` stops it.
   */
  async compare(req: CompareRequest, onProgress?: (p: CompareProgress) => void | Promise<void>) {
    await ready;
    return session.compare(req, onProgress);
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
