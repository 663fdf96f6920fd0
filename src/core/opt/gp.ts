import { exp, log } from './fdlibm';

/**
 * Gaussian-process regression for Bayesian optimisation over normalised design indices.
 * Kernel: Matérn 5/2 with per-dimension lengthscales (Rasmussen & Williams 2006, eq. 4.17):
 *   k(r) = σ² (1 + √5 r + 5r²/3) exp(−√5 r),  r² = Σ_i ((x_i − x'_i) / ℓ_i)².
 * Hyperparameters are chosen by maximising the log marginal likelihood with a coordinate search
 * (shared lengthscale, then noise, then one sweep rescaling each ℓ_i — a cheap ARD that lets
 * irrelevant parameters get long lengthscales). σ² is profiled out analytically: for fixed
 * correlation matrix C, σ̂² = rᵀC⁻¹r / n. All linear algebra is a plain Float64Array Cholesky,
 * O(n³/3); callers cap n (BO subsamples to `maxPoints`).
 */

const SQRT5 = Math.sqrt(5);
const sq = (x: number) => x * x;

export interface GpHyper {
  /** Per-dimension lengthscales, in normalised index units. */
  lengthscales: Float64Array;
  /** Noise variance as a fraction of the signal variance. */
  noise: number;
}

export interface GpModel {
  n: number;
  d: number;
  /** Training inputs divided by the lengthscales, row-major n × d. */
  Xs: Float64Array;
  /** Lower Cholesky factor of C = K/σ² + noise·I, row-major n × n. */
  L: Float64Array;
  /** L⁻¹ (y − prior mean), so that the posterior mean is prior + (L⁻¹k*)·w. */
  w: Float64Array;
  /** Profiled signal variance σ̂² (units of y²). */
  signal: number;
  hyper: GpHyper;
  /** Negative log marginal likelihood (up to a constant) at the chosen hyperparameters. */
  nll: number;
}

export interface GpFitOptions {
  /** Shared lengthscale grid, multiplied by √d (typical distance between random points grows with √d). */
  lengthscaleGrid?: readonly number[];
  noiseGrid?: readonly number[];
  /** One coordinate sweep of per-dimension lengthscale multipliers after the shared search. */
  ard?: boolean;
  /** Reuse these hyperparameters instead of searching (a refit of the factor only). */
  fixed?: GpHyper;
}

export const DEFAULT_LENGTHSCALE_GRID = [0.05, 0.1, 0.2, 0.4, 0.8] as const;
export const DEFAULT_NOISE_GRID = [1e-6, 1e-3, 1e-2, 1e-1] as const;
const ARD_MULTIPLIERS = [0.5, 2, 8];

function matern52(r2: number): number {
  const r = Math.sqrt(r2);
  return (1 + SQRT5 * r + (5 / 3) * r2) * exp(-SQRT5 * r);
}

function scaleInputs(X: Float64Array, n: number, d: number, ls: Float64Array): Float64Array {
  const Xs = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) Xs[i * d + j] = (X[i * d + j] as number) / (ls[j] as number);
  return Xs;
}

/** In-place lower Cholesky of the symmetric matrix in `A` (row-major); false if not positive definite. */
export function cholesky(A: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let s = A[rj + j] as number;
    for (let k = 0; k < j; k++) s -= sq(A[rj + k] as number);
    if (!(s > 0)) return false;
    const ljj = Math.sqrt(s);
    A[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let t = A[ri + j] as number;
      for (let k = 0; k < j; k++) t -= (A[ri + k] as number) * (A[rj + k] as number);
      A[ri + j] = t / ljj;
    }
    for (let k = j + 1; k < n; k++) A[rj + k] = 0;
  }
  return true;
}

/** Solves L v = b in place (L lower, row-major). */
export function forwardSolve(L: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i] as number;
    const ri = i * n;
    for (let k = 0; k < i; k++) s -= (L[ri + k] as number) * (b[k] as number);
    b[i] = s / (L[ri + i] as number);
  }
}

/** Builds C and factors it; one retry with 10⁻⁶ jitter, then null (the caller skips that hyperparameter). */
function factor(Xs: Float64Array, n: number, d: number, noise: number): Float64Array | null {
  for (const jitter of [0, 1e-6]) {
    const C = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      C[i * n + i] = 1 + noise + jitter;
      for (let j = 0; j < i; j++) {
        let r2 = 0;
        for (let k = 0; k < d; k++) {
          const t = (Xs[i * d + k] as number) - (Xs[j * d + k] as number);
          r2 += t * t;
        }
        C[i * n + j] = matern52(r2);
      }
    }
    if (cholesky(C, n)) return C;
  }
  return null;
}

function fitAt(X: Float64Array, r: Float64Array, n: number, d: number, hyper: GpHyper): GpModel | null {
  const Xs = scaleInputs(X, n, d, hyper.lengthscales);
  const L = factor(Xs, n, d, hyper.noise);
  if (!L) return null;
  const w = Float64Array.from(r);
  forwardSolve(L, n, w);
  let q = 0;
  let logDet = 0;
  for (let i = 0; i < n; i++) {
    q += sq(w[i] as number);
    logDet += log(L[i * n + i] as number);
  }
  const signal = Math.max(q / n, 1e-12);
  return { n, d, Xs, L, w, signal, hyper, nll: 0.5 * n * log(signal) + logDet };
}

/**
 * Fits a GP to residuals `r` (already centred: y minus any prior mean) at inputs X (n × d, each
 * coordinate in [0, 1]). Returns null only for n = 0.
 */
export function fitGp(X: Float64Array, r: Float64Array, n: number, d: number, opt: GpFitOptions = {}): GpModel | null {
  if (n === 0) return null;
  if (opt.fixed) {
    const m = fitAt(X, r, n, d, opt.fixed);
    if (m) return m;
  }
  const grid = opt.lengthscaleGrid ?? DEFAULT_LENGTHSCALE_GRID;
  const noises = opt.noiseGrid ?? DEFAULT_NOISE_GRID;
  let best: GpModel | null = null;
  const consider = (hyper: GpHyper) => {
    const m = fitAt(X, r, n, d, hyper);
    if (m && (!best || m.nll < best.nll)) best = m;
  };
  // Coordinate search, O(|grid| + |noises| + 2d) factorisations: shared lengthscale at a middle
  // noise, then the noise at that lengthscale, then each dimension's lengthscale ×½ or ×4.
  const sd = Math.sqrt(Math.max(d, 1));
  for (const g of grid) for (const noise of noises) consider({ lengthscales: new Float64Array(d).fill(g * sd), noise });
  if (!best) return null;
  if (opt.ard !== false && n > 2 * d) {
    for (let j = 0; j < d; j++) {
      const base = (best as GpModel).hyper;
      for (const mult of ARD_MULTIPLIERS) {
        const ls = Float64Array.from(base.lengthscales);
        ls[j] = (ls[j] as number) * mult;
        consider({ lengthscales: ls, noise: base.noise });
      }
    }
  }
  return best;
}

export interface GpPrediction {
  /** Posterior mean of the residual (add the prior mean back). */
  mean: Float64Array;
  /** Posterior variance of the latent function (noise excluded). */
  variance: Float64Array;
  /** V = L⁻¹K(X, X*) column per test point, row-major m × n (for batch believer updates). */
  V: Float64Array;
}

/** Posterior at m test inputs Xt (m × d, normalised coordinates). */
export function predictGp(model: GpModel, Xt: Float64Array, m: number): GpPrediction {
  const { n, d, Xs, L, w, signal, hyper } = model;
  const ls = hyper.lengthscales;
  const mean = new Float64Array(m);
  const variance = new Float64Array(m);
  const V = new Float64Array(m * n);
  const xt = new Float64Array(d);
  for (let t = 0; t < m; t++) {
    for (let k = 0; k < d; k++) xt[k] = (Xt[t * d + k] as number) / (ls[k] as number);
    const v = V.subarray(t * n, (t + 1) * n);
    for (let i = 0; i < n; i++) {
      let r2 = 0;
      for (let k = 0; k < d; k++) {
        const u = (Xs[i * d + k] as number) - (xt[k] as number);
        r2 += u * u;
      }
      v[i] = matern52(r2);
    }
    forwardSolve(L, n, v);
    let mu = 0;
    let vv = 0;
    for (let i = 0; i < n; i++) {
      mu += (v[i] as number) * (w[i] as number);
      vv += sq(v[i] as number);
    }
    mean[t] = mu;
    variance[t] = Math.max(signal * (1 - vv), 1e-12 * signal);
  }
  return { mean, variance, V };
}

/** Prior covariance σ²·k(a, b) between two normalised inputs (used by the batch believer update). */
export function gpKernel(model: GpModel, a: Float64Array, ao: number, b: Float64Array, bo: number): number {
  const ls = model.hyper.lengthscales;
  let r2 = 0;
  for (let k = 0; k < model.d; k++) {
    const u = ((a[ao + k] as number) - (b[bo + k] as number)) / (ls[k] as number);
    r2 += u * u;
  }
  return model.signal * matern52(r2);
}
