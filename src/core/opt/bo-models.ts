import { log } from './fdlibm';
import { fitGp, type GpHyper, type GpModel, predictGp } from './gp';
import { logNormCdf } from './normal';
import type { BoSettings, OptimizerContext } from './optimizer';
import type { Rng } from './rng';
import { normalisePoint } from './space';

/**
 * The surrogate models of Bayesian optimisation (bo.ts): objective and constraint GPs with their
 * data transforms, the feasibility probability, and the warm-start (transfer) source models.
 */

const sq = (x: number) => x * x;

/**
 * Extra variance in the probit link of the feasibility model: PoF = Φ(μ / √(σ² + s²)). The
 * classifier is a GP regression on ±1 labels (a cheap stand-in for GP classification); s keeps a
 * design next to one infeasible observation from being ruled out entirely.
 */
const FEASIBILITY_LINK_VARIANCE = 0.1;

export interface Told {
  x: Int32Array;
  xn: Float64Array;
  /** Scalar objective (finite or +Infinity). */
  y: number;
  feasible: boolean;
  violation: number;
  /** Explicit constraint values (≤ 0 satisfied), when the study reports them. */
  c?: readonly number[];
  /** Rejected by the evaluator for a reason other than the explicit constraints. */
  failed?: boolean;
}

/** The GPs of one BO run, each re-searching its hyperparameters on its own schedule. */
export interface Models {
  objective: RefittingGp;
  labels: RefittingGp;
  constraints: RefittingGp[];
}

export type SourceModels = ReturnType<typeof sourceModels>;

/**
 * log P(feasible) at the m candidates Xc. With explicit constraint values (area, latency, power
 * as log value/limit), each constraint gets its own GP regression and contributes
 * log Φ((0 − μ_k)/σ_k) (Gardner et al., ICML 2014); designs the evaluator rejected for other
 * reasons (the simulator could not map a layer) are learned by a GP on ±1 labels with a probit
 * link. Without constraint values the label GP models feasibility itself. The warm study's label
 * GP, when it modelled the same kind of label, is the prior mean of this one.
 */
export function feasibilityLogProb(
  told: Told[],
  Xc: Float64Array,
  m: number,
  d: number,
  s: BoSettings,
  rng: Rng,
  models: Models,
  source: SourceModels,
): Float64Array {
  const logPof = new Float64Array(m);
  const nCons = told.reduce((k, p) => Math.max(k, p.c?.length ?? 0), 0);
  const explicit = nCons > 0 || told.some((p) => p.failed !== undefined);
  for (let k = 0; k < nCons; k++) {
    const pts = told.filter((p) => Number.isFinite(p.c?.[k]));
    if (pts.length < 2) continue;
    // Keep the points nearest the boundary when subsampling: they decide the classification.
    const sub = subsample(pts, s.maxPoints, (p) => Math.abs(p.c?.[k] as number), rng);
    const v = Float64Array.from(sub, (p) => p.c?.[k] as number);
    let mean = 0;
    for (const x of v) mean += x / v.length;
    let v2 = 0;
    for (const x of v) v2 += sq(x - mean);
    const scale = Math.sqrt(v2 / v.length) || 1;
    models.constraints[k] ??= new RefittingGp(s.refitGrowth);
    const gp = (models.constraints[k] as RefittingGp).fit(
      packInputs(sub, d),
      v.map((x) => (x - mean) / scale),
      sub.length,
      d,
      told.length,
    );
    if (!gp) continue;
    const pr = predictGp(gp, Xc, m);
    const thr = -mean / scale;
    for (let i = 0; i < m; i++) {
      logPof[i] =
        (logPof[i] as number) + logNormCdf((thr - (pr.mean[i] as number)) / Math.sqrt(pr.variance[i] as number));
    }
  }
  const label = (p: Told) => (explicit ? !p.failed : p.feasible);
  if (!told.some((p) => !label(p))) return logPof;
  const lab = subsample(told, s.maxPoints, (p) => (label(p) ? 0 : 1), rng);
  const labels = Float64Array.from(lab, (p) => (label(p) ? 1 : -1));
  const Xl = packInputs(lab, d);
  const prior = source && source.labelKind === (explicit ? 'failed' : 'feasible') ? source.labels : undefined;
  const fit: [number, number] = prior ? affineFit(prior(Xl, lab.length), labels) : [0, 0];
  const pl = prior ? affine(prior(Xl, lab.length), fit) : new Float64Array(lab.length);
  const fm = models.labels.fit(
    Xl,
    labels.map((v, i) => v - (pl[i] as number)),
    lab.length,
    d,
    told.length,
  );
  if (!fm) return logPof;
  const pr = predictGp(fm, Xc, m);
  const pc = prior ? affine(prior(Xc, m), fit) : new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const mu = (pr.mean[i] as number) + (pc[i] as number);
    logPof[i] =
      (logPof[i] as number) + logNormCdf(mu / Math.sqrt((pr.variance[i] as number) + FEASIBILITY_LINK_VARIANCE));
  }
  return logPof;
}

/** A GP with hyperparameters re-searched only when the data has grown (fits are O(n³)). */
export class RefittingGp {
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

export function packInputs(pts: readonly { xn: Float64Array }[], d: number): Float64Array {
  const X = new Float64Array(pts.length * d);
  for (let i = 0; i < pts.length; i++) X.set((pts[i] as { xn: Float64Array }).xn, i * d);
  return X;
}

/** At most `cap` points: the best half by `score`, then a random sample of the rest (deterministic via rng). */
export function subsample<T>(pts: T[], cap: number, score: (p: T) => number, rng: Rng): T[] {
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
export function standardise(pts: readonly Told[], allowLog: boolean): { ys: Float64Array } {
  const n = pts.length;
  const useLog = allowLog && pts.every((p) => p.y > 0);
  const t = Float64Array.from(pts, (p) => (useLog ? log(p.y) : p.y));
  let mean = 0;
  for (const v of t) mean += v;
  mean /= Math.max(n, 1);
  let v2 = 0;
  for (const v of t) v2 += sq(v - mean);
  const scale = Math.sqrt(v2 / Math.max(n, 1)) || 1;
  return { ys: t.map((v) => (v - mean) / scale) };
}

/** Objective surrogate on finite observations; `prior` gives the prior mean at the inputs. */
export function fitObjective(
  pts: Told[],
  d: number,
  allowLog: boolean,
  gp: RefittingGp,
  toldCount: number,
  prior?: (X: Float64Array, n: number, ys: Float64Array) => Float64Array,
) {
  const n = pts.length;
  if (n < 2) return null;
  const { ys } = standardise(pts, allowLog);
  const X = packInputs(pts, d);
  const pm = prior ? prior(X, n, ys) : new Float64Array(n);
  const r = ys.map((v, i) => v - (pm[i] as number));
  const model = gp.fit(X, r, n, d, toldCount);
  return model ? { model, ys } : null;
}

/**
 * Least-squares affine map a·s + b of a source prediction s onto target values t, with a ≥ 0 so
 * that a transferred prior can be down-weighted but never inverted. Falls back to (1, 0) with
 * fewer than 3 points.
 */
export function affineFit(s: Float64Array, t: Float64Array): [number, number] {
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
    sss += sq((s[i] as number) - ms);
    sst += ((s[i] as number) - ms) * ((t[i] as number) - mt);
  }
  const a = sss > 1e-12 ? Math.max(0, sst / sss) : 0;
  return [a, mt - a * ms];
}

/** Source-study surrogates for transfer: their posterior means become this study's prior means. */
export function sourceModels(ctx: OptimizerContext, s: BoSettings, rng: Rng) {
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
  // Simulator failures transfer across constraints; feasibility itself only when nothing better is known.
  const labelKind: 'failed' | 'feasible' = pts.every((p) => p.failed !== undefined) ? 'failed' : 'feasible';
  const ok = (p: { feasible: boolean; failed?: boolean }) => (labelKind === 'failed' ? !p.failed : p.feasible);
  const labelled = subsample(
    told.map((p, i) => ({ ...p, ok: ok(pts[i] as (typeof pts)[number]) })),
    s.maxPoints,
    (p) => (p.ok ? 0 : 1),
    rng,
  );
  const labelModel = fitGp(
    packInputs(labelled, d),
    Float64Array.from(labelled, (p) => (p.ok ? 1 : -1)),
    labelled.length,
    d,
  );
  // The source is fixed: memoise its mean per design (training points recur in every ask).
  const meanAt = (m: GpModel | null | undefined) => {
    const memo = new Map<string, number>();
    return (X: Float64Array, n: number): Float64Array => {
      const out = new Float64Array(n);
      if (!m) return out;
      const missing: number[] = [];
      const keys: string[] = [];
      for (let i = 0; i < n; i++) {
        const k = X.subarray(i * d, (i + 1) * d).join(',');
        keys.push(k);
        const v = memo.get(k);
        if (v === undefined) missing.push(i);
        else out[i] = v;
      }
      if (missing.length > 0) {
        const Xm = new Float64Array(missing.length * d);
        missing.forEach((i, j) => {
          Xm.set(X.subarray(i * d, (i + 1) * d), j * d);
        });
        const mean = predictGp(m, Xm, missing.length).mean;
        missing.forEach((i, j) => {
          const v = (mean[j] as number) * s.transferWeight;
          out[i] = v;
          memo.set(keys[i] as string, v);
        });
      }
      return out;
    };
  };
  return { objective: meanAt(obj?.model), labels: meanAt(labelModel), labelKind };
}

export function affine(v: Float64Array, [a, b]: [number, number]): Float64Array {
  return v.map((x) => a * x + b);
}
