import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDGETPU } from '../arch/index';
import { Rng } from '../opt/rng';
import { randomPoint } from '../opt/space';
import { buildZooModel } from '../workload/zoo/index';
import { initPrimeBackend, liveTensors } from './backend';
import { createEncoder } from './features';
import { contextsOf } from './run';
import { disposeTransformer, trainTransformer } from './transformer';

const SIZES = EDGETPU.params.map((p) => p.values.length);
const CTX = contextsOf([buildZooModel('mobilenet_v2')]).mobilenet_v2 as Float32Array;
const enc = createEncoder(EDGETPU, 27, CTX.length);

/**
 * A toy score over the encoded design: additive in the log parameter values plus one interaction
 * (an MLP or Transformer can fit it; the mean predictor cannot).
 */
function toy(n: number, seed: number) {
  const rng = new Rng(seed);
  const x = new Float32Array(n * enc.width);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const code = randomPoint({ sizes: SIZES }, rng);
    enc.encode(code, CTX, x, i * enc.width);
    const lv = x.subarray(i * enc.width, i * enc.width + SIZES.length);
    y[i] =
      2 * (lv[0] as number) -
      1.5 * (lv[2] as number) +
      (lv[4] as number) +
      2 * (lv[0] as number) * (lv[9] as number) -
      1;
  }
  return { x, y, n };
}

// On wasm: a Transformer step is ~150 small tfjs ops, each a pure-JS loop on the cpu backend (several
// times slower); backend.test.ts holds wasm to cpu's results on the MLP.
beforeAll(async () => {
  await initPrimeBackend({ backend: 'wasm' });
});
afterAll(async () => {
  await initPrimeBackend({ backend: 'cpu' });
});

describe('PRIME Transformer surrogate', () => {
  it('learns a toy function of the design far better than the mean, and leaves no tensor behind', () => {
    const train = toy(384, 1);
    const test = toy(256, 2);
    const before = liveTensors();
    const fit = trainTransformer(enc, SIZES, CTX.length, train, {
      steps: 100,
      batchSize: 32,
      learningRate: 5e-3,
      seed: 7,
      // Small data, a narrower model than PRIME's 64 × 8 heads (the same code; bench measures that size).
      shape: { width: 16, heads: 4, layers: 2 },
    });
    const pred = fit.predict(test.x, test.n);
    disposeTransformer(fit.vars);
    expect(liveTensors()).toBe(before);
    const mean = train.y.reduce((s, v) => s + v, 0) / train.n;
    let mseModel = 0;
    let mseMean = 0;
    for (let i = 0; i < test.n; i++) {
      mseModel += ((pred[i] as number) - (test.y[i] as number)) ** 2 / test.n;
      mseMean += (mean - (test.y[i] as number)) ** 2 / test.n;
    }
    expect(mseMean).toBeGreaterThan(0.1);
    expect(mseModel).toBeLessThan(0.3 * mseMean);
    expect(fit.stepsPerSecond).toBeGreaterThan(0);
  });
});
