import { POINT_STATUS } from '../core/analysis/point-status';
import {
  blendRun,
  blendStamp,
  GridIndex,
  type Marker,
  markerMask,
  orderBin,
  packRgb,
  relativeLuminance,
  type Stamp,
  stampOf,
} from './pareto-math';
import type { ParetoData, Scale } from './pareto-types';

/** Canvas colours, read from the CSS variables at each full redraw (a canvas cannot use var()). */
export interface Theme {
  /** 0xBBGGRR */
  panel: number;
  muted: string;
  /** 0xBBGGRR */
  border: number;
  dark: boolean;
}

/** Hover and click pick the nearest point within this many CSS px. */
const HIT_RADIUS = 8;
/** Stamps blended between clock checks: ~0.3 ms of work, so a frame overshoots its budget by little. */
const CHUNK = 4096;
/** Layer of each status, indexed by status, bottom to top: infeasible crosses, over-budget rings, feasible dots. */
const LAYER_OF_STATUS = new Uint8Array(3);
LAYER_OF_STATUS[POINT_STATUS.unmapped] = 0;
LAYER_OF_STATUS[POINT_STATUS.overBudget] = 1;
LAYER_OF_STATUS[POINT_STATUS.feasible] = 2;

/** A scale as screen = k·v + c (v in decades on log scales): ~10x faster than calling the d3 scale per point. */
export function linearOf(s: Scale, log: boolean): { k: number; c: number; log: boolean } {
  const [d0, d1] = (s.domain() as [number, number]).map((v) => (log ? Math.log10(v) : v)) as [number, number];
  const [r0, r1] = s.range() as [number, number];
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return { k, c: r0 - k * d0, log };
}

/**
 * The Pareto plot's points: a canvas whose pixels are blended in JS (`blendStamp`). Without a GPU, Chromium spends
 * ~1 µs per canvas call, so 100,000 drawImage or fillRect calls take 120-600 ms, while the pixel loop takes ~20 ms.
 * Points are projected to the screen as they arrive and queued; `drain` blends the queue within a time budget, so a
 * full repaint of 10^5 points is spread over a few frames instead of one long task. Shape encodes status (dot
 * feasible, ring over budget, grey cross infeasible) and colour the optimizer or the evaluation order.
 */
export class ParetoRaster {
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private img: ImageData | null = null;
  /** The canvas pixels (0xAABBGGRR). */
  private buf = new Uint32Array(0);
  /** Device pixels per CSS px at the last layout. */
  dpr = 1;
  /** Marker radius of the current stamps, device px. */
  rDev = 0;
  /** Stamp per style: 0 the infeasible cross, then a ring and a dot per colour. */
  private styles: Stamp[] = [];
  private styleKey = '';
  private colours: string[] = [];
  private byOrder = false;
  private orderHi = 0;

  /** Screen position (CSS px, plot origin) of each point at its projection; NaN when it cannot be placed. */
  private sx = new Float32Array(0);
  private sy = new Float32Array(0);
  /** Points [0, projectedTo) are projected; `placed` of them have a finite position. */
  projectedTo = 0;
  placed = 0;
  /** Indices waiting to be blended, [head, tail), in layer order per projected batch. */
  private queue = new Int32Array(0);
  private head = 0;
  private tail = 0;
  /** Hover index over screen positions: built on the first hover after a clear, appended to after that. */
  private tree: GridIndex | null = null;
  private w = 0;
  private h = 0;
  /** The data of the last projection (the queue indexes into it). */
  private data: ParetoData | null = null;

  constructor(container: HTMLElement) {
    this.canvas = document.createElement('canvas');
    Object.assign(this.canvas.style, { position: 'absolute', pointerEvents: 'none' });
    const ctx = this.canvas.getContext('2d');
    if (!ctx) throw new Error('ParetoChart: canvas 2D context unavailable');
    this.ctx = ctx;
    container.append(this.canvas);
  }

  /** Points queued but not yet blended: the picture is still being painted. */
  get pending(): boolean {
    return this.head < this.tail;
  }

  /** Canvas colours from `root`'s CSS variables. */
  readTheme(root: HTMLElement): Theme {
    const cs = getComputedStyle(root);
    const ctx = this.ctx;
    // The canvas normalises any CSS colour to #rrggbb, which the pixel raster and the luminance test can parse.
    const hex = (name: string, fallback: string) => {
      ctx.fillStyle = fallback;
      ctx.fillStyle = cs.getPropertyValue(name).trim() || fallback;
      return String(ctx.fillStyle);
    };
    const panel = hex('--panel', '#ffffff');
    return {
      panel: packRgb(panel),
      muted: hex('--muted', '#5a6472'),
      border: packRgb(hex('--border', '#d5dae1')),
      dark: relativeLuminance(panel) < 0.2,
    };
  }

  /** Places the canvas over the plot area (CSS px) and sizes its pixels to the device ratio. */
  layout(left: number, top: number, w: number, h: number): void {
    const dpr = window.devicePixelRatio || 1;
    const cw = Math.max(1, Math.round(w * dpr));
    const ch = Math.max(1, Math.round(h * dpr));
    if (!this.img || this.img.width !== cw || this.img.height !== ch) {
      this.canvas.width = cw;
      this.canvas.height = ch;
      this.img = this.ctx.createImageData(cw, ch);
      this.buf = new Uint32Array(this.img.data.buffer);
    }
    this.dpr = dpr;
    this.w = w;
    this.h = h;
    Object.assign(this.canvas.style, { left: `${left}px`, top: `${top}px`, width: `${w}px`, height: `${h}px` });
  }

  /**
   * Marker stamps for `colours` (one ring and one dot each, plus the grey cross) at radius `rDev` device px; points
   * are coloured by group (index into `colours`) or, when `orderHi` is given, by evaluation order over [0, orderHi].
   */
  setStyles(theme: Theme, colours: string[], rDev: number, orderHi: number | null): void {
    this.byOrder = orderHi !== null;
    this.orderHi = orderHi ?? 0;
    const cw = this.img?.width ?? 0;
    const key = `${rDev}|${this.dpr}|${cw}|${theme.muted}|${colours.join()}`;
    if (key === this.styleKey) return;
    this.styleKey = key;
    this.rDev = rDev;
    this.colours = colours;
    const dpr = this.dpr;
    const make = (m: Marker, colour: string) => stampOf(m, cw, packRgb(colour));
    const cross = markerMask('cross', rDev, dpr, 0.5);
    const ring = markerMask('ring', rDev, 1.1 * dpr, 0.85);
    const dot = markerMask('dot', rDev, 0, 0.75);
    this.styles = [make(cross, theme.muted), ...colours.map((c) => make(ring, c)), ...colours.map((c) => make(dot, c))];
  }

  /** Empties the picture: panel background and grid lines at the ticks' screen positions (CSS px). */
  clear(theme: Theme, gridX: number[], gridY: number[]): void {
    const [cw, ch, dpr] = [this.img?.width ?? 0, this.img?.height ?? 0, this.dpr];
    // The grid goes into the pixel buffer under the points (an SVG grid would sit on top of them).
    this.buf.fill(theme.panel);
    const gridA = 150;
    for (const v of gridX) {
      const px = Math.round(v * dpr);
      if (px >= 0 && px < cw) blendRun(this.buf, px, cw, ch, theme.border, gridA);
    }
    for (const v of gridY) {
      const py = Math.round(v * dpr);
      if (py >= 0 && py < ch) blendRun(this.buf, py * cw, 1, cw, theme.border, gridA);
    }
    this.projectedTo = 0;
    this.placed = 0;
    this.head = 0;
    this.tail = 0;
    this.tree = null;
  }

  /**
   * Projects points [projectedTo, d.count) to the screen and queues the on-canvas ones, counting-sorted by layer
   * (infeasible, over budget, feasible) so the layers stack in that order while each stays in evaluation order
   * (optimizers interleave rather than the last one covering the rest).
   */
  project(d: ParetoData, vx: Scale, vy: Scale, xLog: boolean, yLog: boolean): void {
    const from = this.projectedTo;
    const to = d.count;
    if (to <= from) return;
    this.ensure(to);
    const px = linearOf(vx, xLog);
    const py = linearOf(vy, yLog);
    const { sx, sy, dpr } = this;
    const [cw, ch] = [this.img?.width ?? 0, this.img?.height ?? 0];
    const reach = Math.ceil(this.rDev + 2 * dpr);
    const on = (X: number, Y: number) =>
      X * dpr >= -reach && Y * dpr >= -reach && X * dpr < cw + reach && Y * dpr < ch + reach;
    const start = [0, 0, 0, 0];
    let placed = 0;
    for (let i = from; i < to; i++) {
      const xv = d.x[i] as number;
      const yv = d.y[i] as number;
      const X = px.k * (px.log ? (xv > 0 ? Math.log10(xv) : Number.NaN) : xv) + px.c;
      const Y = py.k * (py.log ? (yv > 0 ? Math.log10(yv) : Number.NaN) : yv) + py.c;
      sx[i] = X;
      sy[i] = Y;
      if (!Number.isFinite(X) || !Number.isFinite(Y)) continue;
      placed++;
      if (on(X, Y)) {
        const l = (LAYER_OF_STATUS[d.status[i] as number] ?? 0) + 1;
        start[l] = (start[l] as number) + 1;
      }
    }
    const visible = (start[1] as number) + (start[2] as number) + (start[3] as number);
    const base = this.tail;
    start[0] = base;
    start[1] = (start[1] as number) + base;
    start[2] = (start[2] as number) + (start[1] as number);
    start[3] = (start[3] as number) + (start[2] as number);
    const q = this.queue;
    for (let i = from; i < to; i++) {
      // NaN fails the bounds test too.
      if (!on(sx[i] as number, sy[i] as number)) continue;
      const l = LAYER_OF_STATUS[d.status[i] as number] ?? 0;
      q[start[l] as number] = i;
      start[l] = (start[l] as number) + 1;
    }
    this.tail = base + visible;
    if (this.tree) for (let i = from; i < to; i++) this.tree.add(i, sx[i] as number, sy[i] as number);
    this.projectedTo = to;
    this.placed += placed;
    this.data = d;
  }

  /** Blends queued points for about `budgetMs`, then copies the pixels to the canvas; true when the queue is empty. */
  drain(budgetMs: number): boolean {
    const d = this.data;
    if (!d || !this.img || this.head >= this.tail) return this.head >= this.tail;
    const t0 = performance.now();
    const { buf, styles, sx, sy, dpr, queue } = this;
    const [cw, ch] = [this.img.width, this.img.height];
    const nC = Math.max(1, this.colours.length);
    const byOrder = this.byOrder;
    let k = this.head;
    while (k < this.tail) {
      const end = Math.min(this.tail, k + CHUNK);
      for (; k < end; k++) {
        const i = queue[k] as number;
        const st = d.status[i];
        let s = 0;
        if (st !== POINT_STATUS.unmapped) {
          const gi = d.group[i] ?? 0;
          const c = byOrder ? orderBin(d.order[i] ?? 0, this.orderHi, nC) : ((gi % nC) + nC) % nC;
          s = st === POINT_STATUS.overBudget ? 1 + c : 1 + nC + c;
        }
        const stamp = styles[s];
        if (stamp)
          blendStamp(buf, cw, ch, Math.round((sx[i] as number) * dpr), Math.round((sy[i] as number) * dpr), stamp);
      }
      if (performance.now() - t0 > budgetMs) break;
    }
    this.head = k;
    if (this.head >= this.tail) this.head = this.tail = 0;
    this.ctx.putImageData(this.img, 0, 0);
    return this.head >= this.tail;
  }

  /** The point nearest to (mx, my) CSS px in the plot, within the hit radius, or null. */
  nearest(mx: number, my: number): number | null {
    if (!this.tree) {
      // Lazily: zooming clears every frame, but hovering needs the index only once it stops.
      this.tree = new GridIndex(this.w, this.h, HIT_RADIUS, this.projectedTo);
      for (let i = 0; i < this.projectedTo; i++) this.tree.add(i, this.sx[i] as number, this.sy[i] as number);
    }
    const i = this.tree.nearest(this.sx, this.sy, mx, my, HIT_RADIUS);
    return i >= 0 ? i : null;
  }

  /** Room for `n` screen positions and queue entries, keeping what is there. */
  private ensure(n: number): void {
    if (this.sx.length < n) {
      const cap = Math.max(1024, n * 1.5) | 0;
      const nx = new Float32Array(cap);
      const ny = new Float32Array(cap);
      nx.set(this.sx.subarray(0, this.projectedTo));
      ny.set(this.sy.subarray(0, this.projectedTo));
      this.sx = nx;
      this.sy = ny;
    }
    const need = this.tail - this.head + (n - this.projectedTo);
    if (this.head > 0) {
      // Blended entries are done with: move the waiting ones to the front.
      this.queue.copyWithin(0, this.head, this.tail);
      this.tail -= this.head;
      this.head = 0;
    }
    if (this.queue.length < need) {
      const q = new Int32Array(Math.max(1024, need * 1.5) | 0);
      q.set(this.queue.subarray(0, this.tail));
      this.queue = q;
    }
  }
}
