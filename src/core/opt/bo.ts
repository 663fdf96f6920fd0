import {
  affine,
  affineFit,
  feasibilityLogProb,
  fitObjective,
  type Models,
  RefittingGp,
  sourceModels,
  subsample,
  type Told,
} from './bo-models';
import { log } from './fdlibm';
import { gpKernel, predictGp } from './gp';
import { logEiKernel } from './normal';
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

const sq = (x: number) => x * x;

export const BO_DEFAULTS: BoSettings = {
  initial: 16,
  candidates: 500,
  incumbents: 8,
  maxPoints: 250,
  refitGrowth: 1.25,
  xi: 0.01,
  transferWeight: 1,
  mutation: DEFAULT_MUTATION,
};

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
  const models: Models = {
    objective: new RefittingGp(s.refitGrowth),
    labels: new RefittingGp(s.refitGrowth),
    constraints: [],
  };
  const source = sourceModels(ctx, s, rng);

  const warmQueue: Int32Array[] = [];
  if (ctx.warmStart) {
    const ranked = [...ctx.warmStart.points].sort((a, b) =>
      compareConstrained({ ...a, violation: 0 }, { ...b, violation: 0 }),
    );
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
    all.forEach((x, i) => {
      normalisePoint(space, x, Xc, i * d);
    });

    // Objective model; with transfer, the source mean mapped by a·μ_s + b (fitted on this study's
    // data) is the prior mean.
    let priorFit: [number, number] = [0, 0];
    const objPrior = source?.objective;
    const objective = fitObjective(
      finite,
      d,
      ctx.objectives === 1,
      models.objective,
      told.length,
      objPrior
        ? (X, k, ys) => {
            const sm = objPrior(X, k);
            priorFit = affineFit(sm, ys);
            return affine(sm, priorFit);
          }
        : undefined,
    );

    const logPof = feasibilityLogProb(told, Xc, m, d, s, rng, models, source);

    const picks: Int32Array[] = [];
    const taken = new Uint8Array(m);
    for (let i = cands.length; i < m; i++) taken[i] = 1;
    if (!objective || !anyFeasible) {
      // Nothing to improve on yet: most-probably-feasible candidates, spread by a random tie-break.
      const order = cands.map((_, i) => i).sort((a, b) => (logPof[b] as number) - (logPof[a] as number) || a - b);
      for (let i = 0; i < n; i++) picks.push(cands[order[i % order.length] as number] as Int32Array);
      return picks;
    }
    const { model } = objective;
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
      for (let x = 0; x < m; x++)
        variance[x] = Math.max((variance[x] as number) - sq(c[x] as number) / den, 1e-12 * model.signal);
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
        const score = log(sd) + logEiKernel(z) + (logPof[i] as number);
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
        told.push({
          x: o.x,
          xn,
          y: Number.isNaN(y) ? Number.POSITIVE_INFINITY : y,
          feasible: o.feasible,
          violation: o.violation,
          c: o.constraints,
          failed: o.failed,
        });
      }
    },
  };
}
