import * as tf from '@tensorflow/tfjs';
import { Rng } from '../opt/rng';
import type { DesignEncoder } from './features';
import { SCORE_BOUND } from './mlp';

/**
 * PRIME's released surrogate (Kumar et al., ICLR 2022, App. B and the released code), as a model
 * beside the MLP: one token per design parameter — a learnt embedding of its grid value (the
 * encoder's one-hot block times a table) plus its log value times a learnt vector — the workload
 * context mapped to the width and **multiplied** into every token (PRIME's context fusion),
 * Transformer encoder layers (pre-norm, ReLU feed-forward 2×), mean pooling, the area feature
 * appended, and a head giving two outputs (bounded score, feasibility logit): either one plain
 * two-layer head, or a mixture of experts — `experts` such heads mixed by a softmax gate over the
 * context (PRIME's MoE head; the gate makes the head workload-specific). It reads the same
 * encoded rows as the MLP (features.ts), so it drops into the same batches. Size is a parameter
 * (PRIME's released model: width 64, 8 heads, 2 layers); train.ts trains it with PRIME's loss,
 * transformer-forward.ts evaluates it in plain JS for mining and search.
 */
export interface TransformerShape {
  /** Grid sizes per parameter (the encoder's one-hot block widths). */
  sizes: number[];
  contextDims: number;
  width: number;
  heads: number;
  layers: number;
  /** Experts of the head: 1 = a plain head, > 1 = a mixture gated by the context. */
  experts: number;
}

export const TRANSFORMER_DEFAULTS = { width: 64, heads: 8, layers: 2, experts: 1 } as const;

export interface ExpertParams<T> {
  w1: T;
  b1: T;
  w2: T;
  b2: T;
}

/** The model's parameters; T = tf.Variable while training, Float32Array (row-major) as plain data. */
export interface TransformerParams<T> {
  emb: T[];
  logVec: T;
  ctxW: T;
  ctxB: T;
  blocks: {
    ln1g: T;
    ln1b: T;
    wq: T;
    wk: T;
    wv: T;
    wo: T;
    ln2g: T;
    ln2b: T;
    w1: T;
    b1: T;
    w2: T;
    b2: T;
  }[];
  experts: ExpertParams<T>[];
  /** Context → expert logits (only with more than one expert). */
  gateW?: T;
  gateB?: T;
}

/** A trained Transformer as plain data (posts between threads; no tensors). */
export interface TransformerWeights {
  shape: TransformerShape;
  params: TransformerParams<Float32Array>;
}

export interface TransformerVariables {
  shape: TransformerShape;
  params: TransformerParams<tf.Variable>;
  all: tf.Variable[];
  /** Weight matrices (the L2 penalty's targets; not biases, gains, or the context fusion). */
  matrices: tf.Variable[];
}

export function mapParams<A, B>(p: TransformerParams<A>, f: (a: A) => B): TransformerParams<B> {
  return {
    emb: p.emb.map(f),
    logVec: f(p.logVec),
    ctxW: f(p.ctxW),
    ctxB: f(p.ctxB),
    blocks: p.blocks.map((b) => ({
      ln1g: f(b.ln1g),
      ln1b: f(b.ln1b),
      wq: f(b.wq),
      wk: f(b.wk),
      wv: f(b.wv),
      wo: f(b.wo),
      ln2g: f(b.ln2g),
      ln2b: f(b.ln2b),
      w1: f(b.w1),
      b1: f(b.b1),
      w2: f(b.w2),
      b2: f(b.b2),
    })),
    experts: p.experts.map((e) => ({ w1: f(e.w1), b1: f(e.b1), w2: f(e.w2), b2: f(e.b2) })),
    gateW: p.gateW === undefined ? undefined : f(p.gateW),
    gateB: p.gateB === undefined ? undefined : f(p.gateB),
  };
}

export function checkShape(s: TransformerShape): void {
  for (const k of ['width', 'heads', 'layers', 'experts'] as const)
    if (!Number.isInteger(s[k]) || s[k] < (k === 'layers' ? 0 : 1))
      throw new Error(`transformer ${k} must be a positive integer (got ${s[k]})`);
  if (s.width % s.heads !== 0) throw new Error(`transformer width ${s.width} is not a multiple of heads ${s.heads}`);
}

/** Seeded Glorot-uniform initial weights as plain data (tfjs initialisers would need a seed each). */
export function initTransformerWeights(shape: TransformerShape, seed: number): TransformerWeights {
  checkShape(shape);
  const rng = new Rng(seed);
  const glorot = (rows: number, cols: number) => {
    const lim = Math.sqrt(6 / (rows + cols));
    const m = new Float32Array(rows * cols);
    for (let i = 0; i < m.length; i++) m[i] = (2 * rng.float() - 1) * lim;
    return m;
  };
  const fill = (n: number, v: number) => new Float32Array(n).fill(v);
  const { width: H, sizes, contextDims } = shape;
  const C = Math.max(1, contextDims);
  const E = shape.experts;
  return {
    shape: { ...shape, sizes: [...sizes] },
    params: {
      emb: sizes.map((s) => glorot(s, H)),
      logVec: glorot(sizes.length, H),
      // Context fusion starts as the identity (weights 0, bias 1): tokens × (1 + ctx·W).
      ctxW: new Float32Array(C * H),
      ctxB: fill(H, 1),
      blocks: Array.from({ length: shape.layers }, () => ({
        ln1g: fill(H, 1),
        ln1b: fill(H, 0),
        wq: glorot(H, H),
        wk: glorot(H, H),
        wv: glorot(H, H),
        wo: glorot(H, H),
        ln2g: fill(H, 1),
        ln2b: fill(H, 0),
        w1: glorot(H, 2 * H),
        b1: fill(2 * H, 0),
        w2: glorot(2 * H, H),
        b2: fill(H, 0),
      })),
      experts: Array.from({ length: E }, () => ({
        w1: glorot(H + 1, H),
        b1: fill(H, 0),
        w2: glorot(H, 2),
        b2: fill(2, 0),
      })),
      gateW: E > 1 ? glorot(C, E) : undefined,
      gateB: E > 1 ? fill(E, 0) : undefined,
    },
  };
}

/** Trainable variables holding `w` (dispose with `disposeTransformer`). */
export function toTransformerVariables(w: TransformerWeights): TransformerVariables {
  const { width: H, sizes, contextDims } = w.shape;
  const C = Math.max(1, contextDims);
  const all: tf.Variable[] = [];
  const matrices: tf.Variable[] = [];
  const p = w.params;
  // Shapes by role: everything 1-D except the matrices below.
  const dims = new Map<Float32Array, number[]>();
  p.emb.forEach((m, d) => {
    dims.set(m, [sizes[d] as number, H]);
  });
  dims.set(p.logVec, [sizes.length, H]);
  dims.set(p.ctxW, [C, H]);
  for (const b of p.blocks) {
    for (const m of [b.wq, b.wk, b.wv, b.wo]) dims.set(m, [H, H]);
    dims.set(b.w1, [H, 2 * H]);
    dims.set(b.w2, [2 * H, H]);
  }
  for (const e of p.experts) {
    dims.set(e.w1, [H + 1, H]);
    dims.set(e.w2, [H, 2]);
  }
  if (p.gateW) dims.set(p.gateW, [C, w.shape.experts]);
  const params = mapParams(p, (a) => {
    const shape = dims.get(a);
    const t = shape ? tf.tensor2d(a, shape as [number, number]) : tf.tensor1d(a);
    const v = tf.variable(t, true);
    t.dispose();
    all.push(v);
    if (shape && a !== p.ctxW) matrices.push(v);
    return v;
  });
  return { shape: w.shape, params, all, matrices };
}

export function readTransformer(v: TransformerVariables): TransformerWeights {
  return {
    shape: { ...v.shape, sizes: [...v.shape.sizes] },
    params: mapParams(v.params, (t) => Float32Array.from(t.dataSync() as Float32Array)),
  };
}

export function initTransformer(shape: TransformerShape, seed: number): TransformerVariables {
  return toTransformerVariables(initTransformerWeights(shape, seed));
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
  const p = v.params;
  const D = sizes.length;
  const B = x.shape[0];
  const dh = H / heads;
  let off = D;
  const tokens = sizes.map((s, d) => {
    const onehot = x.slice([0, off], [B, s]);
    off += s;
    const logv = x.slice([0, d], [B, 1]);
    return tf.add(tf.matMul(onehot, p.emb[d] as tf.Variable), tf.matMul(logv, p.logVec.slice([d, 0], [1, H])));
  });
  const area = x.slice([0, off], [B, 1]);
  off += 1;
  const ctx = contextDims > 0 ? x.slice([0, off], [B, contextDims]) : tf.zeros([B, 1]);
  const gate = tf.add(tf.matMul(ctx, p.ctxW), p.ctxB).reshape([B, 1, H]);
  let h = tf.mul(tf.stack(tokens, 1), gate) as tf.Tensor3D; // [B, D, H]
  const split = (t: tf.Tensor3D) => t.reshape([B, D, heads, dh]).transpose([0, 2, 1, 3]) as tf.Tensor4D;
  for (const blk of p.blocks) {
    const n1 = layerNorm(h, blk.ln1g, blk.ln1b).reshape([B * D, H]);
    const q = split(tf.matMul(n1, blk.wq).reshape([B, D, H]));
    const k = split(tf.matMul(n1, blk.wk).reshape([B, D, H]));
    const val = split(tf.matMul(n1, blk.wv).reshape([B, D, H]));
    const att = tf.softmax(tf.div(tf.matMul(q, k, false, true), Math.sqrt(dh)));
    const mixed = tf
      .matMul(att, val)
      .transpose([0, 2, 1, 3])
      .reshape([B * D, H]);
    h = tf.add(h, tf.matMul(mixed, blk.wo).reshape([B, D, H])) as tf.Tensor3D;
    const n2 = layerNorm(h, blk.ln2g, blk.ln2b).reshape([B * D, H]);
    const ff = tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(n2, blk.w1), blk.b1)), blk.w2), blk.b2);
    h = tf.add(h, ff.reshape([B, D, H])) as tf.Tensor3D;
  }
  const pooled = tf.concat([tf.mean(h, 1), area], 1);
  const head = (e: ExpertParams<tf.Variable>) =>
    tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(pooled, e.w1), e.b1)), e.w2), e.b2) as tf.Tensor2D;
  let z: tf.Tensor2D;
  if (p.experts.length === 1 || !p.gateW || !p.gateB) z = head(p.experts[0] as ExpertParams<tf.Variable>);
  else {
    const g = tf.softmax(tf.add(tf.matMul(ctx, p.gateW), p.gateB)); // [B, E]
    z = p.experts
      .map((e, i) => tf.mul(head(e), g.slice([0, i], [B, 1])) as tf.Tensor2D)
      .reduce((a, b) => tf.add(a, b) as tf.Tensor2D);
  }
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
 * enc.width): the throughput probe of `npm run bench:prime -- --backends --transformer`; PRIME's
 * loss is train.ts's. The caller owns the returned variables (`disposeTransformer`).
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
    shape?: Partial<Pick<TransformerShape, 'width' | 'heads' | 'layers' | 'experts'>>;
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
