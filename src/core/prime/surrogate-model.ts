import * as tf from '@tensorflow/tfjs';
import { disposeVariables, forward, forwardTf, initWeights, type MlpWeights, readVariables, toVariables } from './mlp';
import {
  disposeTransformer,
  forwardTransformerTf,
  initTransformerWeights,
  readTransformer,
  TRANSFORMER_DEFAULTS,
  type TransformerShape,
  type TransformerWeights,
  toTransformerVariables,
} from './transformer';
import { forwardTransformer } from './transformer-forward';

/**
 * The two surrogate networks behind one interface, so PRIME's conservative training (train.ts),
 * its negative mining and the offline search run either: the MLP (mlp.ts, the default) or PRIME's
 * released Transformer (transformer.ts, optionally with a mixture-of-experts head). A trained
 * model is plain data — `weights` for the MLP, `transformer` for the Transformer — and
 * `predictSurrogate` evaluates either in plain JavaScript.
 */
export type SurrogateKind = 'mlp' | 'transformer';

/** Size of the Transformer surrogate (PRIME's released model: width 64, 8 heads, 2 layers, MoE head). */
export type TransformerSize = Pick<TransformerShape, 'width' | 'heads' | 'layers' | 'experts'>;

/** The small size the ablation of docs/prime.md §9.3 measured (fits this machine's budget). */
export const TRANSFORMER_SMALL: TransformerSize = { width: 32, heads: 4, layers: 1, experts: 1 };
export const TRANSFORMER_PRIME: TransformerSize = { ...TRANSFORMER_DEFAULTS, experts: 4 };

/** A trained model as plain data: exactly one of the two is set. */
export interface SurrogateNet {
  weights?: MlpWeights;
  transformer?: TransformerWeights;
}

/** Plain-JS forward of a scorer: n encoded rows → n × 2 (bounded score, feasibility logit). */
export type Predict = (x: Float32Array, n: number) => Float32Array;

/**
 * Scores n encoded rows. The MLP runs in plain JS (faster than tfjs at its size). The Transformer
 * runs through tfjs in batches of 1024 when the backend is wasm — 6–8× the plain-JS pass's rows/s
 * (`npm run bench:prime -- --scoring`) — and in plain JS otherwise; tensors are freed either way.
 */
export function predictSurrogate(s: SurrogateNet, x: Float32Array, n: number, out?: Float32Array): Float32Array {
  if (s.transformer) {
    if (tf.getBackend() !== 'wasm' || n === 0) return forwardTransformer(s.transformer, x, n, out);
    const v = toTransformerVariables(s.transformer);
    try {
      const width = x.length / n;
      const res = out ?? new Float32Array(n * 2);
      for (let r = 0; r < n; r += 1024) {
        const b = Math.min(1024, n - r);
        const o = tf.tidy(() =>
          forwardTransformerTf(v, tf.tensor2d(x.subarray(r * width, (r + b) * width), [b, width])).dataSync(),
        );
        res.set(o, r * 2);
      }
      return res;
    } finally {
      disposeTransformer(v);
    }
  }
  if (s.weights) return forward(s.weights, x, n, out);
  throw new Error('surrogate has neither MLP weights nor a Transformer');
}

/** A model being trained: tfjs variables, their forward pass, and plain-data snapshots. */
export interface TrainableModel {
  readonly kind: SurrogateKind;
  /** Every trainable variable. */
  readonly trainable: tf.Variable[];
  /** Weight matrices under the L2 penalty. */
  readonly decay: tf.Variable[];
  /** [batch, width] → [batch, 2]; call inside tf.tidy. */
  forwardTf(x: tf.Tensor2D): tf.Tensor2D;
  /** The current weights as plain data (reads the variables). */
  snapshot(): SurrogateNet;
  dispose(): void;
}

export function createTrainable(
  kind: SurrogateKind,
  o: {
    inputWidth: number;
    hidden: readonly number[];
    sizes: readonly number[];
    contextDims: number;
    transformer: TransformerSize;
    seed: number;
  },
): TrainableModel {
  if (kind === 'mlp') {
    const sizes = [o.inputWidth, ...o.hidden, 2];
    const v = toVariables(initWeights(sizes, o.seed));
    return {
      kind,
      trainable: [...v.w, ...v.b],
      decay: v.w,
      forwardTf: (x) => forwardTf(v, x),
      snapshot: () => ({ weights: readVariables(v, sizes) }),
      dispose: () => disposeVariables(v),
    };
  }
  if (kind !== 'transformer') throw new Error(`surrogate must be "mlp" or "transformer" (got "${String(kind)}")`);
  const v = toTransformerVariables(
    initTransformerWeights({ sizes: [...o.sizes], contextDims: o.contextDims, ...o.transformer }, o.seed),
  );
  return {
    kind,
    trainable: v.all,
    decay: v.matrices,
    forwardTf: (x) => forwardTransformerTf(v, x),
    snapshot: () => ({ transformer: readTransformer(v) }),
    dispose: () => disposeTransformer(v),
  };
}

/** Scores n encoded rows with tfjs in batches (the alternative to the plain-JS pass; bench compares them). */
export function predictTf(m: TrainableModel, x: Float32Array, n: number, width: number, batch = 1024): Float32Array {
  const out = new Float32Array(n * 2);
  for (let r = 0; r < n; r += batch) {
    const b = Math.min(batch, n - r);
    const o = tf.tidy(() => m.forwardTf(tf.tensor2d(x.subarray(r * width, (r + b) * width), [b, width])).dataSync());
    out.set(o, r * 2);
  }
  return out;
}
