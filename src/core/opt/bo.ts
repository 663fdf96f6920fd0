import { fitGp, type GpHyper, type GpModel, gpKernel, predictGp } from './gp';
import { logEiKernel, logNormCdf } from './normal';
import {
  type BoSettings,
  compareConstrained,
  type Observation,
  type Optimizer,
  type OptimizerContext,
  scalarObjective,
} from './optimizer';
import type { Rng } from './rng';
import { DEFAULT_MUTATION, type DiscreteSpace, mutatePoint, normalisePoint, PointSet, randomPoint } from './space';

export const BO_DEFAULTS: BoSettings = {
  initial: 16,
  candidates: 1000,
  incumbents: 8,
  maxPoints: 300,
  refitGrowth: 1.25,
  xi: 0.01,
  transferWeight: 1,
  mutation: DEFAULT_MUTATION,
};

/**
 * Extra variance in the probit link of the feasibility model: PoF = Φ(μ / √(σ² + s²)). The
 * classifier is a GP regression on ±1 labels (a cheap stand-in for GP classification); s keeps a
 * design next to one infeasible observation from being ruled out entirely.
 */
const FEASIBILITY_LINK_VARIANCE = 0.1;

interface Told {
  x: Int32Array;
  xn: Float64Array;
  /** Scalar objective (finite or +Infinity). */
  y: number;
  feasible: boolean;
  violation: number;
}

/** A fitted surrogate with the data transform needed to use it. */
interface Surrogate {
  model: GpModel;
  /** Mean and scale of the (log-)objective used to standardise; labels use 0 and 1. */
  mean: number;
  scale: number;
  log: boolean;
}

/** A GP with hyperparameters re-searched only when the data has grown (fits are O(n³)). */
class RefittingGp {
  private hyper: GpHyper | undefined;
  private searchedAt = 0;
  constructor(private readonly growth: number) {}
  fit(X: Float64Array, r: Float64Array, n: number, d: number, toldCount: number): GpModel | null {
    const search = !this.hyper || toldCount >= this.searchedAt * this.growth;
    const m = fitGp(X, r, n, d, search ? {} : { fixed: this.hyper });
    if (m && search) {
      this.hyper = m.hyper;
      this.searchedAt = toldCount;
    }
    return m;
  }
}

function packInputs(pts: readonly { xn: Float64Array }[], d: number): Float64Array {
  const X = new Float64Array(pts.length * d);
  pts.forEach((p, i) => X.set(p.xn, i * d));
  return X;
}

/** At most `cap` points: the best half by `score`, then a random sample of the rest (deterministic via rng). */
function subsample<T>(pts: T[], cap: number, score: (p: T) => number, rng: Rng): T[] {
  if (pts.length <= cap) return pts;
  const order = pts.map((_, i) => i).sort((a, b) => score(pts[a] as T) - score(pts[b] as T) || a - b);
  const keep = order.slice(0, cap >> 1);
  const rest = order.slice(cap >> 1);
  for (const j of rng.sample(rest.length, cap - keep.length)) keep.push(rest[j] as number);
  keep.sort((a, b) => a - b);
  return keep.map((i) => pts[i] as T);
}

/**
 * Standardised objective values: log-transformed when allowed and all values are positive
 * (latency and energy span decades across a design space; their logs are much closer to a
 * stationary GP), then centred and scaled to unit variance.
 */
function standardise(pts: readonly Told[], allowLog: boolean): { ys: Float64Array; mean: number; scale: number; log: boolean } {
  const n = pts.length;
  const log = allowLog && pts.every((p) => p.y > 0);
  const t = Float64Array.from(pts, (p) => (log ? Math.log(p.y) : p.y));
  let mean = 0;
  for (const v of t) mean += v;
  mean /= Math.max(n, 1);
  let v2 = 0;
  for (const v of t) v2 += (v - mean) ** 2;
  const scale = Math.sqrt(v2 / Math.max(n, 1)) || 1;
  return { ys: t.map((v) => (v - mean) / scale), mean, scale, log };
}

/** Objective surrogate on finite observations; `prior` gives the prior mean at the inputs. */
function fitObjective(
  pts: Told[],
  d: number,
  allowLog: boolean,
  gp: RefittingGp,
  toldCount: number,
  prior?: (X: Float64Array, n: number, ys: Float64Array) => Float64Array,
) {
  const n = pts.length;
  if (n < 2) return null;
  const { ys, mean, scale, log } = standardise(pts, allowLog);
  const X = packInputs(pts, d);
  const pm = prior ? prior(X, n, ys) : new Float64Array(n);
  const r = ys.map((v, i) => v - (pm[i] as number));
  const model = gp.fit(X, r, n, d, toldCount);
  return model ? { sur: { model, mean, scale, log } as Surrogate, ys } : null;
}

/**
 * Least-squares affine map a·s + b of a source prediction s onto target values t, with a ≥ 0 so
 * that a transferred prior can be down-weighted but never inverted. Falls back to (1, 0) with
 * fewer than 3 points.
 */
function affineFit(s: Float64Array, t: Float64Array): [number, number] {
  const n = s.length;
  if (n < 3) return [1, 0];
  let ms = 0;
  let mt = 0;
  for (let i = 0; i < n; i++) {
    ms += s[i] as number;
    mt += t[i] as number;
  }
  ms /= n;
  mt /= n;
  let sst = 0;
  let sss = 0;
  for (let i = 0; i < n; i++) {
    sss += ((s[i] as number) - ms) ** 2;
    sst += ((s[i] as number) - ms) * ((t[i] as number) - mt);
  }
  const a = sss > 1e-12 ? Math.max(0, sst / sss) : 0;
  return [a, mt - a * ms];
}

/** Source-study surrogates for transfer: their posterior means become this study's prior means. */
function sourceModels(ctx: OptimizerContext, s: BoSettings, rng: Rng) {
  const pts = ctx.warmStart?.points;
  if (!pts || pts.length < 3 || s.transferWeight <= 0) return null;
  const d = ctx.space.sizes.length;
  const told: Told[] = pts.map((p) => {
    const xn = new Float64Array(d);
    normalisePoint(ctx.space, p.x, xn);
    return { x: p.x, xn, y: Number.isFinite(p.y) ? p.y : Number.POSITIVE_INFINITY, feasible: p.feasible, violation: 0 };
  });
  const finite = subsample(
    told.filter((p) => Number.isFinite(p.y)),
    s.maxPoints,
    (p) => p.y,
    rng,
  );
  const obj = fitObjective(finite, d, ctx.objectives === 1, new RefittingGp(Number.POSITIVE_INFINITY), finite.length);
  const labelled = subsample(told, s.maxPoints, (p) => (p.feasible ? 0 : 1), rng);
  const feasModel = fitGp(
    packInputs(labelled, d),
    Float64Array.from(labelled, (p) => (p.feasible ? 1 : -1)),
    labelled.length,
    d,
  );
  const meanAt = (m: GpModel | null | undefined) => (X: Float64Array, n: number) =>
    m ? predictGp(m, X, n).mean.map((v) => v * s.transferWeight) : new Float64Array(n);
  return { objective: meanAt(obj?.sur.model), feasibility: meanAt(feasModel) };
}

function candidatePool(space: DiscreteSpace, s: BoSettings, rng: Rng, told: Told[], seen: PointSet): Int32Array[] {
  const out: Int32Array[] = [];
  const inPool = new PointSet(space);
  const push = (x: Int32Array) => {
    if (seen.has(x) || inPool.has(x)) return;
    inPool.add(x);
    out.push(x);
  };
  const incumbents = [...told].sort((a, b) => compareConstrained(a, b)).slice(0, s.incumbents);
  const half = s.candidates >> 1;
  for (let i = 0; i < s.candidates * 2 && out.length < half && incumbents.length > 0; i++) {
    push(mutatePoint(space, (incumbents[i % incumbents.length] as Told).x, rng, s.mutation));
  }
  for (let i = 0; i < s.candidates * 2 && out.length < s.candidates; i++) push(randomPoint(space, rng));
  return out;
}

/**
 * Bayesian optimisation for constrained black boxes (Gelbart, Snoek & Adams, UAI 2014): a GP on
 * the (log-)objective of every design with a finite value and a second GP on ±1 feasibility
 * labels; each proposal maximises log EI + log PoF (LogEI, Ament et al. 2023) over a candidate pool
 * of random designs and mutations of the incumbents. Until a feasible design is seen it maximises
 * PoF alone. Batches use the kriging believer (Ginsbourger et al. 2010): each pick, and each design
 * asked but not yet told, is believed at its posterior mean, which leaves the mean unchanged and
 * shrinks the variance of nearby candidates by a rank-one update, so the batch spreads out.
 * Transfer: the warm study's GP means are this study's prior means (Golovin et al., Vizier,
 * KDD 2017, §3.3 stacked residual GPs), scaled by a least-squares a ≥ 0 so a misleading source
 * fades out; its best designs seed the initial design.
 */
export function createBo(ctx: OptimizerContext, settings: Partial<BoSettings> = {}): Optimizer {
  const s = { ...BO_DEFAULTS, ...settings };
  const { space, rng } = ctx;
  const d = space.sizes.length;
  const seen = new PointSet(space);
  const told: Told[] = [];
  const pending = new Map<number | string, Int32Array>();
  let asked = 0;
  const objGp = new RefittingGp(s.refitGrowth);
  const feasGp = new RefittingGp(s.refitGrowth);
  const source = sourceModels(ctx, s, rng);

  const warmQueue: Int32Array[] = [];
  if (ctx.warmStart) {
    const ranked = [...ctx.warmStart.points].sort((a, b) => compareConstrained({ ...a, violation: 0 }, { ...b, violation: 0 }));
    const queued = new PointSet(space);
    for (const p of ranked) {
      if (warmQueue.length >= Math.ceil(s.initial / 2)) break;
      if (!queued.has(p.x)) {
        queued.add(p.x);
        warmQueue.push(Int32Array.from(p.x));
      }
    }
  }

  const initialPoint = (): Int32Array => {
    for (;;) {
      const x = warmQueue.shift();
      if (!x) break;
      if (!seen.has(x)) return x;
    }
    for (let t = 0; t < 64; t++) {
      const x = randomPoint(space, rng);
      if (!seen.has(x)) return x;
    }
    return randomPoint(space, rng);
  };

  const propose = (n: number): Int32Array[] => {
    const finite = subsample(
      told.filter((p) => Number.isFinite(p.y)),
      s.maxPoints,
      (p) => p.y,
      rng,
    );
    const anyFeasible = told.some((p) => p.feasible);
    const cands = candidatePool(space, s, rng, told, seen);
    const pend = [...pending.values()];
    const all = [...cands, ...pend];
    const m = all.length;
    if (cands.length === 0) return Array.from({ length: n }, () => randomPoint(space, rng));
    const Xc = new Float64Array(m * d);
    all.forEach((x, i) => normalisePoint(space, x, Xc, i * d));

    // Objective model; with transfer, the source mean mapped by a·μ_s + b (fitted on this study's
    // data) is the prior mean.
    let priorFit: [number, number] = [0, 0];
    const objPrior = source?.objective;
    const objective = fitObjective(
      finite,
      d,
      ctx.objectives === 1,
      objGp,
      told.length,
      objPrior
        ? (X, k, ys) => {
            const sm = objPrior(X, k);
            priorFit = affineFit(sm, ys);
            return affine(sm, priorFit);
          }
        : undefined,
    );

    // Feasibility model on ±1 labels (skipped while every design so far was feasible).
    const logPof = new Float64Array(m);
    if (told.some((p) => !p.feasible)) {
      const lab = subsample(told, s.maxPoints, (p) => (p.feasible ? 0 : 1), rng);
      const labels = Float64Array.from(lab, (p) => (p.feasible ? 1 : -1));
      const Xl = packInputs(lab, d);
      let fPrior: [number, number] = [0, 0];
      if (source) fPrior = affineFit(source.feasibility(Xl, lab.length), labels);
      const pl = source ? affine(source.feasibility(Xl, lab.length), fPrior) : new Float64Array(lab.length);
      const fm = feasGp.fit(
        Xl,
        labels.map((v, i) => v - (pl[i] as number)),
        lab.length,
        d,
        told.length,
      );
      if (fm) {
        const pr = predictGp(fm, Xc, m);
        const pc = source ? affine(source.feasibility(Xc, m), fPrior) : new Float64Array(m);
        for (let i = 0; i < m; i++) {
          const mu = (pr.mean[i] as number) + (pc[i] as number);
          logPof[i] = logNormCdf(mu / Math.sqrt((pr.variance[i] as number) + FEASIBILITY_LINK_VARIANCE));
        }
      }
    }

    const picks: Int32Array[] = [];
    const taken = new Uint8Array(m);
    for (let i = cands.length; i < m; i++) taken[i] = 1;
    if (!objective || !anyFeasible) {
      // Nothing to improve on yet: most-probably-feasible candidates, spread by a random tie-break.
      const order = cands.map((_, i) => i).sort((a, b) => (logPof[b] as number) - (logPof[a] as number) || a - b);
      for (let i = 0; i < n; i++) picks.push(cands[order[i % order.length] as number] as Int32Array);
      return picks;
    }
    const { model } = objective.sur;
    const pr = predictGp(model, Xc, m);
    const mu = pr.mean;
    if (objPrior) {
      const pc = affine(objPrior(Xc, m), priorFit);
      for (let i = 0; i < m; i++) mu[i] = (mu[i] as number) + (pc[i] as number);
    }
    const variance = pr.variance;
    let best = Number.POSITIVE_INFINITY;
    finite.forEach((p, i) => {
      if (p.feasible) best = Math.min(best, objective.ys[i] as number);
    });
    if (!Number.isFinite(best)) best = Math.min(...objective.ys);

    // Kriging believer: columns c_j(x) = Cov_{j−1}(x, b_j) over all m points.
    const tau2 = model.signal * model.hyper.noise;
    const cols: Float64Array[] = [];
    const colDen: number[] = [];
    const believe = (b: number) => {
      const n0 = model.n;
      const c = new Float64Array(m);
      const vb = pr.V.subarray(b * n0, (b + 1) * n0);
      for (let x = 0; x < m; x++) {
        const vx = pr.V.subarray(x * n0, (x + 1) * n0);
        let dot = 0;
        for (let k = 0; k < n0; k++) dot += (vx[k] as number) * (vb[k] as number);
        let v = gpKernel(model, Xc, x * d, Xc, b * d) - model.signal * dot;
        for (let j = 0; j < cols.length; j++) {
          const cj = cols[j] as Float64Array;
          v -= ((cj[x] as number) * (cj[b] as number)) / (colDen[j] as number);
        }
        c[x] = v;
      }
      const den = (variance[b] as number) + tau2;
      for (let x = 0; x < m; x++) variance[x] = Math.max((variance[x] as number) - (c[x] as number) ** 2 / den, 1e-12 * model.signal);
      cols.push(c);
      colDen.push(den);
    };
    for (let i = cands.length; i < m; i++) believe(i);

    for (let q = 0; q < n; q++) {
      let arg = -1;
      let bestScore = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < cands.length; i++) {
        if (taken[i]) continue;
        const sd = Math.sqrt(variance[i] as number);
        const z = (best - (mu[i] as number) - s.xi) / sd;
        const score = Math.log(sd) + logEiKernel(z) + (logPof[i] as number);
        if (score > bestScore) {
          bestScore = score;
          arg = i;
        }
      }
      if (arg < 0) {
        picks.push(randomPoint(space, rng));
        continue;
      }
      taken[arg] = 1;
      picks.push(cands[arg] as Int32Array);
      if (q < n - 1) believe(arg);
    }
    return picks;
  };

  return {
    kind: 'bo',
    ask(n) {
      const out: Int32Array[] = [];
      while (out.length < n && asked + out.length < s.initial) out.push(initialPoint());
      for (const x of out) seen.add(x);
      if (out.length < n) {
        for (const x of propose(n - out.length)) {
          seen.add(x);
          out.push(x);
        }
      }
      for (const x of out) pending.set(seen.key(x), x);
      asked += out.length;
      return out;
    },
    tell(batch: readonly Observation[]) {
      for (const o of batch) {
        pending.delete(seen.key(o.x));
        const xn = new Float64Array(d);
        normalisePoint(space, o.x, xn);
        const y = scalarObjective(o.f);
        told.push({ x: o.x, xn, y: Number.isNaN(y) ? Number.POSITIVE_INFINITY : y, feasible: o.feasible, violation: o.violation });
      }
    },
  };
}

function affine(v: Float64Array, [a, b]: [number, number]): Float64Array {
  return v.map((x) => a * x + b);
}
