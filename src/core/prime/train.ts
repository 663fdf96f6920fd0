import * as tf from '@tensorflow/tfjs';
import type { Design, DesignTemplate } from '../arch/types';
import { deriveSeed, Rng } from '../opt/rng';
import { AscentMiner } from './ascent';
import type { PrimeDataset } from './dataset';
import { createEncoder, encodeRows } from './features';
import { NegativeMiner } from './mining';
import { type MlpWeights, OUT_FEASIBLE, OUT_SCORE } from './mlp';
import {
  createTrainable,
  predictSurrogate,
  type SurrogateKind,
  type SurrogateNet,
  TRANSFORMER_SMALL,
  type TransformerSize,
} from './surrogate-model';
import type { TransformerWeights } from './transformer';

/**
 * Conservative training (PRIME, Kumar et al., ICLR 2022, Eq. 3; REFERENCE.md §5). With scores
 * f = −standardised log latency (to maximise):
 *
 *   L(θ) = E_feasible[(f(x) − y)²]
 *        + α · (E_{x⁻ ~ Opt(f)}[f(x⁻)] − E_feasible[f(x)])     negatives mined by optimising f itself
 *        + β · (E_infeasible[f(x)]      − E_feasible[f(x)])     logged infeasible designs
 *        + γ · BCE(feasibility logit, feasible label)          auxiliary head (report, optional gate)
 *        + λ · Σ‖W‖²
 *
 * The data terms −E_feasible[f] keep the penalties relative, so they lower scores off the data
 * and on infeasible designs *relative* to the logged feasible designs instead of shifting all
 * scores. Every batch is half feasible, half infeasible (PRIME §4). Negatives come from
 * persistent evolutionary populations over the discrete grid, one per training workload context,
 * that climb the current model under the area budget (mining.ts: the discrete counterpart of
 * PRIME's gradient ascent on a relaxation, and the same kind of search that later uses the model),
 * or by that gradient ascent (`negativeSource: 'ascent'`, ascent.ts). The network is the MLP or PRIME's
 * Transformer (`surrogate`; surrogate-model.ts).
 */
export interface TrainConfig {
  /** The network: the MLP (`hidden`) or PRIME's Transformer (`transformer`); docs/prime.md §9.3 measures both. */
  surrogate: SurrogateKind;
  /** Hidden layer widths (MLP). */
  hidden: number[];
  /** Width, heads, layers and head experts of the Transformer (experts > 1: a mixture-of-experts head gated by the context). */
  transformer: TransformerSize;
  /**
   * Where the negatives x⁻ come from. 'evolution': persistent evolutionary populations on the
   * grid climbing the model (mining.ts; the paper's choice). 'ascent': gradient ascent on a
   * softmax relaxation of the encoding (ascent.ts; the released code's choice), step `ascentRate`.
   */
  negativeSource: 'evolution' | 'ascent';
  ascentRate: number;
  /**
   * Weight of a pairwise ranking loss on the batch's feasible rows (mean softplus(−(f_i − f_j))
   * over pairs with y_i > y_j), added to the MSE; 0 = MSE only.
   */
  rankWeight: number;
  steps: number;
  /** Logged rows per step (half feasible, half infeasible). */
  batchSize: number;
  learningRate: number;
  /** Weight of the mined-negative term (PRIME: ≈ 0.1 on a standardised target). */
  alpha: number;
  /** Weight of the logged-infeasible term (PRIME's linear form: ≈ 0.05; the default hinge form: 0.1). */
  beta: number;
  /**
   * Form of the infeasible term. 'linear': β·(E_infeasible[f] − E_feasible[f]), PRIME's Eq. 3
   * verbatim — unbounded, so with 70–90 % infeasible rows it keeps pushing them down and bends the
   * fit of the feasible designs next to them. 'hinge': β·E_infeasible[max(0, f − floor)²] with the
   * floor `infeasibleMargin` standard deviations below the worst logged feasible score — it lowers
   * every infeasible design below every feasible one and then stops.
   */
  infeasibleLoss: 'linear' | 'hinge';
  infeasibleMargin: number;
  /**
   * Conservatism target τ (COMs, Trabucco et al. 2021, §4): when finite, α is a Lagrange
   * multiplier adapted by dual ascent (α ← max(0, α + alphaRate·(gap − τ))) so that the mined
   * negatives' mean score stays at most τ above the data's; `alpha` is its initial value. When
   * infinite, α is fixed (PRIME's Eq. 3 as written).
   */
  conservatism: number;
  alphaRate: number;
  /**
   * What the mined negatives are compared with. 'batch': the batch's feasible rows (PRIME's
   * E_data[f]) — the negatives are the model's best designs, so the gap is always ≈ the spread of
   * the data and the term lowers the whole top region, best logged designs included. 'top': the
   * `negatives` best logged feasible designs of each training workload (where the mining
   * populations start, as COMs' ascent starts from data points) — the term then only removes
   * optimism *beyond* the best data, which is where an optimiser exploits a model.
   */
  negativeReference: 'batch' | 'top';
  /** Weight of the feasibility head's cross-entropy (0 = no feasibility head training). */
  gamma: number;
  /** L2 penalty on the weights. */
  weightDecay: number;
  /** Mining population per training workload. */
  minePopulation: number;
  /** Mined negatives per step, split evenly over the training workloads (at least 4 each). */
  negatives: number;
  /** Steps between mining rounds, and generations per round. */
  mineEvery: number;
  mineSteps: number;
  /** Report progress every this many steps. */
  progressEvery: number;
  seed: number;
}

export const TRAIN_DEFAULTS: TrainConfig = {
  // The MLP, MSE and evolution negatives: at 60 s of training the MLP ranked held-out designs and
  // found designs as well as or better than the Transformer (docs/prime.md §9.3).
  surrogate: 'mlp',
  hidden: [64, 64],
  transformer: TRANSFORMER_SMALL,
  negativeSource: 'evolution',
  ascentRate: 0.5,
  rankWeight: 0,
  steps: 600,
  batchSize: 128,
  learningRate: 2e-3,
  alpha: 0.1,
  // The hinge form by default: in `npm run bench:prime` it kept every proposal feasible and had the
  // better median on 3 of the 5 problems (docs/prime.md §8); 'linear' with β = 0.05 is Eq. 3 verbatim.
  // β = 0.1, not 1: in the paper's protocol (docs/prime.md §10.4, 3 applications × 3 seeds, logs
  // whole and with their best 25 % taken out) β = 1 bent the fit next to the feasibility boundary
  // where the best designs are; 0.1 was 6 % better on geomean over the six cells, as good as β = 0,
  // and kept all 16 proposals feasible.
  beta: 0.1,
  infeasibleLoss: 'hinge',
  infeasibleMargin: 1,
  conservatism: Number.POSITIVE_INFINITY,
  alphaRate: 0.01,
  negativeReference: 'batch',
  gamma: 0.5,
  weightDecay: 1e-4,
  minePopulation: 64,
  negatives: 32,
  mineEvery: 5,
  mineSteps: 2,
  progressEvery: 25,
  seed: 1,
};

/** A trained surrogate: plain data (posts between threads; no tensors). */
export interface Surrogate extends SurrogateNet {
  templateId: string;
  areaBudgetMm2: number;
  contextDims: number;
  /** The MLP's weights (config.surrogate 'mlp'). */
  weights?: MlpWeights;
  /** The Transformer's weights (config.surrogate 'transformer'). */
  transformer?: TransformerWeights;
  /** Score = −(ln latencyMs − yMean) / yStd. */
  yMean: number;
  yStd: number;
  /** Workloads whose data trained the model. */
  trainedOn: string[];
  config: TrainConfig;
}

export interface TrainProgress {
  step: number;
  steps: number;
  loss: number;
  /** MSE on the step's feasible rows (standardised units). */
  mse: number;
  /** Mean score of mined negatives minus mean score of the batch's feasible data (PRIME drives it down). */
  negativeGap: number;
  /** Mean score of infeasible rows minus that of feasible data. */
  infeasibleGap: number;
  /** Weight of the mined-negative term at this step (changes only with a finite conservatism τ). */
  alpha: number;
  /** MSE on validation feasible rows, when a validation set is given. */
  validationMse?: number;
}

export interface TrainInput {
  template: DesignTemplate;
  base?: Design;
  data: PrimeDataset;
  /** Context vector of every workload of `data` (by id). */
  contexts: Readonly<Record<string, Float32Array>>;
  /** Columns of `data` to train on (default: all). */
  workloads?: readonly string[];
  validation?: PrimeDataset;
  config?: Partial<TrainConfig>;
}

export interface TrainHooks {
  onProgress?: (p: TrainProgress) => void | Promise<void>;
  /** Awaited every `progressEvery` steps so a worker can receive messages (pass a macrotask yield there). */
  yieldNow?: () => Promise<void>;
  /** Checked every step; training stops early (returning the model so far) when true. */
  shouldStop?: () => boolean;
}

export { encodeRows } from './features';

/** Trains a surrogate on logged data. Every tensor it creates is disposed before it returns. */
export async function trainSurrogate(input: TrainInput, hooks: TrainHooks = {}): Promise<Surrogate> {
  const cfg = { ...TRAIN_DEFAULTS, ...input.config };
  const { template, data } = input;
  const workloads = input.workloads ?? data.workloads;
  const contextDims = (input.contexts[workloads[0] as string] as Float32Array | undefined)?.length ?? 0;
  const enc = createEncoder(template, data.areaBudgetMm2, contextDims, input.base);
  const rows = encodeRows(enc, data, input.contexts, workloads);
  if (rows.feasible.n === 0) throw new Error('no feasible logged designs to learn from');
  const val = input.validation
    ? encodeRows(enc, input.validation, input.contexts, workloads, rows).feasible
    : undefined;
  const width = enc.width;
  let yMin = Number.POSITIVE_INFINITY;
  for (let i = 0; i < rows.feasible.n; i++) yMin = Math.min(yMin, rows.feasible.y[i] as number);
  const floor = yMin - cfg.infeasibleMargin;
  let alpha = cfg.alpha;
  const rng = new Rng(deriveSeed(cfg.seed, 0x7072696d));
  const model = createTrainable(cfg.surrogate, {
    inputWidth: width,
    hidden: cfg.hidden,
    sizes: enc.sizes,
    contextDims,
    transformer: { ...TRANSFORMER_SMALL, ...cfg.transformer },
    seed: deriveSeed(cfg.seed, 0x696e6974),
  });
  let net: SurrogateNet = {};
  const optimizer = tf.train.adam(cfg.learningRate);

  // Negative mining (see mining.ts): one population per training workload, started from the
  // logged designs inside the area budget that are feasible there (COMs/PRIME start the inner
  // optimiser from the data), best first.
  const W = data.workloads.length;
  const useNegatives = cfg.alpha !== 0;
  let miner: NegativeMiner | AscentMiner | undefined;
  /** Encoded best logged designs (negativeReference 'top'), appended to every batch. */
  let topRows: Float32Array | undefined;
  if (useNegatives) {
    const groups = workloads.map((id) => {
      const c = data.workloads.indexOf(id);
      const rowsOk: number[] = [];
      for (let i = 0; i < data.n; i++) if (data.feasible[i * W + c]) rowsOk.push(i);
      rowsOk.sort((a, b) => (data.latencyMs[a * W + c] as number) - (data.latencyMs[b * W + c] as number));
      return {
        ctx: input.contexts[id] as Float32Array,
        starts: rowsOk.map((i) => data.codes.subarray(i * data.dims, (i + 1) * data.dims)),
      };
    });
    const perGroup = Math.max(4, Math.floor(cfg.negatives / groups.length));
    miner =
      cfg.negativeSource === 'ascent'
        ? new AscentMiner(enc, rng, data.areaBudgetMm2, groups, perGroup, cfg.ascentRate)
        : new NegativeMiner(enc, rng, data.areaBudgetMm2, groups, cfg.minePopulation, perGroup);
    if (cfg.negativeReference === 'top') {
      const tops = groups.flatMap((g) => g.starts.slice(0, perGroup).map((x) => ({ x, ctx: g.ctx })));
      topRows = new Float32Array(tops.length * enc.width);
      tops.forEach((t, r) => {
        enc.encode(t.x, t.ctx, topRows as Float32Array, r * enc.width);
      });
    }
  }
  const mine = () => {
    if (miner instanceof AscentMiner) miner.mine(model, cfg.mineSteps);
    else if (miner) {
      const snap = model.snapshot();
      miner.mine((x, n) => predictSurrogate(snap, x, n), cfg.mineSteps);
    }
  };

  const nFb = rows.infeasible.n > 0 ? cfg.batchSize >> 1 : cfg.batchSize;
  const nIb = rows.infeasible.n > 0 ? cfg.batchSize - nFb : 0;
  const nN = miner?.count ?? 0;
  const nT = topRows ? topRows.length / width : 0;
  const B = nFb + nIb + nN + nT;
  const xb = new Float32Array(B * width);
  const yb = new Float32Array(nFb);
  const lb = new Float32Array(nFb + nIb);
  lb.fill(1, 0, nFb);

  const lossParts = (x: tf.Tensor2D, y: tf.Tensor1D, labels: tf.Tensor1D, a: number) => {
    const out = model.forwardTf(x);
    const s = out.slice([0, OUT_SCORE], [B, 1]).reshape([B]) as tf.Tensor1D;
    const sF = s.slice(0, nFb);
    const mse = tf.mean(tf.square(tf.sub(sF, y)));
    const dataMean = tf.mean(sF);
    const negRef = nT > 0 ? tf.mean(s.slice(nFb + nIb + nN, nT)) : dataMean;
    const negGap = nN > 0 ? tf.sub(tf.mean(s.slice(nFb + nIb, nN)), negRef) : tf.scalar(0);
    const infGap = nIb > 0 ? tf.sub(tf.mean(s.slice(nFb, nIb)), dataMean) : tf.scalar(0);
    const infTerm =
      nIb > 0 && cfg.infeasibleLoss === 'hinge'
        ? tf.mean(tf.square(tf.relu(tf.sub(s.slice(nFb, nIb), floor))))
        : infGap;
    let loss = tf.add(mse, tf.add(tf.mul(a, negGap), tf.mul(cfg.beta, infTerm)));
    if (cfg.rankWeight > 0 && nFb > 1) {
      // Pairwise logistic ranking over the feasible rows: pairs (i, j) with y_i > y_j.
      const diff = tf.sub(sF.reshape([nFb, 1]), sF.reshape([1, nFb]));
      const order = tf.cast(tf.greater(y.reshape([nFb, 1]), y.reshape([1, nFb])), 'float32');
      const rank = tf.div(tf.sum(tf.mul(order, tf.softplus(tf.neg(diff)))), tf.maximum(tf.sum(order), 1));
      loss = tf.add(loss, tf.mul(cfg.rankWeight, rank));
    }
    if (cfg.gamma > 0) {
      const logit = out.slice([0, OUT_FEASIBLE], [nFb + nIb, 1]).reshape([nFb + nIb]);
      loss = tf.add(loss, tf.mul(cfg.gamma, tf.losses.sigmoidCrossEntropy(labels, logit)));
    }
    if (cfg.weightDecay > 0)
      for (const w of model.decay) loss = tf.add(loss, tf.mul(cfg.weightDecay, tf.sum(tf.square(w))));
    return { loss: loss as tf.Scalar, mse, negGap, infGap };
  };

  try {
    for (let step = 1; step <= cfg.steps; step++) {
      if (hooks.shouldStop?.()) break;
      if (useNegatives && (step === 1 || step % cfg.mineEvery === 0)) mine();
      for (let r = 0; r < nFb; r++) {
        const i = rng.int(rows.feasible.n);
        xb.set(rows.feasible.x.subarray(i * width, (i + 1) * width), r * width);
        yb[r] = rows.feasible.y[i] as number;
      }
      for (let r = 0; r < nIb; r++) {
        const i = rng.int(rows.infeasible.n);
        xb.set(rows.infeasible.x.subarray(i * width, (i + 1) * width), (nFb + r) * width);
      }
      if (miner && nN > 0) xb.set(miner.batch, (nFb + nIb) * width);
      if (topRows && step === 1) xb.set(topRows, (nFb + nIb + nN) * width);
      const report = step % cfg.progressEvery === 0 || step === cfg.steps;
      const parts = tf.tidy(() => {
        const x = tf.tensor2d(xb, [B, width]);
        const y = tf.tensor1d(yb);
        const labels = tf.tensor1d(lb);
        const cost = optimizer.minimize(() => lossParts(x, y, labels, alpha).loss, true, model.trainable);
        const adapt = Number.isFinite(cfg.conservatism) && nN > 0;
        if (!report && !adapt) return undefined;
        const p = lossParts(x, y, labels, alpha);
        if (adapt) alpha = Math.max(0, alpha + cfg.alphaRate * ((p.negGap.dataSync()[0] as number) - cfg.conservatism));
        if (!report) return undefined;
        return [
          cost?.dataSync()[0] ?? Number.NaN,
          p.mse.dataSync()[0],
          p.negGap.dataSync()[0],
          p.infGap.dataSync()[0],
        ] as number[];
      });
      if (parts) {
        const p: TrainProgress = {
          step,
          steps: cfg.steps,
          loss: parts[0] as number,
          mse: parts[1] as number,
          negativeGap: parts[2] as number,
          infeasibleGap: parts[3] as number,
          alpha,
        };
        if (val && val.n > 0) {
          const out = predictSurrogate(model.snapshot(), val.x, val.n);
          let se = 0;
          for (let r = 0; r < val.n; r++) se += ((out[r * 2] as number) - (val.y[r] as number)) ** 2;
          p.validationMse = se / val.n;
        }
        await hooks.onProgress?.(p);
        await hooks.yieldNow?.();
      }
    }
    net = model.snapshot();
  } finally {
    model.dispose();
    optimizer.dispose();
  }
  return {
    templateId: template.id,
    areaBudgetMm2: data.areaBudgetMm2,
    contextDims,
    ...net,
    yMean: rows.yMean,
    yStd: rows.yStd,
    trainedOn: [...workloads],
    config: cfg,
  };
}

/** Latency (ms) a score stands for. */
export function latencyOfScore(s: Surrogate, score: number): number {
  return Math.exp(s.yMean - score * s.yStd);
}
