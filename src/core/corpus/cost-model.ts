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

/** Rows the plain-JS forward pass takes at once: four accumulators share each weight load. */
const BLOCK = 4;

export class CostModel {
  /** Per layer, the weights transposed to [out][in] in float64, so each output is a dot product held in registers. */
  private readonly wt: Float64Array[];
  private readonly bias: Float64Array[];
  private readonly width: number;
  private act = new Float64Array(0);
  private next = new Float64Array(0);

  private constructor(
    private readonly m: CostModelJson,
    private readonly weights: MlpWeights,
  ) {
    const { sizes, w, b } = weights;
    this.width = Math.max(...sizes);
    this.wt = w.map((W, l) => {
      const fi = sizes[l] as number;
      const fo = sizes[l + 1] as number;
      const t = new Float64Array(fi * fo);
      for (let i = 0; i < fi; i++) for (let o = 0; o < fo; o++) t[o * fi + i] = W[i * fo + o] as number;
      return t;
    });
    this.bias = b.map((v) => Float64Array.from(v));
  }

  get classId(): string {
    return this.m.classId;
  }

  /**
   * Predicts n networks from their feature rows (row-major n × COST_FEATURE_COUNT): the MLP's
   * dense forward pass in plain JavaScript, four rows at a time (the tfjs model's function in
   * float64; it agrees with tfjs's float32 forward to ~1e-6, cost-model.test.ts). A tfjs call
   * costs more than this whole pass for one network, and this runs in any thread without a backend.
   */
  predict(x: Float32Array, n: number): Prediction {
    const sizes = this.weights.sizes;
    const F = sizes[0] as number;
    const W = this.width;
    if (this.act.length < BLOCK * W) {
      this.act = new Float64Array(BLOCK * W);
      this.next = new Float64Array(BLOCK * W);
    }
    const lat = new Float64Array(n);
    const en = new Float64Array(n);
    const { xMean, xStd, yMean, yStd } = this.m;
    for (let r0 = 0; r0 < n; r0 += BLOCK) {
      const rows = Math.min(BLOCK, n - r0);
      let a = this.act;
      let z = this.next;
      a.fill(0);
      for (let r = 0; r < rows; r++)
        for (let j = 0; j < F; j++)
          a[r * W + j] = ((x[(r0 + r) * F + j] as number) - (xMean[j] as number)) / (xStd[j] as number);
      for (let l = 0; l + 1 < sizes.length; l++) {
        const fi = sizes[l] as number;
        const fo = sizes[l + 1] as number;
        const T = this.wt[l] as Float64Array;
        const B = this.bias[l] as Float64Array;
        const relu = l + 2 < sizes.length;
        // Two outputs × four rows at a time: eight sums in registers, six loads per eight multiply-adds.
        let o = 0;
        for (; o + 1 < fo; o += 2) {
          const b0 = B[o] as number;
          const b1 = B[o + 1] as number;
          let s00 = b0;
          let s01 = b0;
          let s02 = b0;
          let s03 = b0;
          let s10 = b1;
          let s11 = b1;
          let s12 = b1;
          let s13 = b1;
          const r0 = o * fi;
          const r1 = r0 + fi;
          for (let i = 0; i < fi; i++) {
            const w0 = T[r0 + i] as number;
            const w1 = T[r1 + i] as number;
            const a0 = a[i] as number;
            const a1 = a[W + i] as number;
            const a2 = a[2 * W + i] as number;
            const a3 = a[3 * W + i] as number;
            s00 += a0 * w0;
            s01 += a1 * w0;
            s02 += a2 * w0;
            s03 += a3 * w0;
            s10 += a0 * w1;
            s11 += a1 * w1;
            s12 += a2 * w1;
            s13 += a3 * w1;
          }
          z[o] = relu && s00 < 0 ? 0 : s00;
          z[W + o] = relu && s01 < 0 ? 0 : s01;
          z[2 * W + o] = relu && s02 < 0 ? 0 : s02;
          z[3 * W + o] = relu && s03 < 0 ? 0 : s03;
          z[o + 1] = relu && s10 < 0 ? 0 : s10;
          z[W + o + 1] = relu && s11 < 0 ? 0 : s11;
          z[2 * W + o + 1] = relu && s12 < 0 ? 0 : s12;
          z[3 * W + o + 1] = relu && s13 < 0 ? 0 : s13;
        }
        for (; o < fo; o++) {
          const bo = B[o] as number;
          let s0 = bo;
          let s1 = bo;
          let s2 = bo;
          let s3 = bo;
          const row = o * fi;
          for (let i = 0; i < fi; i++) {
            const w = T[row + i] as number;
            s0 += (a[i] as number) * w;
            s1 += (a[W + i] as number) * w;
            s2 += (a[2 * W + i] as number) * w;
            s3 += (a[3 * W + i] as number) * w;
          }
          z[o] = relu && s0 < 0 ? 0 : s0;
          z[W + o] = relu && s1 < 0 ? 0 : s1;
          z[2 * W + o] = relu && s2 < 0 ? 0 : s2;
          z[3 * W + o] = relu && s3 < 0 ? 0 : s3;
        }
        [a, z] = [z, a];
      }
      for (let r = 0; r < rows; r++) {
        const anchor = (r0 + r) * F + F - 2;
        lat[r0 + r] = Math.exp((a[r * W] as number) * yStd[0] + yMean[0] + (x[anchor] as number));
        en[r0 + r] = Math.exp((a[r * W + 1] as number) * yStd[1] + yMean[1] + (x[anchor + 1] as number));
      }
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
