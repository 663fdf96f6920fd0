import * as tf from '@tensorflow/tfjs';
import type { Design } from '../arch/types';
import { Rng } from '../opt/rng';
import { disposeVariables, initWeights, type MlpWeights, readVariables, toVariables } from '../prime/mlp';
import { COST_FEATURE_COUNT, COST_FEATURES } from './cost-features';

/**
 * The learned performance model of the network study: an MLP from a network's cost features
 * (src/core/corpus/cost-features.ts) to log latency and log energy on one accelerator. Trained in
 * TensorFlow.js (cpu backend: Node, a worker), evaluated in plain JavaScript over a copy of the
 * weights (no tensors, postable between threads, and much faster than tfjs kernels for small nets).
 */

export const COSTMODEL_FORMAT = 'archscope-costmodel';

export interface CostModelJson {
  format: typeof COSTMODEL_FORMAT;
  version: 1;
  /** Class id (or a name for a custom design) and the design it was trained on. */
  classId: string;
  design: Design;
  features: string[];
  sizes: number[];
  xMean: number[];
  xStd: number[];
  /** Mean and standard deviation of log latency (ms) and log energy (mJ) minus their anchors. */
  yMean: [number, number];
  yStd: [number, number];
  w: number[][];
  b: number[][];
  /**
   * The networks it was trained on, when they are networks 0…networks−1 of a space and seed (as
   * runCostStudy trains): a study evaluated by the model leaves them out of its error check.
   */
  trainedOn?: TrainedOn;
}

export interface TrainedOn {
  space: string;
  seed: number;
  networks: number;
}

export interface TrainOptions {
  seed: number;
  hidden?: number[];
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
}

export interface Prediction {
  latencyMs: Float64Array;
  energyMj: Float64Array;
}

export class CostModel {
  private constructor(
    private readonly m: CostModelJson,
    private readonly weights: MlpWeights,
  ) {}

  get classId(): string {
    return this.m.classId;
  }

  /** Predicts n networks from their feature rows (row-major n × COST_FEATURE_COUNT). */
  predict(x: Float32Array, n: number): Prediction {
    const { sizes, w, b } = this.weights;
    const F = sizes[0] as number;
    const width = Math.max(...sizes);
    let a = new Float64Array(width);
    let z = new Float64Array(width);
    const lat = new Float64Array(n);
    const en = new Float64Array(n);
    const { xMean, xStd, yMean, yStd } = this.m;
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < F; j++) a[j] = ((x[r * F + j] as number) - (xMean[j] as number)) / (xStd[j] as number);
      for (let l = 0; l + 1 < sizes.length; l++) {
        const fi = sizes[l] as number;
        const fo = sizes[l + 1] as number;
        const W = w[l] as Float32Array;
        const B = b[l] as Float32Array;
        for (let o = 0; o < fo; o++) z[o] = B[o] as number;
        for (let i = 0; i < fi; i++) {
          const ai = a[i] as number;
          if (ai === 0) continue;
          const row = i * fo;
          for (let o = 0; o < fo; o++) z[o] = (z[o] as number) + ai * (W[row + o] as number);
        }
        const last = l + 2 === sizes.length;
        if (!last) for (let o = 0; o < fo; o++) z[o] = Math.max(0, z[o] as number);
        [a, z] = [z, a];
      }
      const anchor = r * F + F - 2;
      lat[r] = Math.exp((a[0] as number) * yStd[0] + yMean[0] + (x[anchor] as number));
      en[r] = Math.exp((a[1] as number) * yStd[1] + yMean[1] + (x[anchor + 1] as number));
    }
    return { latencyMs: lat, energyMj: en };
  }

  toJSON(): CostModelJson {
    return JSON.parse(JSON.stringify(this.m)) as CostModelJson;
  }

  /** A model from its JSON export; throws an Error naming the first bad field. */
  static fromJSON(raw: unknown): CostModel {
    const o = raw as Partial<CostModelJson> | null;
    const bad = (field: string, why: string): never => {
      throw new Error(`cost model ${field}: ${why}`);
    };
    if (!o || typeof o !== 'object') bad('', 'not an object');
    const m = o as CostModelJson;
    if (m.format !== COSTMODEL_FORMAT) bad('format', `expected "${COSTMODEL_FORMAT}"`);
    if (m.version !== 1) bad('version', 'expected 1');
    if (typeof m.classId !== 'string') bad('classId', 'expected a string');
    if (!Array.isArray(m.features) || m.features.join() !== COST_FEATURES.join())
      bad('features', 'do not match this version');
    const sizes = m.sizes;
    if (
      !Array.isArray(sizes) ||
      sizes[0] !== COST_FEATURE_COUNT ||
      sizes.at(-1) !== 2 ||
      sizes.some((s) => !Number.isInteger(s) || s < 1 || s > 4096)
    )
      bad('sizes', `expected [${COST_FEATURE_COUNT}, …, 2]`);
    const finite = (xs: unknown, len: number, field: string) => {
      if (!Array.isArray(xs) || xs.length !== len || xs.some((v) => typeof v !== 'number' || !Number.isFinite(v)))
        bad(field, `expected ${len} finite numbers`);
    };
    finite(m.xMean, COST_FEATURE_COUNT, 'xMean');
    finite(m.xStd, COST_FEATURE_COUNT, 'xStd');
    finite(m.yMean, 2, 'yMean');
    finite(m.yStd, 2, 'yStd');
    if (!Array.isArray(m.w) || m.w.length !== sizes.length - 1) bad('w', 'one matrix per layer');
    if (!Array.isArray(m.b) || m.b.length !== sizes.length - 1) bad('b', 'one vector per layer');
    for (let l = 0; l + 1 < sizes.length; l++) {
      finite(m.w[l], (sizes[l] as number) * (sizes[l + 1] as number), `w[${l}]`);
      finite(m.b[l], sizes[l + 1] as number, `b[${l}]`);
    }
    const t = m.trainedOn as Partial<TrainedOn> | undefined;
    if (
      t !== undefined &&
      (typeof t !== 'object' ||
        t === null ||
        typeof t.space !== 'string' ||
        !Number.isInteger(t.seed) ||
        !Number.isInteger(t.networks) ||
        (t.networks as number) < 0)
    )
      bad('trainedOn', 'expected { space, seed, networks } (a string and two whole numbers)');
    const weights: MlpWeights = {
      sizes: [...sizes],
      w: m.w.map((x) => Float32Array.from(x)),
      b: m.b.map((x) => Float32Array.from(x)),
    };
    return new CostModel(JSON.parse(JSON.stringify(m)) as CostModelJson, weights);
  }

  /**
   * Trains on n networks: features x (n × COST_FEATURE_COUNT) and targets y (n × 2: latency ms,
   * energy mJ, both > 0). Adam on the mean squared error of standardised log targets, minibatches
   * shuffled by a seeded generator. Leaves no tensors behind (variables and optimizer disposed).
   */
  static async train(
    x: Float32Array,
    y: Float64Array,
    n: number,
    meta: { classId: string; design: Design; trainedOn?: TrainedOn },
    o: TrainOptions,
  ): Promise<CostModel> {
    const F = COST_FEATURE_COUNT;
    if (n < 2) throw new Error('cost model: need at least 2 networks to train');
    const xMean = new Array<number>(F).fill(0);
    const xStd = new Array<number>(F).fill(0);
    for (let r = 0; r < n; r++)
      for (let j = 0; j < F; j++) xMean[j] = (xMean[j] as number) + (x[r * F + j] as number) / n;
    for (let r = 0; r < n; r++)
      for (let j = 0; j < F; j++)
        xStd[j] = (xStd[j] as number) + ((x[r * F + j] as number) - (xMean[j] as number)) ** 2 / n;
    for (let j = 0; j < F; j++) xStd[j] = Math.sqrt(xStd[j] as number) || 1;
    // Targets: log(value) minus the feature vector's analytical anchor (its last two entries).
    const ly = Float64Array.from(y, (v, i) => Math.log(v) - (x[Math.floor(i / 2) * F + F - 2 + (i % 2)] as number));
    const yMean: [number, number] = [0, 0];
    const yStd: [number, number] = [0, 0];
    for (let t = 0; t < 2; t++) {
      let s = 0;
      for (let r = 0; r < n; r++) s += ly[r * 2 + t] as number;
      const mean = s / n;
      let v = 0;
      for (let r = 0; r < n; r++) v += ((ly[r * 2 + t] as number) - mean) ** 2;
      yMean[t] = mean;
      yStd[t] = Math.sqrt(v / n) || 1;
    }
    const xs = new Float32Array(n * F);
    const ys = new Float32Array(n * 2);
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < F; j++)
        xs[r * F + j] = ((x[r * F + j] as number) - (xMean[j] as number)) / (xStd[j] as number);
      for (let t = 0; t < 2; t++)
        ys[r * 2 + t] = ((ly[r * 2 + t] as number) - (yMean[t] as number)) / (yStd[t] as number);
    }
    const sizes = [F, ...(o.hidden ?? [64, 64]), 2];
    const vars = toVariables(initWeights(sizes, o.seed));
    const opt = tf.train.adam(o.learningRate ?? 3e-3);
    const rng = new Rng(o.seed ^ 0x5eed);
    const bs = Math.min(n, o.batchSize ?? 128);
    const epochs = o.epochs ?? 300;
    const order = Array.from({ length: n }, (_, i) => i);
    const bx = new Float32Array(bs * F);
    const by = new Float32Array(bs * 2);
    try {
      for (let e = 0; e < epochs; e++) {
        rng.shuffle(order);
        for (let s = 0; s + bs <= n; s += bs) {
          for (let i = 0; i < bs; i++) {
            const r = order[s + i] as number;
            bx.set(xs.subarray(r * F, r * F + F), i * F);
            by.set(ys.subarray(r * 2, r * 2 + 2), i * 2);
          }
          tf.tidy(() => {
            const tx = tf.tensor2d(bx, [bs, F]);
            const ty = tf.tensor2d(by, [bs, 2]);
            opt.minimize(() => {
              let h: tf.Tensor2D = tx;
              for (let l = 0; l < vars.w.length; l++) {
                h = tf.add(tf.matMul(h, vars.w[l] as tf.Variable), vars.b[l] as tf.Variable) as tf.Tensor2D;
                if (l + 1 < vars.w.length) h = tf.relu(h);
              }
              return tf.losses.meanSquaredError(ty, h) as tf.Scalar;
            });
          });
        }
      }
      const weights = readVariables(vars, sizes);
      const json: CostModelJson = {
        format: COSTMODEL_FORMAT,
        version: 1,
        classId: meta.classId,
        design: { ...meta.design },
        ...(meta.trainedOn ? { trainedOn: { ...meta.trainedOn } } : {}),
        features: [...COST_FEATURES],
        sizes,
        xMean,
        xStd,
        yMean,
        yStd,
        w: weights.w.map((m) => Array.from(m)),
        b: weights.b.map((v) => Array.from(v)),
      };
      return new CostModel(json, weights);
    } finally {
      disposeVariables(vars);
      opt.dispose();
    }
  }
}

/** The MACs-only baseline: log latency = a + b · log MACs, least squares. */
export function fitMacsBaseline(macs: ArrayLike<number>, target: ArrayLike<number>): (macs: number) => number {
  const n = macs.length;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const lx = Math.log(macs[i] as number);
    const lyv = Math.log(target[i] as number);
    sx += lx;
    sy += lyv;
    sxx += lx * lx;
    sxy += lx * lyv;
  }
  const b = (n * sxy - sx * sy) / (n * sxx - sx * sx || 1);
  const a = (sy - b * sx) / n;
  return (m) => Math.exp(a + b * Math.log(m));
}
