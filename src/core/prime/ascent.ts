import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../opt/rng';
import { randomPoint } from '../opt/space';
import type { DesignEncoder } from './features';
import { OUT_SCORE } from './mlp';
import type { TrainableModel } from './surrogate-model';

/** Logit given to a design's grid value when a chain starts from it (softmax ≈ 0.9 on it for ~8 values). */
const START_LOGIT = 4;

/**
 * PRIME's negatives as the released code mines them: gradient ascent on the model's score over a
 * continuous relaxation of the design encoding. Each parameter's one-hot block becomes a softmax
 * over learnt logits and its log value the softmax-weighted log value; the area feature is the
 * area of the chain's argmax design (area is analytical and piecewise constant on the grid). One
 * set of `perGroup` persistent chains per training workload, started from its best logged designs;
 * each round takes `steps` normalised gradient steps on the logits, and a step whose argmax design
 * leaves the area budget is undone for that chain. The negatives are the relaxed encodings
 * themselves (the points the model is optimistic at). Every tensor is freed per round.
 */
export class AscentMiner {
  readonly batch: Float32Array;
  readonly count: number;
  private readonly chains: { ctx: Float32Array; logits: Float32Array; n: number }[] = [];
  private readonly logValues: Float32Array[];
  private readonly oneHotWidth: number;

  constructor(
    private readonly enc: DesignEncoder,
    rng: Rng,
    private readonly areaBudgetMm2: number,
    groups: readonly { ctx: Float32Array; starts: readonly Int32Array[] }[],
    perGroup: number,
    private readonly rate: number,
  ) {
    const { sizes } = enc;
    this.oneHotWidth = sizes.reduce((s, v) => s + v, 0);
    this.logValues = logValuesOf(enc);
    for (const g of groups) {
      const logits = new Float32Array(perGroup * this.oneHotWidth);
      for (let c = 0; c < perGroup; c++) {
        let x = g.starts[c];
        for (let t = 0; !x && t < 1000; t++) {
          const y = randomPoint({ sizes }, rng);
          if (enc.area(y) <= areaBudgetMm2) x = y;
        }
        if (!x) throw new Error('no design inside the area budget to start gradient ascent from');
        let off = 0;
        sizes.forEach((s, d) => {
          logits[c * this.oneHotWidth + off + (x[d] as number)] = START_LOGIT;
          off += s;
        });
      }
      this.chains.push({ ctx: g.ctx, logits, n: perGroup });
    }
    this.count = groups.length * perGroup;
    this.batch = new Float32Array(this.count * enc.width);
  }

  private argmax(logits: Float32Array, row: number): Int32Array {
    const { sizes } = this.enc;
    const x = new Int32Array(sizes.length);
    let off = row * this.oneHotWidth;
    sizes.forEach((s, d) => {
      let best = 0;
      for (let i = 1; i < s; i++) if ((logits[off + i] as number) > (logits[off + best] as number)) best = i;
      x[d] = best;
      off += s;
    });
    return x;
  }

  /** The relaxed encoding of n chains: [n, enc.width] (call inside tf.tidy). */
  private relaxed(logits: tf.Tensor2D, area: Float32Array, ctx: Float32Array, n: number): tf.Tensor2D {
    const { sizes } = this.enc;
    let off = 0;
    const probs = sizes.map((s) => {
      const p = tf.softmax(logits.slice([0, off], [n, s]));
      off += s;
      return p;
    });
    const logv = probs.map((p, d) =>
      tf.matMul(p, tf.tensor2d(this.logValues[d] as Float32Array, [sizes[d] as number, 1])),
    );
    const parts: tf.Tensor2D[] = [...logv, ...probs, tf.tensor2d(area, [n, 1])] as tf.Tensor2D[];
    if (ctx.length > 0) parts.push(tf.tile(tf.tensor2d(ctx, [1, ctx.length]), [n, 1]));
    return tf.concat(parts, 1);
  }

  /** Takes `steps` ascent steps per chain on the model's current weights and refreshes `batch`. */
  mine(model: TrainableModel, steps: number): void {
    let row = 0;
    for (const ch of this.chains) {
      const { n } = ch;
      const areaOf = (logits: Float32Array) => {
        const a = new Float32Array(n);
        for (let c = 0; c < n; c++) a[c] = Math.log(this.enc.area(this.argmax(logits, c)) / this.areaBudgetMm2) / 2;
        return a;
      };
      for (let s = 0; s < steps; s++) {
        const area = areaOf(ch.logits);
        const next = tf.tidy(() => {
          const L = tf.tensor2d(ch.logits, [n, this.oneHotWidth]);
          const g = tf.grad((l: tf.Tensor) =>
            tf.sum(model.forwardTf(this.relaxed(l as tf.Tensor2D, area, ch.ctx, n)).slice([0, OUT_SCORE], [n, 1])),
          )(L);
          // Normalised per chain: a fixed step length whatever the score's scale.
          const norm = tf.add(tf.sqrt(tf.sum(tf.square(g), 1, true)), 1e-8);
          return tf.add(L, tf.mul(this.rate, tf.div(g, norm))).dataSync() as Float32Array;
        });
        for (let c = 0; c < n; c++) {
          if (this.enc.area(this.argmax(next, c)) > this.areaBudgetMm2) continue;
          ch.logits.set(next.subarray(c * this.oneHotWidth, (c + 1) * this.oneHotWidth), c * this.oneHotWidth);
        }
      }
      const area = areaOf(ch.logits);
      const enc = tf.tidy(() =>
        this.relaxed(tf.tensor2d(ch.logits, [n, this.oneHotWidth]), area, ch.ctx, n).dataSync(),
      ) as Float32Array;
      this.batch.set(enc, row * this.enc.width);
      row += n;
    }
  }
}

/** Each parameter's log-scaled value per grid index, as the encoder writes them. */
function logValuesOf(enc: DesignEncoder): Float32Array[] {
  const x = new Int32Array(enc.sizes.length);
  const buf = new Float32Array(enc.width);
  const ctx = new Float32Array(enc.contextDims);
  return enc.sizes.map((s, d) => {
    const out = new Float32Array(s);
    for (let i = 0; i < s; i++) {
      x.fill(0);
      x[d] = i;
      enc.encode(x, ctx, buf, 0);
      out[i] = buf[d] as number;
    }
    return out;
  });
}
