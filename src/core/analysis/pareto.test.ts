import { describe, expect, it } from 'vitest';
import { Rng } from '../opt/rng';
import { hv2, hv3, ParetoArchive, trackFront } from './pareto';
import { ResultsStore } from './results-store';

const dominates = (a: number[], b: number[]) =>
  a.every((v, i) => v <= (b[i] as number)) && a.some((v, i) => v < (b[i] as number));

/** Hypervolume of integer points by counting dominated unit cells (exact for integer coordinates). */
function cellCount(pts: number[][], ref: number[]): number {
  let count = 0;
  const [rx, ry, rz] = ref as [number, number, number];
  for (let x = 0; x < rx; x++)
    for (let y = 0; y < ry; y++)
      for (let z = 0; z < (ref.length === 3 ? rz : 1); z++) {
        const c = ref.length === 3 ? [x + 0.5, y + 0.5, z + 0.5] : [x + 0.5, y + 0.5];
        if (pts.some((p) => p.every((v, i) => v <= (c[i] as number)))) count++;
      }
  return count;
}

describe('hypervolume', () => {
  it('2-D staircase by hand: (1,3), (2,2), (3,1) with ref (4,4) → 3 + 2 + 1 = 6', () => {
    expect(
      hv2(
        [
          [1, 3],
          [2, 2],
          [3, 1],
        ],
        [4, 4],
      ),
    ).toBe(6);
  });

  it('3-D: one point (1,1,1), ref (2,3,4) → 1·2·3 = 6; matches cell counting on random integer fronts', () => {
    expect(hv3([[1, 1, 1]], [2, 3, 4])).toBe(6);
    const rng = new Rng(1);
    for (let t = 0; t < 20; t++) {
      const a = new ParetoArchive(3, [10, 10, 10]);
      for (let i = 0; i < 30; i++) a.insert(i, [rng.int(10), rng.int(10), rng.int(10)]);
      const pts = Array.from({ length: a.size }, (_, i) => [a.value(i, 0), a.value(i, 1), a.value(i, 2)]);
      expect(a.hypervolume()).toBe(cellCount(pts, [10, 10, 10]));
    }
  });
});

describe('ParetoArchive', () => {
  it('keeps exactly the non-dominated points of a stream (brute force check)', () => {
    const rng = new Rng(2);
    for (const m of [2, 3] as const) {
      const a = new ParetoArchive(m, m === 2 ? [1, 1] : [1, 1, 1]);
      const pts: number[][] = [];
      for (let i = 0; i < 500; i++) {
        const p = Array.from({ length: m }, () => rng.float());
        pts.push(p);
        a.insert(i, p);
      }
      const expected = pts
        .map((p, i) => ({ p, i }))
        .filter(({ p }) => !pts.some((q) => dominates(q, p)))
        .map(({ i }) => i)
        .sort((x, y) => x - y);
      expect(a.rows().sort((x, y) => x - y)).toEqual(expected);
    }
  });

  it('hypervolume never decreases as points stream in and ignores points beyond the reference', () => {
    const rng = new Rng(3);
    const a = new ParetoArchive(2, [1, 1]);
    let prev = 0;
    for (let i = 0; i < 200; i++) {
      a.insert(i, [rng.float() * 1.5, rng.float() * 1.5]);
      const hv = a.hypervolume();
      expect(hv).toBeGreaterThanOrEqual(prev);
      prev = hv;
    }
    expect(prev).toBeLessThanOrEqual(1);
    expect(a.insert(999, [Number.POSITIVE_INFINITY, 0])).toBe(false);
  });
});

describe('trackFront', () => {
  it('follows a streaming store: the archive is the front of its feasible rows', () => {
    const store = new ResultsStore({ dims: 1, maxLevels: 2, metrics: ['latencyMs', 'areaMm2'] as const });
    const rng = new Rng(4);
    const append = (n: number) => {
      const lat = Array.from({ length: n }, () => rng.float());
      const area = Array.from({ length: n }, () => rng.float());
      const feasible = Array.from({ length: n }, () => (rng.chance(0.7) ? 1 : 0));
      store.append({ n, codes: new Array(n).fill(0), metrics: { latencyMs: lat, areaMm2: area }, feasible });
    };
    append(50); // rows before tracking starts
    const { archive, dispose } = trackFront(store, ['latencyMs', 'areaMm2'], [1, 1]);
    for (let b = 0; b < 10; b++) append(30);
    const lat = store.metric('latencyMs');
    const area = store.metric('areaMm2');
    const feas = store.feasible();
    const rows = Array.from({ length: store.length }, (_, i) => i).filter((i) => feas[i] === 1);
    const pt = (i: number) => [lat[i] as number, area[i] as number];
    const expected = rows.filter((i) => !rows.some((j) => dominates(pt(j), pt(i))));
    expect(archive.rows().sort((a, b) => a - b)).toEqual(expected);
    dispose();
    append(10);
    expect(archive.rows().every((r) => r < 350)).toBe(true);
  });
});
