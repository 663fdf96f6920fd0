import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Front2d, paretoFront2d } from './front-2d';

/** Small integer grids make ties in x, ties in y and exact duplicates common; a few points are not finite. */
const coord = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY) },
);
const points = (maxLength: number) => fc.array(fc.tuple(coord, coord), { maxLength });

/** The definition, O(n²): finite, accepted, dominated by no point, and the lowest index of its duplicates. */
function bruteFront(x: number[], y: number[], accept: (i: number) => boolean): number[] {
  const ok = (i: number) => Number.isFinite(x[i] as number) && Number.isFinite(y[i] as number) && accept(i);
  const all = x.map((_, i) => i).filter(ok);
  const dominates = (j: number, i: number) =>
    (x[j] as number) <= (x[i] as number) &&
    (y[j] as number) <= (y[i] as number) &&
    ((x[j] as number) < (x[i] as number) || (y[j] as number) < (y[i] as number));
  return all
    .filter((i) => !all.some((j) => dominates(j, i)))
    .filter((i) => !all.some((j) => j < i && x[j] === x[i] && y[j] === y[i]))
    .sort((a, b) => (x[a] as number) - (x[b] as number));
}

describe('Front2d', () => {
  it('keeps the front of a small set by hand: duplicates once, ties in x by the smaller y', () => {
    //          0  1  2  3  4 (dup of 1)  5 (same x as 2, lower y)  6 (NaN)
    const x = [1, 2, 3, 4, 2, 3, Number.NaN];
    const y = [5, 3, 2.5, 1, 3, 2, 0];
    const f = new Front2d();
    const joined = x.map((xi, i) => f.offer(i, xi, y[i] as number));
    expect(joined).toEqual([true, true, true, true, false, true, false]);
    // Point 5 (3, 2) pushed out point 2 (3, 2.5); point 3 (4, 1) stays.
    expect(f.indices()).toEqual([0, 1, 5, 3]);
    expect(f.size).toBe(4);
    f.clear();
    expect(f.indices()).toEqual([]);
  });

  it('streamed one point at a time equals the O(n²) definition, in x order', () => {
    fc.assert(
      fc.property(points(80), fc.integer({ min: 2, max: 7 }), (pts, every) => {
        const x = pts.map((p) => p[0]);
        const y = pts.map((p) => p[1]);
        // Some designs are infeasible: they are never offered, as the exploration plot does.
        const accept = (i: number) => i % every !== 1;
        const f = new Front2d();
        for (let i = 0; i < pts.length; i++) if (accept(i)) f.offer(i, x[i] as number, y[i] as number);
        expect([...f.indices()]).toEqual(bruteFront(x, y, accept));
      }),
      { numRuns: 500 },
    );
  });

  it('after every offer, the front is strictly ascending in x and descending in y', () => {
    fc.assert(
      fc.property(points(60), (pts) => {
        const f = new Front2d();
        pts.forEach(([a, b], i) => {
          f.offer(i, a, b);
          const ix = f.indices();
          for (let k = 1; k < ix.length; k++) {
            const [p, q] = [pts[ix[k - 1] as number], pts[ix[k] as number]] as [[number, number], [number, number]];
            expect(q[0]).toBeGreaterThan(p[0]);
            expect(q[1]).toBeLessThan(p[1]);
          }
        });
      }),
    );
  });
});

describe('paretoFront2d', () => {
  it('equals the O(n²) definition on random sets, with and without a filter', () => {
    fc.assert(
      fc.property(points(80), (pts) => {
        const x = pts.map((p) => p[0]);
        const y = pts.map((p) => p[1]);
        expect(paretoFront2d(x, y, pts.length)).toEqual(bruteFront(x, y, () => true));
        const odd = (i: number) => i % 2 === 1;
        expect(paretoFront2d(x, y, pts.length, odd)).toEqual(bruteFront(x, y, odd));
      }),
      { numRuns: 300 },
    );
  });

  it('reads only the first `count` points', () => {
    expect(paretoFront2d([3, 1], [3, 1], 1)).toEqual([0]);
    expect(paretoFront2d([3, 1], [3, 1], 0)).toEqual([]);
  });
});
