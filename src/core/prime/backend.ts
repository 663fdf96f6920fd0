import * as tf from '@tensorflow/tfjs';

/** Which tfjs backend to train on: 'auto' tries WebAssembly and falls back to the pure-JS cpu backend. */
export type PrimeBackendChoice = 'cpu' | 'wasm' | 'auto';

/** The backend that actually runs, for status lines and benchmark tables. */
export interface PrimeBackendInfo {
  name: 'cpu' | 'wasm';
  /** WebAssembly SIMD in use (wasm only). */
  simd: boolean;
  /** Threads of the wasm backend's pool (1 = none; cpu is always 1). */
  threads: number;
  /** Why wasm is not in use, when it was asked for and failed (the cpu fallback runs). */
  note?: string;
}

export interface PrimeBackendOptions {
  backend?: PrimeBackendChoice;
  /**
   * Where the browser finds the three .wasm binaries (file name → URL, as Vite emits them); Node
   * needs none (the package's Node build reads them next to itself).
   */
  wasmPaths?: Readonly<Record<string, string>>;
}

let current: PrimeBackendInfo | undefined;

/**
 * Selects the training backend and production mode (skips per-op debug checks and the "install
 * tfjs-node" console notice). 'cpu' is tfjs's pure-JavaScript backend: deterministic, what the unit
 * tests use. 'wasm' is @tensorflow/tfjs-backend-wasm (XNNPACK; SIMD where the engine has it, ~5×
 * the cpu backend's steps/s in `npm run bench:prime -- --backends`). Threads need SharedArrayBuffer,
 * which a page gets only under cross-origin isolation (COOP/COEP headers Archscope does not send),
 * so the browser runs single-threaded SIMD; tfjs does not report Node's SharedArrayBuffer as
 * thread support either. A wasm failure (binary not served, CSP without 'wasm-unsafe-eval', no
 * WebAssembly) falls back to cpu with the reason in `note`. Call once per thread before training;
 * a later call with another choice switches backends.
 */
export async function initPrimeBackend(opts: PrimeBackendOptions = {}): Promise<PrimeBackendInfo> {
  const choice = opts.backend ?? 'cpu';
  tf.enableProdMode();
  let note: string | undefined;
  if (choice !== 'cpu') {
    try {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      if (opts.wasmPaths && !wasmConfigured) {
        wasm.setWasmPaths({ ...opts.wasmPaths });
        wasmConfigured = true;
      }
      if (!(await tf.setBackend('wasm'))) throw new Error('tfjs could not initialise the wasm backend');
      await tf.ready();
      const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
      current = { name: 'wasm', simd, threads: wasm.getThreadsCount() };
      return current;
    } catch (e) {
      note = `wasm backend unavailable (${errorText(e)}); training on the cpu backend`;
    }
  }
  await tf.setBackend('cpu');
  await tf.ready();
  current = { name: 'cpu', simd: false, threads: 1, ...(note ? { note } : {}) };
  return current;
}

let wasmConfigured = false;

/** The backend selected by the last `initPrimeBackend` (undefined before it). */
export function primeBackend(): PrimeBackendInfo | undefined {
  return current;
}

/** "wasm (SIMD)", "wasm (SIMD, 4 threads)", "cpu". */
export function backendLabel(b: PrimeBackendInfo): string {
  if (b.name === 'cpu') return 'cpu';
  const parts = [b.simd ? 'SIMD' : 'no SIMD', ...(b.threads > 1 ? [`${b.threads} threads`] : [])];
  return `wasm (${parts.join(', ')})`;
}

function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (e && typeof e === 'object' && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}

/** Live tfjs tensors in this thread (tests check that a run leaves none behind). */
export function liveTensors(): number {
  return tf.memory().numTensors;
}
