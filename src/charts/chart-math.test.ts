import { describe, expect, it } from 'vitest';
import {
  attainable,
  legendLayout,
  logDomain,
  logTicks,
  ridgePoint,
  rooflineDomains,
  segmentTotals,
  siTick,
  siUnit,
  sortedIndices,
  thinnedTicks,
  wrapLines,
} from './chart-math';

describe('roofline math', () => {
  it('puts the ridge at peak / bandwidth, where both roofs meet', () => {
    // Eyeriss (Chen et al., JSSC 2017): 168 PEs at 200 MHz = 33.6 GMAC/s. With a 25.6 GB/s DDR4 channel the
    // ridge sits at 33.6e9 / 25.6e9 = 1.3125 MAC/B.
    const r = ridgePoint(168 * 200e6, 25.6e9);
    expect(r).toBeCloseTo(1.3125, 12);
    expect(attainable(r, 33.6e9, 25.6e9)).toBeCloseTo(33.6e9, 0);
    expect(attainable(r / 2, 33.6e9, 25.6e9)).toBeCloseTo(33.6e9 / 2, 0);
    expect(attainable(r * 10, 33.6e9, 25.6e9)).toBe(33.6e9);
    expect(ridgePoint(1e12, 0)).toBeNaN();
    expect(ridgePoint(-1, 1)).toBeNaN();
  });

  it('pads log domains multiplicatively and ignores unusable values', () => {
    expect(logDomain([2, 50, Number.POSITIVE_INFINITY, 0, -3, Number.NaN], 2)).toEqual([1, 100]);
    expect(logDomain([7], 2)).toEqual([0.7, 70]);
    expect(logDomain([], 2, [3, 4])).toEqual([3, 4]);
    expect(logDomain([1, 10], 0.5)).toEqual([1, 10]);
  });

  it('keeps every finite point, the ridge and the compute roof inside the roofline domains', () => {
    const points = [
      { intensity: 0.5, achieved: 2e9 },
      { intensity: 300, achieved: 9e11 },
      { intensity: Number.POSITIVE_INFINITY, achieved: 5e11 },
    ];
    const d = rooflineDomains({ peakMacsPerSec: 1e12, dramBytesPerSec: 1e10, onChipBytesPerSec: 1e12, points });
    expect(d.x[0]).toBeLessThan(0.5);
    expect(d.x[1]).toBeGreaterThan(300);
    expect(Number.isFinite(d.x[1])).toBe(true);
    expect(d.x[0]).toBeLessThan(1); // the on-chip ridge, 1e12 / 1e12 = 1 MAC/B
    expect(d.y[0]).toBeLessThan(2e9);
    expect(d.y[1]).toBeGreaterThan(1e12);
  });

  it('does not let one crawling layer push the y floor below the DRAM roof by more than needed', () => {
    const d = rooflineDomains({
      peakMacsPerSec: 1e12,
      dramBytesPerSec: 1e10,
      points: [{ intensity: 10, achieved: 5e10 }],
    });
    // x starts at 10/2.5 = 4 MAC/B, where the DRAM roof is at 4e10 MAC/s: the floor is the lower of that and the
    // slowest point's 5e10/2.
    expect(d.y[0]).toBeCloseTo(2.5e10, -6);
  });
});

describe('log ticks', () => {
  it('uses decades when at least three fit', () => {
    expect(logTicks(0.3, 2000)).toEqual([1, 10, 100, 1000]);
    expect(logTicks(1, 100)).toEqual([1, 10, 100]);
    expect(logTicks(1e9, 1e12)).toEqual([1e9, 1e10, 1e11, 1e12]);
  });

  it('thins decades to at most maxTicks', () => {
    // 16 decades into 5 ticks: every ceil(16/5) = 4th decade.
    const t = logTicks(1e-3, 1e12, 5);
    expect(t).toHaveLength(4);
    expect(t[0]).toBeCloseTo(1e-3, 15);
    for (let i = 1; i < t.length; i++) expect((t[i] ?? 0) / (t[i - 1] ?? 1)).toBeCloseTo(1e4, 6);
    for (const m of [2, 3, 7, 12]) expect(logTicks(1, 1e20, m).length).toBeLessThanOrEqual(m);
  });

  it('labels ticks inside a decade when the range spans less than two decades (issue 17)', () => {
    // 0.5 … 20 ms crosses the decades 1 and 10 only: those two labels alone did not say where 3 ms is.
    expect(logTicks(0.5, 20)).toEqual([0.5, 1, 2, 5, 10, 20]);
    expect(logTicks(0.004, 0.3)).toEqual([0.005, 0.01, 0.02, 0.05, 0.1, 0.2]);
    // Two decades inside a padded range (0.2 … 60): still labelled inside the decade.
    expect(logTicks(0.2, 60)).toEqual([0.2, 0.5, 1, 2, 5, 10, 20, 50]);
    // Too many for the space: 1-3, then decades when at least two fit.
    expect(logTicks(0.5, 20, 4)).toEqual([1, 3, 10]);
    expect(logTicks(0.15, 95, 3)).toEqual([1, 10]);
    // Less than a 1-2-5 step: every mantissa.
    expect(logTicks(2.2, 4.5)).toEqual([3, 4]);
  });

  it('falls back to 1-2-5 inside a single decade', () => {
    expect(logTicks(1.5, 9)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(logTicks(1.5, 9, 4)).toEqual([2, 5]);
    // A convergence axis of 0.55 … 2.2 ms: "1" and "2" alone, now every mantissa.
    expect(logTicks(0.55, 2.2)).toEqual([0.6, 0.7, 0.8, 0.9, 1, 2]);
    expect(logTicks(15, 120)).toEqual([20, 50, 100]);
  });

  it('returns nothing for an invalid range', () => {
    expect(logTicks(0, 10)).toEqual([]);
    expect(logTicks(10, 1)).toEqual([]);
  });
});

describe('tick labels', () => {
  it('uses SI prefixes from a thousand up and plain digits below', () => {
    expect(siTick(1e12)).toBe('1T');
    expect(siTick(2.5e9)).toBe('2.5G');
    expect(siTick(1234)).toBe('1.23k');
    expect(siTick(12.5)).toBe('12.5');
    expect(siTick(0.05)).toBe('0.05');
    expect(siTick(100)).toBe('100');
    expect(siTick(0)).toBe('0');
    expect(siTick(Number.POSITIVE_INFINITY)).toBe('∞');
  });

  it('joins the prefix to the unit in labels', () => {
    expect(siUnit(25.6e9, 'B/s')).toBe('25.6 GB/s');
    expect(siUnit(1e12, 'MAC/s')).toBe('1 TMAC/s');
    expect(siUnit(39.0625, 'MAC/B')).toBe('39.1 MAC/B');
  });
});

describe('breakdown ordering', () => {
  it('sums segments per layer, skipping non-finite and negative parts', () => {
    expect(segmentTotals([{ segments: [1, 2, 3] }, { segments: [] }, { segments: [4, Number.NaN, 0.5, -2] }])).toEqual([
      6, 0, 4.5,
    ]);
  });

  it('keeps network order or sorts by cost descending, stably', () => {
    const totals = [5, 9, 5, 1, 9, 5];
    expect(sortedIndices(totals, 'order')).toEqual([0, 1, 2, 3, 4, 5]);
    expect(sortedIndices(totals, 'cost')).toEqual([1, 4, 0, 2, 5, 3]);
  });

  it('cost order is a permutation with non-increasing totals for any input', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return (seed / 2 ** 31) * 10;
    };
    const totals = Array.from({ length: 400 }, () => Math.floor(rand()));
    const idx = sortedIndices(totals, 'cost');
    expect([...idx].sort((a, b) => a - b)).toEqual(totals.map((_, i) => i));
    for (let k = 1; k < idx.length; k++) {
      const a = idx[k - 1] ?? 0;
      const b = idx[k] ?? 0;
      const ta = totals[a] ?? 0;
      const tb = totals[b] ?? 0;
      expect(ta > tb || (ta === tb && a < b)).toBe(true);
    }
  });

  it('thins band ticks to at most maxTicks, starting at the first layer', () => {
    expect(thinnedTicks(10, 20)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(thinnedTicks(400, 12)).toEqual([0, 34, 68, 102, 136, 170, 204, 238, 272, 306, 340, 374]);
    for (const n of [1, 53, 119, 120, 121, 400]) expect(thinnedTicks(n, 12).length).toBeLessThanOrEqual(12);
    expect(thinnedTicks(0, 12)).toEqual([]);
  });
});

describe('legend layout', () => {
  it('wraps to a new row when the next item would overflow', () => {
    const { slots, height } = legendLayout(['compute', 'memory stall', 'overhead'], 170, { charW: 6, swatch: 16 });
    // 'compute' takes 16 + 7·6 + 14 = 72 px; 'memory stall' ends at 72 + 16 + 12·6 = 160 <= 170 and stays on the row;
    // 'overhead' would end at 174 + 16 + 48 = 238 > 170 and wraps.
    expect(slots).toEqual([
      { x: 0, y: 0 },
      { x: 72, y: 0 },
      { x: 0, y: 16 },
    ]);
    expect(height).toBe(32);
    expect(legendLayout([], 100).height).toBe(0);
  });
});

describe('axis title wrapping', () => {
  it('keeps a short title on one line and breaks a long one at a space', () => {
    expect(wrapLines('best feasible latency (ms)', 230)).toEqual(['best feasible latency (ms)']);
    const t = 'hypervolume of the latency–energy front (higher is better)';
    const lines = wrapLines(t, 230);
    expect(lines).toEqual(['hypervolume of the latency–energy', 'front (higher is better)']);
    expect(lines.join(' ')).toBe(t);
    for (const l of lines) expect(l.length * 6.2).toBeLessThanOrEqual(230);
  });
});
