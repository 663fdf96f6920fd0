import * as tf from '@tensorflow/tfjs';
import { Rng } from '../opt/rng';

/**
 * The surrogate network: an MLP with ReLU hidden layers and two outputs — the score (to
 * maximise; −standardised log latency) and a feasibility logit. Trained in TensorFlow.js
 * (gradients, Adam); evaluated by `forward` over a plain-array copy of the weights, which is
 * several times faster than tfjs's pure-JS cpu kernels for the small batches the design search
 * scores, owns no tensors, and can be posted between threads.
 */
export interface MlpWeights {
  /** Layer widths, input first, 2 last. */
  sizes: number[];
  /** Per layer l: W row-major sizes[l] × sizes[l+1], then b. */
  w: Float32Array[];
  b: Float32Array[];
}

/** Output columns of the network. */
export const OUT_SCORE = 0;
export const OUT_FEASIBLE = 1;

/** He-uniform initial weights drawn from our seeded generator (tfjs initialisers would need their own seeds per layer). */
export function initWeights(sizes: readonly number[], seed: number): MlpWeights {
  const rng = new Rng(seed);
  const w: Float32Array[] = [];
  const b: Float32Array[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l] as number;
    const fanOut = sizes[l + 1] as number;
    const lim = Math.sqrt(6 / fanIn);
    const m = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < m.length; i++) m[i] = (2 * rng.float() - 1) * lim;
    w.push(m);
    b.push(new Float32Array(fanOut));
  }
  return { sizes: [...sizes], w, b };
}

/** Trainable tfjs variables holding `weights`; dispose them (or call `disposeVariables`) when done. */
export interface MlpVariables {
  w: tf.Variable[];
  b: tf.Variable[];
}

export function toVariables(weights: MlpWeights): MlpVariables {
  // tf.variable keeps its own reference to the initial value's data; tidy disposes the initial tensors.
  return tf.tidy(() => ({
    w: weights.w.map((m, l) =>
      tf.variable(tf.tensor2d(m, [weights.sizes[l] as number, weights.sizes[l + 1] as number]), true),
    ),
    b: weights.b.map((v) => tf.variable(tf.tensor1d(v), true)),
  }));
}

/**
 * Scores are bounded, S·tanh(z/S) with S = 5 standardised units (targets span about ±3): PRIME's
 * penalties are linear in the score, so with an unbounded output the network lowers scores of
 * infeasible and mined designs without limit (we saw −28,000 σ after 600 steps, and the fit of
 * the data collapsing). Bounded, the penalties saturate once those designs score S below the data.
 */
export const SCORE_BOUND = 5;

/** Network output for a [batch, inputs] tensor: [batch, 2] (bounded score, feasibility logit). Call inside tf.tidy. */
export function forwardTf(v: MlpVariables, x: tf.Tensor2D): tf.Tensor2D {
  let h: tf.Tensor2D = x;
  for (let l = 0; l < v.w.length; l++) {
    h = tf.add(tf.matMul(h, v.w[l] as tf.Variable), v.b[l] as tf.Variable) as tf.Tensor2D;
    if (l + 1 < v.w.length) h = tf.relu(h);
  }
  const n = h.shape[0];
  const score = tf.mul(SCORE_BOUND, tf.tanh(tf.div(h.slice([0, OUT_SCORE], [n, 1]), SCORE_BOUND)));
  return tf.concat([score, h.slice([0, OUT_FEASIBLE], [n, 1])], 1) as tf.Tensor2D;
}

export function readVariables(v: MlpVariables, sizes: readonly number[]): MlpWeights {
  return {
    sizes: [...sizes],
    w: v.w.map((t) => Float32Array.from(t.dataSync() as Float32Array)),
    b: v.b.map((t) => Float32Array.from(t.dataSync() as Float32Array)),
  };
}

export function disposeVariables(v: MlpVariables): void {
  for (const t of [...v.w, ...v.b]) t.dispose();
}

/**
 * Forward pass in plain JavaScript over rows of x (row-major n × sizes[0]); writes n × 2 outputs.
 * Zero inputs are skipped in the first layer (the one-hot block is mostly zeros).
 */
export function forward(
  weights: MlpWeights,
  x: Float32Array,
  n: number,
  out: Float32Array = new Float32Array(n * 2),
): Float32Array {
  const { sizes, w, b } = weights;
  const maxWidth = Math.max(...sizes);
  let a = new Float64Array(maxWidth);
  let z = new Float64Array(maxWidth);
  const L = w.length;
  const nOut = sizes[L] as number;
  for (let r = 0; r < n; r++) {
    const inW = sizes[0] as number;
    // Layer 0 reads the input row directly.
    {
      const fo = sizes[1] as number;
      const m = w[0] as Float32Array;
      const bias = b[0] as Float32Array;
      for (let j = 0; j < fo; j++) z[j] = bias[j] as number;
      const base = r * inW;
      for (let i = 0; i < inW; i++) {
        const xi = x[base + i] as number;
        if (xi === 0) continue;
        const row = i * fo;
        for (let j = 0; j < fo; j++) z[j] = (z[j] as number) + xi * (m[row + j] as number);
      }
      if (L > 1) for (let j = 0; j < fo; j++) z[j] = Math.max(0, z[j] as number);
      const t = a;
      a = z;
      z = t;
    }
    for (let l = 1; l < L; l++) {
      const fi = sizes[l] as number;
      const fo = sizes[l + 1] as number;
      const m = w[l] as Float32Array;
      const bias = b[l] as Float32Array;
      for (let j = 0; j < fo; j++) z[j] = bias[j] as number;
      for (let i = 0; i < fi; i++) {
        const ai = a[i] as number;
        if (ai === 0) continue;
        const row = i * fo;
        for (let j = 0; j < fo; j++) z[j] = (z[j] as number) + ai * (m[row + j] as number);
      }
      if (l + 1 < L) for (let j = 0; j < fo; j++) z[j] = Math.max(0, z[j] as number);
      const t = a;
      a = z;
      z = t;
    }
    for (let j = 0; j < nOut; j++) out[r * nOut + j] = a[j] as number;
    out[r * nOut + OUT_SCORE] = SCORE_BOUND * Math.tanh((a[OUT_SCORE] as number) / SCORE_BOUND);
  }
  return out;
}
