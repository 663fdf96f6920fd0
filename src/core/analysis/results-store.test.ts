import { describe, expect, it } from 'vitest';
import { ResultsStore } from './results-store';
import { bestSoFar, evaluationsToReach, median, quantile } from './stats';

describe('ResultsStore', () => {
  it('holds 1,000,000 ten-parameter evaluations in bounded memory, in order', () => {
    const dims = 10;
    const store = new ResultsStore({ dims, maxLevels: 10, metrics: ['objective', 'areaMm2'] as const });
    const B = 10_000;
    let notified = 0;
    store.subscribe((_s, c) => {
      notified += c;
    });
    const codes = new Int32Array(B * dims);
    const obj = new Float64Array(B);
    const area = new Float64Array(B);
    const feas = new Uint8Array(B);
    for (let b = 0; b < 100; b++) {
      for (let i = 0; i < B; i++) {
        const row = b * B + i;
        for (let k = 0; k < dims; k++) codes[i * dims + k] = (row + k) % 10;
        obj[i] = row;
        area[i] = row * 0.5;
        feas[i] = row % 3 === 0 ? 1 : 0;
      }
      store.append({ n: B, codes, metrics: { objective: obj, areaMm2: area }, feasible: feas });
    }
    expect(store.length).toBe(1_000_000);
    expect(notified).toBe(1_000_000);
    // codes as bytes (10 values per parameter) + 2 Float64 + 1 byte = 27 B/row; ≤ 2× slack from doubling
    expect(store.byteLength).toBeLessThanOrEqual(2 * 27 * 1_048_576);
    store.trim();
    expect(store.byteLength).toBe(27 * 1_000_000);
    const r = 765_432;
    expect(store.metric('objective')[r]).toBe(r);
    expect(store.metric('areaMm2')[r]).toBe(r * 0.5);
    expect(store.isFeasible(r)).toBe(r % 3 === 0);
    expect(Array.from(store.codesAt(r))).toEqual(Array.from({ length: dims }, (_, k) => (r + k) % 10));
  });

  it('refuses to grow past maxRows', () => {
    const s = new ResultsStore({ dims: 1, maxLevels: 2, metrics: ['objective'] as const }, 4, 2);
    const batch = { n: 3, codes: [0, 1, 0], metrics: { objective: [1, 2, 3] }, feasible: [1, 1, 1] };
    s.append(batch);
    expect(() => s.append(batch)).toThrow(RangeError);
    expect(s.length).toBe(3);
  });
});

describe('stats', () => {
  it('quantile (type 7) and median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2);
  });

  it('best-so-far ignores infeasible values; evaluations to reach a target', () => {
    const c = bestSoFar([5, 1, 4, 3, 2], [1, 0, 1, 1, 1]);
    expect(Array.from(c)).toEqual([5, 5, 4, 3, 2]);
    expect(evaluationsToReach(c, 3.06)).toBe(4);
    expect(evaluationsToReach(c, 1)).toBe(Number.POSITIVE_INFINITY);
  });
});
