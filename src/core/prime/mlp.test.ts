import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../opt/rng';
import { disposeVariables, forward, forwardTf, initWeights, SCORE_BOUND, toVariables } from './mlp';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('surrogate MLP', () => {
  it('the plain-JS forward pass equals the tfjs one (bounded score, logit)', () => {
    const sizes = [12, 16, 8, 2];
    const w = initWeights(sizes, 7);
    const rng = new Rng(3);
    const n = 20;
    const x = new Float32Array(n * 12);
    // Sparse rows as the one-hot encoding produces, plus dense values.
    for (let i = 0; i < x.length; i++) x[i] = rng.chance(0.5) ? 0 : 4 * rng.float() - 2;
    const js = forward(w, x, n);
    const before = tf.memory().numTensors;
    const vars = toVariables(w);
    const ref = tf.tidy(() => forwardTf(vars, tf.tensor2d(x, [n, 12])).dataSync());
    disposeVariables(vars);
    expect(tf.memory().numTensors).toBe(before);
    for (let i = 0; i < n * 2; i++) expect(js[i]).toBeCloseTo(ref[i] as number, 4);
    for (let r = 0; r < n; r++) expect(Math.abs(js[r * 2] as number)).toBeLessThanOrEqual(SCORE_BOUND);
  });

  it('initial weights depend only on the seed', () => {
    const a = initWeights([5, 4, 2], 11);
    const b = initWeights([5, 4, 2], 11);
    const c = initWeights([5, 4, 2], 12);
    expect(Array.from(a.w[0] as Float32Array)).toEqual(Array.from(b.w[0] as Float32Array));
    expect(Array.from(a.w[0] as Float32Array)).not.toEqual(Array.from(c.w[0] as Float32Array));
  });
});
