import * as tf from '@tensorflow/tfjs';
import { Rng } from '../opt/rng';
import type { DesignEncoder } from './features';
import { SCORE_BOUND } from './mlp';

/**
 * PRIME's released surrogate (Kumar et al., ICLR 2022, App. B and the released code), as a model
 * beside the MLP: one token per design parameter — a learnt embedding of its grid value (the
 * encoder's one-hot block times a table) plus its log value times a learnt vector — the workload
 * context mapped to the width and **multiplied** into every token (PRIME's context fusion), two
 * Transformer encoder layers (width 64, 8 heads, pre-norm, ReLU feed-forward 2×), mean pooling,
 * the area feature appended, and a plain two-output head (bounded score, feasibility logit; PRIME
 * uses a mixture-of-experts head, not done here). It reads the same encoded rows as the MLP
 * (features.ts), so it drops into the same batches.
 *
 * Status: trained by `trainTransformer` (MSE on the score; tests and `npm run bench:prime --
 * --backends`); not yet wired into the conservative loss, mining and search, which evaluate the
 * MLP with a plain-JS forward pass.
 */
export interface TransformerShape {
  /** Grid sizes per parameter (the encoder's one-hot block widths). */
  sizes: number[];
  contextDims: number;
  width: number;
  heads: number;
  layers: number;
}

export const TRANSFORMER_DEFAULTS = { width: 64, heads: 8, layers: 2 } as const;

export interface TransformerVariables {
  shape: TransformerShape;
  all: tf.Variable[];
  emb: tf.Variable[];
  logVec: tf.Variable;
  ctxW: tf.Variable;
  ctxB: tf.Variable;
  blocks: {
    ln1: [tf.Variable, tf.Variable];
    wq: tf.Variable;
    wk: tf.Variable;
    wv: tf.Variable;
    wo: tf.Variable;
    ln2: [tf.Variable, tf.Variable];
    w1: tf.Variable;
    b1: tf.Variable;
    w2: tf.Variable;
    b2: tf.Variable;
  }[];
  headW: tf.Variable;
  headB: tf.Variable;
  outW: tf.Variable;
  outB: tf.Variable;
}

/** Seeded Glorot-uniform variables (tfjs initialisers would need a seed each). */
export function initTransformer(shape: TransformerShape, seed: number): TransformerVariables {
  const rng = new Rng(seed);
  const all: tf.Variable[] = [];
  const glorot = (rows: number, cols: number) => {
    const lim = Math.sqrt(6 / (rows + cols));
    const m = new Float32Array(rows * cols);
    for (let i = 0; i < m.length; i++) m[i] = (2 * rng.float() - 1) * lim;
    return keep(tf.tensor2d(m, [rows, cols]));
  };
  const fill = (n: number, v: number) => keep(tf.fill([n], v));
  const keep = (t: tf.Tensor) => {
    const v = tf.variable(t, true);
    t.dispose();
    all.push(v);
    return v;
  };
  const { width: H, sizes, contextDims } = shape;
  const emb = sizes.map((s) => glorot(s, H));
  const logVec = glorot(sizes.length, H);
  // Context fusion starts as the identity (weights ~0, bias 1): tokens × (1 + ctx·W).
  const ctxW = keep(tf.zeros([Math.max(1, contextDims), H]));
  const ctxB = fill(H, 1);
  const blocks = Array.from({ length: shape.layers }, () => ({
    ln1: [fill(H, 1), fill(H, 0)] as [tf.Variable, tf.Variable],
    wq: glorot(H, H),
    wk: glorot(H, H),
    wv: glorot(H, H),
    wo: glorot(H, H),
    ln2: [fill(H, 1), fill(H, 0)] as [tf.Variable, tf.Variable],
    w1: glorot(H, 2 * H),
    b1: fill(2 * H, 0),
    w2: glorot(2 * H, H),
    b2: fill(H, 0),
  }));
  const headW = glorot(H + 1, H);
  const headB = fill(H, 0);
  const outW = glorot(H, 2);
  const outB = fill(2, 0);
  return { shape, all, emb, logVec, ctxW, ctxB, blocks, headW, headB, outW, outB };
}

export function disposeTransformer(v: TransformerVariables): void {
  for (const t of v.all) t.dispose();
}

function layerNorm(x: tf.Tensor3D, g: tf.Variable, b: tf.Variable): tf.Tensor3D {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), g), b) as tf.Tensor3D;
}

/**
 * Output [batch, 2] (bounded score, feasibility logit) for encoded rows [batch, enc.width] laid out
 * as features.ts writes them: log values (dims), one-hot blocks, area, context. Call inside tf.tidy.
 */
export function forwardTransformerTf(v: TransformerVariables, x: tf.Tensor2D): tf.Tensor2D {
  const { sizes, width: H, heads, contextDims } = v.shape;
  const D = sizes.length;
  const B = x.shape[0];
  const dh = H / heads;
  let off = D;
  const tokens = sizes.map((s, d) => {
    const onehot = x.slice([0, off], [B, s]);
    off += s;
    const logv = x.slice([0, d], [B, 1]);
    return tf.add(tf.matMul(onehot, v.emb[d] as tf.Variable), tf.matMul(logv, v.logVec.slice([d, 0], [1, H])));
  });
  const area = x.slice([0, off], [B, 1]);
  off += 1;
  const ctx = contextDims > 0 ? x.slice([0, off], [B, contextDims]) : tf.zeros([B, 1]);
  const gate = tf.add(tf.matMul(ctx, v.ctxW), v.ctxB).reshape([B, 1, H]);
  let h = tf.mul(tf.stack(tokens, 1), gate) as tf.Tensor3D; // [B, D, H]
  const split = (t: tf.Tensor3D) => t.reshape([B, D, heads, dh]).transpose([0, 2, 1, 3]) as tf.Tensor4D;
  for (const blk of v.blocks) {
    const n1 = layerNorm(h, blk.ln1[0], blk.ln1[1]).reshape([B * D, H]);
    const q = split(tf.matMul(n1, blk.wq).reshape([B, D, H]));
    const k = split(tf.matMul(n1, blk.wk).reshape([B, D, H]));
    const val = split(tf.matMul(n1, blk.wv).reshape([B, D, H]));
    const att = tf.softmax(tf.div(tf.matMul(q, k, false, true), Math.sqrt(dh)));
    const mixed = tf
      .matMul(att, val)
      .transpose([0, 2, 1, 3])
      .reshape([B * D, H]);
    h = tf.add(h, tf.matMul(mixed, blk.wo).reshape([B, D, H])) as tf.Tensor3D;
    const n2 = layerNorm(h, blk.ln2[0], blk.ln2[1]).reshape([B * D, H]);
    const ff = tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(n2, blk.w1), blk.b1)), blk.w2), blk.b2);
    h = tf.add(h, ff.reshape([B, D, H])) as tf.Tensor3D;
  }
  const pooled = tf.concat([tf.mean(h, 1), area], 1);
  const z = tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(pooled, v.headW), v.headB)), v.outW), v.outB);
  const score = tf.mul(SCORE_BOUND, tf.tanh(tf.div(z.slice([0, 0], [B, 1]), SCORE_BOUND)));
  return tf.concat([score, z.slice([0, 1], [B, 1])], 1) as tf.Tensor2D;
}

export interface TransformerFit {
  vars: TransformerVariables;
  /** Steps per second of the training loop (after the first step). */
  stepsPerSecond: number;
  /** Predicted scores for rows (caller disposes `vars`). */
  predict(x: Float32Array, n: number): Float32Array;
}

/**
 * Fits the score output to y by MSE with Adam on random minibatches of the encoded rows (x: n ×
 * enc.width). The caller owns the returned variables (`disposeTransformer`); every other tensor is
 * disposed here.
 */
export function trainTransformer(
  enc: DesignEncoder,
  sizes: number[],
  contextDims: number,
  data: { x: Float32Array; y: Float32Array; n: number },
  o: {
    steps: number;
    batchSize: number;
    learningRate?: number;
    seed: number;
    /** Width, heads, layers (default PRIME's 64, 8, 2). */
    shape?: Partial<Pick<TransformerShape, 'width' | 'heads' | 'layers'>>;
  },
): TransformerFit {
  const vars = initTransformer({ sizes, contextDims, ...TRANSFORMER_DEFAULTS, ...o.shape }, o.seed);
  const opt = tf.train.adam(o.learningRate ?? 1e-3);
  const rng = new Rng(o.seed ^ 0x5a5a);
  const W = enc.width;
  const xb = new Float32Array(o.batchSize * W);
  const yb = new Float32Array(o.batchSize);
  let t1 = 0;
  try {
    for (let step = 0; step < o.steps; step++) {
      if (step === 1) t1 = performance.now();
      for (let r = 0; r < o.batchSize; r++) {
        const i = rng.int(data.n);
        xb.set(data.x.subarray(i * W, (i + 1) * W), r * W);
        yb[r] = data.y[i] as number;
      }
      tf.tidy(() => {
        const x = tf.tensor2d(xb, [o.batchSize, W]);
        const y = tf.tensor2d(yb, [o.batchSize, 1]);
        opt.minimize(
          () =>
            tf.mean(tf.square(tf.sub(forwardTransformerTf(vars, x).slice([0, 0], [o.batchSize, 1]), y))) as tf.Scalar,
          false,
          vars.all,
        );
      });
    }
  } finally {
    opt.dispose();
  }
  const stepsPerSecond = o.steps > 1 ? (o.steps - 1) / ((performance.now() - t1) / 1000) : Number.NaN;
  return {
    vars,
    stepsPerSecond,
    predict: (x, n) =>
      tf.tidy(() => {
        const out = forwardTransformerTf(vars, tf.tensor2d(x, [n, W]));
        return Float32Array.from(out.slice([0, 0], [n, 1]).dataSync());
      }),
  };
}
