import * as tf from '@tensorflow/tfjs';

/**
 * Selects tfjs's pure-JavaScript `cpu` backend (deterministic kernels; no WebGL context in a
 * worker, no native addon in Node) and production mode, which skips per-op debug checks and the
 * "install tfjs-node" console notice. Call once per thread before training.
 */
export async function initPrimeBackend(): Promise<void> {
  tf.enableProdMode();
  await tf.setBackend('cpu');
  await tf.ready();
}

/** Live tfjs tensors in this thread (tests check that a run leaves none behind). */
export function liveTensors(): number {
  return tf.memory().numTensors;
}
