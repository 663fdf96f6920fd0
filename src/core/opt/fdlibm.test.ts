import { describe, expect, it } from 'vitest';
import { exp, log } from './fdlibm';
import { Rng } from './rng';

const bits = new DataView(new ArrayBuffer(16));
/** Distance in units in the last place between two doubles of the same sign. */
function ulps(a: number, b: number): number {
  bits.setFloat64(0, a);
  bits.setFloat64(8, b);
  return Math.abs(Number(bits.getBigInt64(0) - bits.getBigInt64(8)));
}

describe('fdlibm exp/log', () => {
  it('exact special values (C99 Annex F)', () => {
    expect(exp(0)).toBe(1);
    expect(log(1)).toBe(0);
    expect(log(2)).toBe(Math.LN2);
    expect(log(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(log(-1)).toBeNaN();
    expect(log(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(exp(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(exp(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(exp(Number.NaN)).toBeNaN();
    expect(exp(800)).toBe(Number.POSITIVE_INFINITY);
    expect(exp(-800)).toBe(0);
  });

  it('is within 2 ulp of the host Math.exp/Math.log (each is < 1 ulp from the true value), subnormals included', () => {
    const r = new Rng(1);
    let worst = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = (r.float() - 0.5) * 1480;
      worst = Math.max(worst, ulps(exp(x), Math.exp(x)));
      const y = Math.exp((r.float() - 0.5) * 1480) || 5e-324;
      worst = Math.max(worst, ulps(log(y), Math.log(y)));
    }
    expect(worst).toBeLessThanOrEqual(2);
    expect(ulps(log(5e-324), -744.4400719213812)).toBeLessThanOrEqual(1); // ln(2^-1074)
  });
});
