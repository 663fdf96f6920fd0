import type { Rng } from '../opt/rng';
import { crossoverPoints, mutatePoint, randomPoint } from '../opt/space';
import { designKey } from './dataset';
import type { DesignEncoder } from './features';
import { OUT_SCORE } from './mlp';
import type { Predict } from './surrogate-model';

/**
 * Mines PRIME's negatives x⁻ ~ Opt(f_θ): designs the current model rates highest, found the way
 * the offline search will later look for them. One persistent (μ + λ) population per training
 * workload context climbs the model under the area budget (tournament, crossover, the engine's
 * ordinal mutation); after each gradient step lowers the model at the population's best
 * designs, the next round re-scores and moves on — so the penalty follows the optimiser to every
 * region where the model is over-optimistic, instead of only where a few chains happened to walk.
 */
export class NegativeMiner {
  private readonly pops: { ctx: Float32Array; xs: Int32Array[]; scores: Float32Array }[] = [];
  /** Encoded negatives of the last round, row-major (negatives × encoder width). */
  readonly batch: Float32Array;
  readonly count: number;

  constructor(
    private readonly enc: DesignEncoder,
    private readonly rng: Rng,
    private readonly areaBudgetMm2: number,
    groups: readonly { ctx: Float32Array; starts: readonly Int32Array[] }[],
    private readonly size: number,
    private readonly perGroup: number,
  ) {
    const space = { sizes: enc.sizes };
    for (const g of groups) {
      const xs: Int32Array[] = [];
      const keys = new Set<number>();
      const add = (x: Int32Array) => {
        const k = designKey(enc.sizes, x);
        if (!keys.has(k) && enc.area(x) <= areaBudgetMm2) {
          keys.add(k);
          xs.push(x);
        }
      };
      for (const x of g.starts) if (xs.length < size >> 1) add(Int32Array.from(x));
      for (let t = 0; xs.length < size && t < size * 200; t++) add(randomPoint(space, rng));
      this.pops.push({ ctx: g.ctx, xs, scores: new Float32Array(xs.length) });
    }
    this.count = this.pops.reduce((s, p) => s + Math.min(perGroup, p.xs.length), 0);
    this.batch = new Float32Array(this.count * enc.width);
  }

  private score(xs: readonly Int32Array[], ctx: Float32Array, w: Predict): Float32Array {
    const buf = new Float32Array(xs.length * this.enc.width);
    for (let r = 0; r < xs.length; r++) this.enc.encode(xs[r] as Int32Array, ctx, buf, r * this.enc.width);
    const out = w(buf, xs.length);
    const s = new Float32Array(xs.length);
    for (let r = 0; r < xs.length; r++) s[r] = out[r * 2 + OUT_SCORE] as number;
    return s;
  }

  /** Re-scores every population under the model `w` (plain-JS forward), runs `generations` steps, and refreshes `batch` with each group's best. */
  mine(w: Predict, generations: number): void {
    const space = { sizes: this.enc.sizes };
    const { rng } = this;
    let row = 0;
    for (const p of this.pops) {
      const s0 = this.score(p.xs, p.ctx, w);
      const order = p.xs.map((_, i) => i).sort((a, b) => (s0[b] as number) - (s0[a] as number));
      p.xs = order.map((i) => p.xs[i] as Int32Array);
      p.scores = Float32Array.from(order.map((i) => s0[i] as number));
      for (let g = 0; g < generations; g++) {
        const pick = (): number => {
          let best = rng.int(p.xs.length);
          for (let i = 1; i < 4; i++) {
            const j = rng.int(p.xs.length);
            if ((p.scores[j] as number) > (p.scores[best] as number)) best = j;
          }
          return best;
        };
        const keys = new Set(p.xs.map((x) => designKey(space.sizes, x)));
        const kids: Int32Array[] = [];
        for (let c = 0; c < p.xs.length; c++) {
          for (let t = 0; t < 8; t++) {
            const a = p.xs[pick()] as Int32Array;
            const base = rng.chance(0.3) ? crossoverPoints(a, p.xs[pick()] as Int32Array, rng) : a;
            const y = mutatePoint(space, base, rng);
            const k = designKey(space.sizes, y);
            if (!keys.has(k) && this.enc.area(y) <= this.areaBudgetMm2) {
              keys.add(k);
              kids.push(y);
              break;
            }
          }
        }
        const ks = this.score(kids, p.ctx, w);
        const all = [
          ...p.xs.map((x, i) => ({ x, s: p.scores[i] as number })),
          ...kids.map((x, i) => ({ x, s: ks[i] as number })),
        ];
        all.sort((a, b) => b.s - a.s);
        const keep = all.slice(0, this.size);
        p.xs = keep.map((e) => e.x);
        p.scores = Float32Array.from(keep.map((e) => e.s));
      }
      const n = Math.min(this.perGroup, p.xs.length);
      for (let i = 0; i < n; i++) this.enc.encode(p.xs[i] as Int32Array, p.ctx, this.batch, (row + i) * this.enc.width);
      row += n;
    }
  }
}
