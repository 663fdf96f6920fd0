import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  blendRun,
  blendStamp,
  contrastRatio,
  extent2d,
  extentOf,
  GridIndex,
  grownDomain,
  indicesInBox,
  markerMask,
  markerRadius,
  ORDER_RAMPS,
  orderBin,
  PIXEL_BUDGET,
  packRgb,
  rampColours,
  relativeLuminance,
  stampOf,
  stepKeep,
} from './pareto-math';

const finiteOrNot = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY) },
);

describe('domains', () => {
  it('takes the extent of usable values only', () => {
    const v = [3, -2, Number.NaN, 0, 8, Number.POSITIVE_INFINITY];
    expect(extentOf(v, 0, v.length, false)).toEqual([-2, 8]);
    expect(extentOf(v, 0, v.length, true)).toEqual([3, 8]);
    expect(extentOf(v, 4, 99, false, [5, 6])).toEqual([5, 8]);
    expect(extentOf([Number.NaN, -1], 0, 2, true)).toBeNull();
  });

  it('ignores points missing either coordinate when fitting both axes', () => {
    const x = [1, 500, 2, 3, -1];
    const y = [10, Number.POSITIVE_INFINITY, 30, Number.NaN, 5];
    expect(extent2d(x, y, 0, 5, false, false)).toEqual({ x: [-1, 2], y: [5, 30] });
    expect(extent2d(x, y, 0, 5, true, false)).toEqual({ x: [1, 2], y: [10, 30] });
    expect(extent2d(x, y, 1, 2, false, false)).toEqual({ x: null, y: null });
  });

  it('keeps the same domain object while the data fits, so callers skip the full redraw', () => {
    const d = grownDomain(null, [0, 100], false);
    expect(d[0]).toBeLessThan(0);
    expect(d[1]).toBeGreaterThan(100);
    expect(grownDomain(d, [10, 90], false)).toBe(d);
    expect(grownDomain(d, null, false)).toBe(d);
    const g = grownDomain(d, [10, 200], false);
    expect(g[0]).toBe(d[0]); // the side that fits does not move
    expect(g[1]).toBeGreaterThan(200);
  });

  it('grows geometrically, so a range widening 10⁶-fold costs few full redraws', () => {
    // Points arrive one at a time, each 1% beyond the last: without headroom each of the 1,389 would force a redraw.
    let d: [number, number] | null = null;
    let redraws = 0;
    for (let v = 1; v < 1e6; v *= 1.01) {
      const next = grownDomain(d, [1, v], false);
      if (next !== d) redraws++;
      d = next;
      expect(d[1]).toBeGreaterThanOrEqual(v);
    }
    // Each growth multiplies the span by at least 1 + GROW_HEADROOM = 1.3; the first fit (the lone value 1) spans 0.1,
    // the last at most 1.3 · 10⁶.
    const bound = 1 + Math.ceil(Math.log(1.3e6 / 0.1) / Math.log(1.3));
    expect(redraws).toBeLessThanOrEqual(bound);
    expect(redraws).toBeLessThan(70);
  });

  it('grows log domains in decades and never below zero', () => {
    const d = grownDomain(null, [1e-3, 1e3], true);
    expect(d[0]).toBeGreaterThan(0);
    expect(Math.log10(d[1]) - Math.log10(d[0])).toBeCloseTo(6 * 1.1, 9);
    const g = grownDomain(d, [1e-6, 1], true);
    expect(g[0]).toBeGreaterThan(0);
    expect(g[0]).toBeLessThan(1e-6);
    expect(g[1]).toBe(d[1]);
  });

  it('gives a single value room on both sides', () => {
    expect(grownDomain(null, [5, 5], false)).toEqual([4.75, 5.25]);
    const [c, d] = grownDomain(null, [0, 0], false);
    expect(c).toBeLessThan(0);
    expect(d).toBeGreaterThan(0);
    const [e, f] = grownDomain(null, [100, 100], true);
    expect(Math.log10(e)).toBeCloseTo(1.5, 12);
    expect(Math.log10(f)).toBeCloseTo(2.5, 12);
    expect(grownDomain(null, null, true)).toEqual([1, 10]);
  });
});

describe('order colours', () => {
  it('computes WCAG contrast: black on white is 21:1', () => {
    expect(contrastRatio('#000000', '#fff')).toBeCloseTo(21, 9);
    expect(relativeLuminance('#808080')).toBeCloseTo(0.2158605, 6);
  });

  it('interpolates evenly between the stops, ends included', () => {
    expect(rampColours(['#000000', '#ffffff'], 3)).toEqual(['#000000', '#808080', '#ffffff']);
    expect(rampColours(['#ff0000', '#00ff00', '#0000ff'], 5)).toEqual([
      '#ff0000',
      '#808000',
      '#00ff00',
      '#008080',
      '#0000ff',
    ]);
    expect(rampColours(['#123456'], 2)).toEqual(['#123456', '#123456']);
  });

  it('runs from faded to strong against each theme panel, ending above 3:1 (WCAG 2.1 SC 1.4.11)', () => {
    // Panel colours of the light and dark themes (src/ui/styles.css --panel).
    for (const [ramp, panel] of [
      [ORDER_RAMPS.light, '#ffffff'],
      [ORDER_RAMPS.dark, '#161b22'],
    ] as const) {
      const cs = rampColours(ramp, 24).map((c) => contrastRatio(c, panel));
      for (let k = 1; k < cs.length; k++) expect(cs[k]).toBeGreaterThan(cs[k - 1] as number);
      expect(cs[cs.length - 1]).toBeGreaterThan(3);
    }
  });

  it('bins evaluation indices over [0, hi]', () => {
    expect(orderBin(0, 100, 10)).toBe(0);
    expect(orderBin(99.9, 100, 10)).toBe(9);
    expect(orderBin(100, 100, 10)).toBe(9);
    expect(orderBin(250, 100, 10)).toBe(9);
    expect(orderBin(-3, 100, 10)).toBe(0);
    expect(orderBin(5, 0, 10)).toBe(9);
  });
});

describe('indicesInBox', () => {
  it('matches a brute-force filter, with bounds in either order and edges included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(finiteOrNot, finiteOrNot), { maxLength: 80 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        (pts, xa, xb, ya, yb) => {
          const x = pts.map((p) => p[0]);
          const y = pts.map((p) => p[1]);
          const expected = pts
            .map((p, i) => [p, i] as const)
            .filter(([[a, b]]) => {
              const inX = a >= Math.min(xa, xb) && a <= Math.max(xa, xb);
              return inX && b >= Math.min(ya, yb) && b <= Math.max(ya, yb);
            })
            .map(([, i]) => i);
          expect(indicesInBox(x, y, pts.length, xa, xb, ya, yb)).toEqual(expected);
          expect(indicesInBox(x, y, pts.length, xb, xa, yb, ya)).toEqual(expected);
        },
      ),
    );
  });

  it('looks only at the first count points', () => {
    expect(indicesInBox([1, 1, 1], [1, 1, 1], 2, 0, 2, 0, 2)).toEqual([0, 1]);
  });
});

describe('stepKeep', () => {
  it('drops points that repeat the previous values, keeping the first and last', () => {
    const med = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, 9, 9, 9, 4, 4];
    const hi = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, 12, 12, 10, 10, 10];
    expect(stepKeep(7, [med])).toEqual([0, 2, 5, 6]);
    expect(stepKeep(7, [med, undefined, hi])).toEqual([0, 2, 4, 5, 6]);
    expect(stepKeep(1, [med])).toEqual([0]);
    expect(stepKeep(0, [med])).toEqual([]);
  });

  it('draws the same step function as the full series', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 50 }), (v) => {
        const keep = stepKeep(v.length, [v]);
        // Step-after: the value at i is the value of the last kept index ≤ i.
        let k = 0;
        for (let i = 0; i < v.length; i++) {
          while (k + 1 < keep.length && (keep[k + 1] as number) <= i) k++;
          expect(v[keep[k] as number]).toBe(v[i]);
        }
        expect(keep[keep.length - 1]).toBe(v.length - 1);
      }),
    );
  });
});

describe('point raster', () => {
  it('covers about π·r² pixels with a dot and 2π·r·w with a ring', () => {
    for (const r of [1.5, 2.4, 4.8]) {
      const dot = markerMask('dot', r, 0, 1);
      const area = dot.alpha.reduce((s, a) => s + a / 256, 0);
      expect(area / (Math.PI * r * r)).toBeGreaterThan(0.9);
      expect(area / (Math.PI * r * r)).toBeLessThan(1.1);
      const ring = markerMask('ring', r, 1, 1);
      const ringArea = ring.alpha.reduce((s, a) => s + a / 256, 0);
      expect(ringArea / (2 * Math.PI * (r - 0.5))).toBeGreaterThan(0.85);
      expect(ringArea / (2 * Math.PI * (r - 0.5))).toBeLessThan(1.15);
      // A ring leaves its centre empty (once the hole is wider than a pixel).
      if (r > 2) expect([...ring.dx].some((x, k) => x === 0 && ring.dy[k] === 0)).toBe(false);
    }
    const half = markerMask('dot', 3, 0, 0.5);
    expect(Math.max(...half.alpha)).toBe(128);
  });

  it('packs colours as ImageData pixels (RGBA bytes, little-endian)', () => {
    const buf = new Uint32Array([packRgb('#1f6feb')]);
    expect([...new Uint8Array(buf.buffer)]).toEqual([0x1f, 0x6f, 0xeb, 0xff]);
  });

  it('blends source-over per channel, red and blue packed together without crosstalk', () => {
    const m = markerMask('dot', 0.4, 0, 1); // the centre pixel only
    expect(m.alpha.length).toBe(1);
    const single = { ...m, alpha: Uint16Array.of(64) }; // 25%
    const buf = new Uint32Array(9).fill(packRgb('#ffffff'));
    blendStamp(buf, 3, 3, 1, 1, stampOf(single, 3, packRgb('#ff0000')));
    const px = new Uint8Array(buf.buffer).slice(16, 20); // pixel 4 = (1, 1)
    // 255·0.25 + 255·0.75 = 255 (red); 0·0.25 + 255·0.75 = 191.25 (green, blue).
    expect([...px]).toEqual([255, 191, 191, 255]);
    expect(buf[0]).toBe(packRgb('#ffffff'));
    blendRun(buf, 0, 3, 3, packRgb('#000000'), 128); // column 0 at 50%
    expect([...new Uint8Array(buf.buffer).slice(12, 16)]).toEqual([127, 127, 127, 255]);
  });

  it('clips markers at the edges and never writes outside the buffer', () => {
    const m = markerMask('dot', 3, 0, 1);
    const w = 10;
    const h = 6;
    const guard = new Uint32Array(w * h + 2 * w).fill(7);
    const buf = guard.subarray(w, w + w * h);
    buf.fill(packRgb('#ffffff'));
    const stamp = stampOf(m, w, packRgb('#000000'));
    for (const [cx, cy] of [
      [0, 0],
      [9, 5],
      [-2, 3],
      [5, -2],
      [12, 9],
    ] as const)
      blendStamp(buf, w, h, cx, cy, stamp);
    expect([...guard.subarray(0, w), ...guard.subarray(w + w * h)].every((v) => v === 7)).toBe(true);
    expect(buf[0]).toBe(packRgb('#000000')); // the corner marker's centre
    expect(buf[3 * w + 5]).toBe(packRgb('#ffffff')); // (5, 3): more than 4 px from every centre
  });

  it('shrinks markers to keep a full redraw within the pixel budget, not below the minimum', () => {
    expect(markerRadius(1000, 2.4, 1)).toBe(2.25); // the design radius, in quarter pixels
    expect(markerRadius(1000, 2.4, 2)).toBe(4.75);
    for (const n of [1e4, 1e5, 1e6]) {
      const r = markerRadius(n, 2.4, 3);
      expect(r === 1.5 || n * markerMask('dot', r, 0, 1).alpha.length <= PIXEL_BUDGET).toBe(true);
      // And it is the largest such quarter-pixel radius up to the design radius (2.4 · 3 = 7.2, so 7 in quarters).
      if (r < 7) expect(n * markerMask('dot', r + 0.25, 0, 1).alpha.length).toBeGreaterThan(PIXEL_BUDGET);
    }
    expect(markerRadius(1e8, 2.4, 1)).toBe(1.5);
    expect(markerRadius(1e5, 2.4, 2)).toBeLessThan(markerRadius(1e4, 2.4, 2));
  });
});

describe('GridIndex', () => {
  it('finds the same nearest point as a brute-force scan', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.double({ min: -20, max: 220, noNaN: true }), fc.double({ min: -20, max: 120, noNaN: true })),
          {
            maxLength: 200,
          },
        ),
        fc.double({ min: 0, max: 200, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (pts, qx, qy) => {
          const px = Float32Array.from(pts, (p) => p[0]);
          const py = Float32Array.from(pts, (p) => p[1]);
          const grid = new GridIndex(200, 100, 8);
          for (let i = 0; i < px.length; i++) grid.add(i, px[i] as number, py[i] as number);
          let want = -1;
          let wantD = 64;
          px.forEach((x, i) => {
            const y = py[i] as number;
            if (!(x >= 0 && y >= 0 && x <= 200 && y <= 100)) return;
            const d = (x - qx) ** 2 + (y - qy) ** 2;
            if (d < wantD || (d === wantD && i > want)) {
              want = i;
              wantD = d;
            }
          });
          expect(grid.nearest(px, py, qx, qy, 8)).toBe(want);
        },
      ),
    );
  });

  it('ignores points outside its area and NaN positions', () => {
    const px = Float32Array.of(-1, Number.NaN, 5);
    const py = Float32Array.of(5, 5, 5);
    const g = new GridIndex(10, 10);
    for (let i = 0; i < 3; i++) g.add(i, px[i] as number, py[i] as number);
    expect(g.nearest(px, py, 0, 5, 8)).toBe(2);
    expect(g.nearest(px, py, 0, 5, 4)).toBe(-1);
  });
});
