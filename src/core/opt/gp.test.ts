import { describe, expect, it } from 'vitest';
import { cholesky, fitGp, forwardSolve, type GpModel, predictGp } from './gp';
import { erfc, logEiKernel, normCdf, normPdf } from './normal';
import { Rng } from './rng';

describe('normal distribution helpers', () => {
  it('erfc matches tabulated values (Abramowitz & Stegun Table 7.1)', () => {
    // erf(0.5) = 0.5204998778, erf(1) = 0.8427007929, erf(2) = 0.9953222650
    expect(erfc(0.5)).toBeCloseTo(1 - 0.5204998778, 9);
    expect(erfc(1)).toBeCloseTo(1 - 0.8427007929, 9);
    expect(erfc(2)).toBeCloseTo(1 - 0.995322265, 9);
    expect(erfc(-1)).toBeCloseTo(1 + 0.8427007929, 9);
    expect(normCdf(1.959963985)).toBeCloseTo(0.975, 9);
  });

  it('log EI kernel is continuous across its asymptotic switch and monotone', () => {
    const h = (z: number) => Math.log(z * normCdf(z) + normPdf(z));
    expect(logEiKernel(-7.999)).toBeCloseTo(h(-7.999), 3);
    expect(logEiKernel(-8.001)).toBeCloseTo(h(-8.001), 3);
    for (let z = -40; z < 5; z += 0.5) expect(logEiKernel(z + 0.5)).toBeGreaterThan(logEiKernel(z));
  });
});

describe('Cholesky', () => {
  it('factors a known SPD matrix and solves with it', () => {
    // A = [[4, 12, -16], [12, 37, -43], [-16, -43, 98]] = L Lᵀ with L = [[2,0,0],[6,1,0],[-8,5,3]] (a textbook example)
    const A = Float64Array.from([4, 12, -16, 12, 37, -43, -16, -43, 98]);
    expect(cholesky(A, 3)).toBe(true);
    expect(Array.from(A)).toEqual([2, 0, 0, 6, 1, 0, -8, 5, 3]);
    const b = Float64Array.from([2, 7, 2]); // L v = b by hand: v = [1, (7 − 6)/1, (2 + 8 − 5)/3]
    forwardSolve(A, 3, b);
    expect(Array.from(b)).toEqual([1, 1, (2 + 8 - 5) / 3]);
  });

  it('rejects an indefinite matrix', () => {
    expect(cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toBe(false);
  });
});

describe('GP regression', () => {
  const rng = new Rng(9);
  const d = 3;
  const f = (x: Float64Array, o: number) => Math.sin(4 * (x[o] as number)) + 0.5 * (x[o + 1] as number);
  const n = 60;
  const X = Float64Array.from({ length: n * d }, () => rng.float());
  const y = Float64Array.from({ length: n }, (_, i) => f(X, i * d));
  const model = fitGp(X, y, n, d);

  it('interpolates noise-free training data', () => {
    expect(model).not.toBeNull();
    const p = predictGp(model as GpModel, X, n);
    for (let i = 0; i < n; i++) expect(Math.abs((p.mean[i] as number) - (y[i] as number))).toBeLessThan(0.05);
  });

  it('predicts held-out points better than the mean and is less certain far from data', () => {
    const m = 200;
    const Xt = Float64Array.from({ length: m * d }, () => rng.float());
    const p = predictGp(model as GpModel, Xt, m);
    let sse = 0;
    let sst = 0;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += (y[i] as number) / n;
    for (let i = 0; i < m; i++) {
      const t = f(Xt, i * d);
      sse += ((p.mean[i] as number) - t) ** 2;
      sst += (mean - t) ** 2;
    }
    expect(sse / sst).toBeLessThan(0.1); // R² > 0.9
    const near = predictGp(model as GpModel, X.slice(0, d), 1).variance[0] as number;
    const far = predictGp(model as GpModel, Float64Array.from([3, 3, 3]), 1).variance[0] as number;
    expect(far).toBeGreaterThan(100 * near);
  });

  it('gives the irrelevant third input the longest lengthscale (ARD sweep)', () => {
    const ls = (model as GpModel).hyper.lengthscales;
    expect(ls[2]).toBeGreaterThan(ls[0] as number);
  });
});
