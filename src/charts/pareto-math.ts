/**
 * Pure helpers behind the exploration view's Pareto scatter and convergence plot: domains that
 * grow with headroom while points stream in, the evaluation-order colour ramp, brush hit-testing and step-line
 * thinning. No DOM and no d3 here, so every function runs (and is tested) in Node.
 */

export type Domain = [number, number];

/**
 * [min, max] of the usable values in v[from..to): finite, and positive when `log` (a log axis cannot place the
 * rest). Merged into `into` when given. Null when no value is usable.
 */
export function extentOf(
  v: ArrayLike<number>,
  from: number,
  to: number,
  log: boolean,
  into: Domain | null = null,
): Domain | null {
  let lo = into ? into[0] : Number.POSITIVE_INFINITY;
  let hi = into ? into[1] : Number.NEGATIVE_INFINITY;
  const end = Math.min(to, v.length);
  for (let i = Math.max(0, from); i < end; i++) {
    const a = v[i] as number;
    if (!Number.isFinite(a) || (log && !(a > 0))) continue;
    if (a < lo) lo = a;
    if (a > hi) hi = a;
  }
  return lo <= hi ? [lo, hi] : null;
}

/**
 * Extents of x and y over the points of [from, to) that can be plotted: both coordinates finite, and positive on a
 * log axis. A point missing one coordinate (an infeasible design with no latency) must not stretch the other axis.
 */
export function extent2d(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  from: number,
  to: number,
  xLog: boolean,
  yLog: boolean,
): { x: Domain | null; y: Domain | null } {
  let x0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  const end = Math.min(to, x.length, y.length);
  for (let i = Math.max(0, from); i < end; i++) {
    const a = x[i] as number;
    const b = y[i] as number;
    if (!Number.isFinite(a) || !Number.isFinite(b) || (xLog && !(a > 0)) || (yLog && !(b > 0))) continue;
    if (a < x0) x0 = a;
    if (a > x1) x1 = a;
    if (b < y0) y0 = b;
    if (b > y1) y1 = b;
  }
  return x0 <= x1 ? { x: [x0, x1], y: [y0, y1] } : { x: null, y: null };
}

/** Padding on each side of a freshly fitted domain, as a fraction of the data's span (linear or in decades). */
export const FIT_PAD = 0.05;
/** Extra room added on a side that had to grow, as a fraction of the new span: growth is geometric, so a range that
 * widens a thousandfold costs about log(1000)/log(1.3) ≈ 26 full redraws, not one per frame. */
export const GROW_HEADROOM = 0.3;

/**
 * The axis domain after data with extent `ext` arrives. The same array is returned when `current` already covers
 * `ext`, so callers can test `next !== current` to decide on a full redraw. A side that must grow gets `headroom`
 * extra room (fraction of the new span); with no current domain the data is fitted with `FIT_PAD`. Log domains are
 * computed in decades. A single value (zero span) is centred in a span of 10% of its magnitude (or 1 at zero), or of
 * one decade on a log axis. With no usable data and no domain, `fallback`.
 */
export function grownDomain(
  current: Domain | null,
  ext: Domain | null,
  log: boolean,
  headroom = GROW_HEADROOM,
  fallback: Domain = log ? [1, 10] : [0, 1],
): Domain {
  if (!ext) return current ?? fallback;
  if (current && ext[0] >= current[0] && ext[1] <= current[1]) return current;
  const f = log ? Math.log10 : (v: number) => v;
  const g = log ? (v: number) => 10 ** v : (v: number) => v;
  const lo = f(current ? Math.min(current[0], ext[0]) : ext[0]);
  const hi = f(current ? Math.max(current[1], ext[1]) : ext[1]);
  let span = hi - lo;
  let pad = FIT_PAD;
  if (!(span > 0)) {
    // Only reachable without a current domain (which always has width): centre the lone value in a default span.
    span = log ? 1 : Math.abs(lo) * 0.1 || 1;
    pad = 0.5;
  }
  if (!current) return [g(lo - pad * span), g(hi + pad * span)];
  return [
    ext[0] < current[0] ? g(lo - headroom * span) : current[0],
    ext[1] > current[1] ? g(hi + headroom * span) : current[1],
  ];
}

/**
 * Sequential ramps for colouring points by evaluation order, early → late, sampled from viridis (van der Walt &
 * Smith, 2015; perceptually uniform and colour-blind safe). Each theme runs from faded (close to the panel) to
 * strong, so the latest evaluations — where the front is forming — stand out: the light ramp reads viridis
 * backwards from t = 0.9, the dark ramp forwards from t = 0.2.
 */
export const ORDER_RAMPS = {
  light: ['#bddf26', '#7ad151', '#22a884', '#2a788e', '#414487', '#440154'],
  dark: ['#414487', '#2a788e', '#22a884', '#7ad151', '#bddf26', '#fde725'],
} as const;

/** `n` colours (#rrggbb) evenly spaced along the piecewise-linear ramp through `stops`, first and last included. */
export function rampColours(stops: readonly string[], n: number): string[] {
  const rgb = stops.map(hexRgb);
  const out: string[] = [];
  if (rgb.length === 0 || n <= 0) return out;
  for (let k = 0; k < n; k++) {
    const t = n === 1 ? 1 : k / (n - 1);
    const pos = t * (rgb.length - 1);
    const j = Math.min(rgb.length - 2, Math.floor(pos));
    const a = rgb[Math.max(0, j)] as number[];
    const b = rgb[Math.max(0, j + 1)] ?? a;
    const u = pos - Math.max(0, j);
    out.push(rgbHex(a.map((c, m) => c + ((b[m] as number) - c) * u)));
  }
  return out;
}

/** Bin (0..bins-1) of an evaluation index within [0, hi]: the ramp colour it is drawn in. Out-of-range clamps. */
export function orderBin(order: number, hi: number, bins: number): number {
  if (!(hi > 0) || !Number.isFinite(order)) return bins - 1;
  return Math.max(0, Math.min(bins - 1, Math.floor((order / hi) * bins)));
}

/** Parses #rgb or #rrggbb into [r, g, b] (0-255); anything else is black. */
export function hexRgb(hex: string): number[] {
  const h = hex.trim().replace(/^#/, '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
  if (!/^[0-9a-f]{6}$/i.test(full)) return [0, 0, 0];
  return [0, 2, 4].map((k) => Number.parseInt(full.slice(k, k + 2), 16));
}

function rgbHex(c: readonly number[]): string {
  return `#${c
    .map((v) =>
      Math.round(Math.max(0, Math.min(255, v)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/** Relative luminance of an sRGB colour (WCAG 2.1 definition), 0 (black) to 1 (white). */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = hexRgb(hex).map((v) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2.1 contrast ratio between two colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((p, q) => q - p) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * Indices i < count whose (x[i], y[i]) lies inside the box spanned by the two x bounds and the two y bounds (in
 * either order, edges included), ascending. Non-finite points never match. Brushes are drawn in screen space and
 * inverted through the view's scales first, so this works for log axes too.
 */
export function indicesInBox(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  count: number,
  xa: number,
  xb: number,
  ya: number,
  yb: number,
): number[] {
  const [x0, x1] = xa <= xb ? [xa, xb] : [xb, xa];
  const [y0, y1] = ya <= yb ? [ya, yb] : [yb, ya];
  const out: number[] = [];
  const n = Math.min(count, x.length, y.length);
  for (let i = 0; i < n; i++) {
    const a = x[i] as number;
    const b = y[i] as number;
    // NaN fails every comparison, so it never matches.
    if (a >= x0 && a <= x1 && b >= y0 && b <= y1) out.push(i);
  }
  return out;
}

/**
 * Indices to keep when drawing step-after lines through columns that share x positions (a best-so-far curve and
 * its band): a point whose values all equal the previous point's adds nothing to a step line, so it is dropped —
 * except the last point, which carries the line to the final x. Values compare with Object.is, so NaN runs thin too.
 * A 100,000-evaluation run whose best improves 200 times draws ~200 vertices instead of 100,000.
 */
export function stepKeep(n: number, columns: readonly (ArrayLike<number> | undefined)[]): number[] {
  const cols = columns.filter((c): c is ArrayLike<number> => c !== undefined);
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i === 0 || i === n - 1 || cols.some((c) => !Object.is(c[i], c[i - 1]))) keep.push(i);
  }
  return keep;
}

/**
 * A marker for the software point raster: pixel offsets from the centre and coverage × opacity in 1/256ths.
 * Coverage is estimated by 4×4 supersampling, so edges are antialiased.
 */
export interface Marker {
  dx: Int16Array;
  dy: Int16Array;
  /** 1..256: 256 replaces the pixel, 128 mixes half. */
  alpha: Uint16Array;
  /** Largest |dx| or |dy|: markers centred at least this far from every edge need no clipping. */
  reach: number;
}

/**
 * The pixels of a marker of the given radius (device px, centre of the centre pixel at 0,0): a filled dot, a ring
 * of stroke `line` px, or an × whose arms reach 0.8·radius. `opacity` (0..1) scales every pixel's coverage.
 */
export function markerMask(kind: 'dot' | 'ring' | 'cross', radius: number, line: number, opacity: number): Marker {
  const reach = Math.ceil(radius + line);
  const arm = radius * 0.8;
  const inside = (x: number, y: number): boolean => {
    const r = Math.hypot(x, y);
    if (kind === 'dot') return r <= radius;
    if (kind === 'ring') return Math.abs(r - (radius - line / 2)) <= line / 2;
    // Distance to either diagonal, within the arms' square.
    return (
      Math.max(Math.abs(x), Math.abs(y)) <= arm && Math.min(Math.abs(x - y), Math.abs(x + y)) / Math.SQRT2 <= line / 2
    );
  };
  const dx: number[] = [];
  const dy: number[] = [];
  const alpha: number[] = [];
  for (let y = -reach; y <= reach; y++) {
    for (let x = -reach; x <= reach; x++) {
      let hits = 0;
      for (let sy = 0; sy < 4; sy++)
        for (let sx = 0; sx < 4; sx++) if (inside(x + (sx - 1.5) / 4, y + (sy - 1.5) / 4)) hits++;
      const a = Math.round((hits / 16) * opacity * 256);
      if (a <= 0) continue;
      dx.push(x);
      dy.push(y);
      alpha.push(a);
    }
  }
  let far = 0;
  for (let k = 0; k < alpha.length; k++) far = Math.max(far, Math.abs(dx[k] as number), Math.abs(dy[k] as number));
  return { dx: Int16Array.from(dx), dy: Int16Array.from(dy), alpha: Uint16Array.from(alpha), reach: far };
}

/**
 * A marker ready to blend in one colour into a buffer of one width: pixel offsets for the unclipped fast path, and
 * the source term (colour × alpha, red and blue packed together) and destination weight (256 − alpha) per pixel,
 * precomputed so the inner loop does two multiplies per pixel instead of four.
 */
export interface Stamp {
  m: Marker;
  off: Int32Array;
  srcRB: Uint32Array;
  srcG: Uint32Array;
  keep: Uint16Array;
}

/** The stamp of marker `m` in colour `rgb` (packRgb) for a buffer `width` pixels wide. */
export function stampOf(m: Marker, width: number, rgb: number): Stamp {
  const rb = rgb & 0xff00ff;
  const g = rgb & 0xff00;
  return {
    m,
    off: Int32Array.from(m.dx, (x, k) => (m.dy[k] as number) * width + x),
    srcRB: Uint32Array.from(m.alpha, (a) => rb * a),
    srcG: Uint32Array.from(m.alpha, (a) => g * a),
    keep: Uint16Array.from(m.alpha, (a) => 256 - a),
  };
}

/**
 * A colour as the 32-bit pixel ImageData holds on little-endian machines (all browser platforms): 0xAABBGGRR, here
 * with alpha 0xff.
 */
export function packRgb(hex: string): number {
  const [r, g, b] = hexRgb(hex) as [number, number, number];
  return (0xff000000 | (b << 16) | (g << 8) | r) >>> 0;
}

/**
 * Blends a stamp onto an opaque pixel buffer `width` × `height`, centred on pixel (cx, cy): per channel
 * out = (src·a + dst·(256 − a)) / 256 in sRGB bytes, as canvas source-over does. Red and blue are blended together
 * in one multiply (they sit 16 bits apart, and 0xff00ff · 256 still fits 32 bits). Pixels outside are clipped.
 * A canvas call per point costs ~1 µs in software rendering; this costs a few ns per pixel touched.
 */
export function blendStamp(buf: Uint32Array, width: number, height: number, cx: number, cy: number, s: Stamp): void {
  const { srcRB, srcG, keep } = s;
  const n = keep.length;
  const reach = s.m.reach;
  if (cx >= reach && cy >= reach && cx < width - reach && cy < height - reach) {
    const base = cy * width + cx;
    const off = s.off;
    for (let k = 0; k < n; k++) {
      const p = base + (off[k] as number);
      const d = buf[p] as number;
      const w = keep[k] as number;
      buf[p] =
        0xff000000 |
        ((((srcRB[k] as number) + (d & 0xff00ff) * w) >>> 8) & 0xff00ff) |
        ((((srcG[k] as number) + (d & 0xff00) * w) >>> 8) & 0xff00);
    }
    return;
  }
  const { dx, dy } = s.m;
  for (let k = 0; k < n; k++) {
    const x = cx + (dx[k] as number);
    const y = cy + (dy[k] as number);
    if (x < 0 || y < 0 || x >= width || y >= height) continue;
    const p = y * width + x;
    const d = buf[p] as number;
    const w = keep[k] as number;
    buf[p] =
      0xff000000 |
      ((((srcRB[k] as number) + (d & 0xff00ff) * w) >>> 8) & 0xff00ff) |
      ((((srcG[k] as number) + (d & 0xff00) * w) >>> 8) & 0xff00);
  }
}

/** Blends `count` pixels from index `start`, `step` apart (a grid line), with colour `rgb` at alpha a/256. */
export function blendRun(buf: Uint32Array, start: number, step: number, count: number, rgb: number, a: number): void {
  const rb = rgb & 0xff00ff;
  const g = rgb & 0xff00;
  const na = 256 - a;
  for (let k = 0, p = start; k < count && p < buf.length; k++, p += step) {
    const d = buf[p] as number;
    buf[p] =
      0xff000000 |
      ((((rb * a + (d & 0xff00ff) * na) >>> 8) & 0xff00ff) | (((g * a + (d & 0xff00) * na) >>> 8) & 0xff00));
  }
}

/**
 * Pixels a full redraw may blend: ~20 ms at the ~8 ns per pixel measured in software-rendered Chromium on a loaded
 * 2-core machine. Markers shrink as points multiply, to stay within it.
 */
export const PIXEL_BUDGET = 2.5e6;

/**
 * Marker radius in device px for `n` points: the design radius (CSS px × devicePixelRatio, in quarter pixels) while
 * n dots of it fit the pixel budget, else the largest quarter-pixel radius that does, never under `min`. Quarter
 * steps mean streaming changes it (and forces a full redraw) only a few times.
 */
export function markerRadius(n: number, cssRadius: number, dpr: number, min = 1.5): number {
  for (let r = Math.floor(cssRadius * dpr * 4) / 4; r > min; r -= 0.25) {
    if (Math.max(1, n) * dotPixels(r) <= PIXEL_BUDGET) return r;
  }
  return min;
}

const dotSizes = new Map<number, number>();
/** Pixels a radius-r dot touches, antialiased edges included (memoised: masks are small but called per frame). */
export function dotPixels(r: number): number {
  let k = dotSizes.get(r);
  if (k === undefined) {
    k = markerMask('dot', r, 0, 1).alpha.length;
    dotSizes.set(r, k);
  }
  return k;
}

/**
 * Fixed-radius nearest-point index over screen positions: a uniform grid of `cell`-px buckets, each a linked list
 * threaded through one Int32Array, so adding a point is O(1) (streaming appends go straight in) and a query scans
 * only the buckets within its radius. d3-quadtree answers the same query, but building one over 100,000 points took
 * 65-150 ms here (a long task on the first hover after every zoom); this builds in a few ms.
 */
export class GridIndex {
  readonly cols: number;
  readonly rows: number;
  private readonly head: Int32Array;
  private next = new Int32Array(0);

  /** Covers [0, width] × [0, height] px; points outside are not indexed. `capacity`: expected largest index + 1. */
  constructor(
    readonly width: number,
    readonly height: number,
    readonly cell = 8,
    capacity = 0,
  ) {
    this.cols = Math.max(1, Math.ceil(width / cell) + 1);
    this.rows = Math.max(1, Math.ceil(height / cell) + 1);
    this.head = new Int32Array(this.cols * this.rows).fill(-1);
    this.next = new Int32Array(capacity);
  }

  /** Indexes point i at (x, y) px. Each i must be added at most once. */
  add(i: number, x: number, y: number): void {
    if (!(x >= 0 && y >= 0 && x <= this.width && y <= this.height)) return;
    if (i >= this.next.length) {
      const grown = new Int32Array(Math.max(1024, (i + 1) * 1.5) | 0);
      grown.set(this.next);
      this.next = grown;
    }
    const c = Math.floor(y / this.cell) * this.cols + Math.floor(x / this.cell);
    this.next[i] = this.head[c] as number;
    this.head[c] = i;
  }

  /**
   * The indexed point nearest to (x, y) within `radius` px, or -1. Positions are read back from `px`/`py` (the
   * arrays the points were added from). Of points at the same distance the highest index wins (the latest evaluation).
   */
  nearest(px: ArrayLike<number>, py: ArrayLike<number>, x: number, y: number, radius: number): number {
    const c0 = Math.max(0, Math.floor((x - radius) / this.cell));
    const c1 = Math.min(this.cols - 1, Math.floor((x + radius) / this.cell));
    const r0 = Math.max(0, Math.floor((y - radius) / this.cell));
    const r1 = Math.min(this.rows - 1, Math.floor((y + radius) / this.cell));
    let best = -1;
    let bestD = radius * radius;
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        for (let i = this.head[r * this.cols + c] as number; i >= 0; i = this.next[i] as number) {
          const dx = (px[i] as number) - x;
          const dy = (py[i] as number) - y;
          const d = dx * dx + dy * dy;
          if (d < bestD || (d === bestD && i > best)) {
            best = i;
            bestD = d;
          }
        }
      }
    }
    return best;
  }
}
