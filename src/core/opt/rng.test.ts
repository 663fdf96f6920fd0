import { describe, expect, it } from 'vitest';
import { deriveSeed, Rng } from './rng';

describe('Rng (xoshiro128**)', () => {
  it('follows the reference algorithm (Blackman & Vigna, xoshiro128starstar.c) from state {1, 2, 3, 4}', () => {
    // Worked by hand from the reference C code: out = rotl(s1·5, 7)·9; s1 = 2 → rotl(10, 7)·9 = 11520.
    // Then t = s1 << 9, s2 ^= s0 → 2, s3 ^= s1 → 6, s1 ^= s2 → 0, s0 ^= s3 → 7, s2 ^= t → 1026, s3 = rotl(6, 11).
    // Next output uses s1 = 0 → 0; the next s1 = 0 ^ (1026 ^ 7) = 1029 → rotl(5145, 7)·9 = 5927040.
    const r = Rng.fromState(1, 2, 3, 4);
    expect([r.nextU32(), r.nextU32(), r.nextU32()]).toEqual([11520, 0, 5927040]);
  });

  it('is deterministic per seed and differs between seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 100 }, () => a.nextU32());
    expect(Array.from({ length: 100 }, () => b.nextU32())).toEqual(sa);
    expect(Array.from({ length: 100 }, () => c.nextU32())).not.toEqual(sa);
  });

  it('draws unbiased integers and floats in range', () => {
    const r = new Rng(7);
    const counts = new Array(10).fill(0);
    const N = 100_000;
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < N; i++) {
      const k = r.int(10);
      counts[k]++;
      const f = r.float();
      if (!(f >= 0 && f < 1)) outside++;
      sum += f;
    }
    expect(outside).toBe(0);
    // χ² with 9 dof: the 99.9 % quantile is 27.9
    const chi2 = counts.reduce((s, c) => s + (c - N / 10) ** 2 / (N / 10), 0);
    expect(chi2).toBeLessThan(27.9);
    expect(Math.abs(sum / N - 0.5)).toBeLessThan(0.005);
  });

  it('normal() has mean 0 and variance 1', () => {
    const r = new Rng(3);
    let s = 0;
    let s2 = 0;
    const N = 50_000;
    for (let i = 0; i < N; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / N)).toBeLessThan(0.02);
    expect(Math.abs(s2 / N - 1)).toBeLessThan(0.03);
  });

  it('derives distinct stream seeds', () => {
    const seeds = new Set(Array.from({ length: 1000 }, (_, i) => deriveSeed(1, i)));
    expect(seeds.size).toBe(1000);
    expect(deriveSeed(1, 5)).toBe(deriveSeed(1, 5));
  });
});
