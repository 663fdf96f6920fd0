import {
  axisBottom,
  axisLeft,
  type D3ZoomEvent,
  type NumberValue,
  pointer,
  type ScaleContinuousNumeric,
  type Selection,
  scaleLinear,
  scaleLog,
  schemeTableau10,
  select,
  type ZoomBehavior,
  type ZoomTransform,
  zoom,
  zoomIdentity,
} from 'd3';
import { legendLayout, logTicks, siTick } from './chart-math';
import {
  blendRun,
  blendStamp,
  type Domain,
  extent2d,
  extentOf,
  GROW_HEADROOM,
  GridIndex,
  grownDomain,
  indicesInBox,
  type Marker,
  markerMask,
  markerRadius,
  ORDER_RAMPS,
  orderBin,
  packRgb,
  rampColours,
  relativeLuminance,
  type Stamp,
  stampOf,
} from './pareto-math';

/** Columnar evaluations, owned by the caller: append-only buffers that may be reallocated as they grow. */
export interface ParetoData {
  count: number;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** 0 feasible, 1 infeasible, 2 over budget. */
  status: ArrayLike<number>;
  /** Index into `groupNames` (the optimizer). */
  group: ArrayLike<number>;
  /** Evaluation index, for colouring by order. */
  order: ArrayLike<number>;
}

export interface ParetoAxes {
  xLabel: string;
  yLabel: string;
  xLog?: boolean;
  yLog?: boolean;
}

export interface ParetoOptions extends ParetoAxes {
  width: number;
  height: number;
  /** Optimizer names; group k is drawn in `groupColour(k)`. */
  groupNames: string[];
  onHover?(i: number | null, clientX: number, clientY: number): void;
  onClick?(i: number): void;
  onBrush?(indices: number[]): void;
}

export interface BudgetLine {
  axis: 'x' | 'y';
  value: number;
  label: string;
}

type G = Selection<SVGGElement, unknown, null, undefined>;
type Scale = ScaleContinuousNumeric<number, number>;

/** Colour of optimizer k, shared with the convergence plot: Tableau 10 is mid-luminance, so it reads on both themes. */
export function groupColour(k: number): string {
  const n = schemeTableau10.length;
  return schemeTableau10[((k % n) + n) % n] ?? '#4e79a7';
}

const M = { top: 8, right: 16, bottom: 40, left: 58 };
/** Hover and click pick the nearest point within this many CSS px. */
const HIT_RADIUS = 8;
const ORDER_BINS = 24;
/** More highlight rings than this are not drawn: they would cover the plot and cost a DOM node each. */
const MAX_RINGS = 5000;
/** Marker radius, CSS px: small enough that 100,000 points still show density. */
const R = 2.4;
let seq = 0;

/** Canvas colours, read from the CSS variables at each full redraw (a canvas cannot use var()). */
interface Theme {
  panel: number;
  muted: string;
  border: number;
  dark: boolean;
}

/**
 * Streaming Pareto scatter: points on a canvas, axes and annotations in an SVG on top. Markers are blended into the
 * canvas pixels in JS (`blendStamp`): without a GPU, Chromium spends ~1 µs per canvas call, so 100,000 drawImage
 * or fillRect calls take 120-600 ms, while the pixel loop takes ~20 ms. Appends are drawn incrementally at most
 * once per animation frame; domains grow with headroom so full redraws stay rare. Shape encodes status (dot
 * feasible, ring over budget, grey cross infeasible) and colour the optimizer or the evaluation order. The chart
 * owns the inside of `container`, whose `data-count` is the number of points drawn and `data-front` the number of
 * front points shown.
 */
export class ParetoChart {
  private o: ParetoOptions;
  private readonly root: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly parts: Record<'legend' | 'plot' | 'xAxis' | 'yAxis' | 'labels' | 'annot', G>;
  private readonly overlay: Selection<SVGRectElement, unknown, null, undefined>;
  private readonly zoomer: ZoomBehavior<SVGRectElement, unknown>;
  private readonly observer: MutationObserver;
  private readonly uid = ++seq;

  private data: ParetoData = { count: 0, x: [], y: [], status: [], group: [], order: [] };
  private mode: 'zoom' | 'brush' = 'zoom';
  private colorMode: 'group' | 'order' = 'group';
  private front: number[] = [];
  private budget: BudgetLine | null = null;
  private highlighted: number[] = [];
  private orderMax: number | null = null;

  private xDom: Domain | null = null;
  private yDom: Domain | null = null;
  /** Points [0, extTo) are inside the domains. */
  private extTo = 0;
  /** Top of the evaluation-order colour range, and the largest order among points [0, orderTo). */
  private orderHi = 0;
  private orderSeen = 0;
  private orderTo = 0;
  private transform: ZoomTransform = zoomIdentity;
  private vx: Scale = scaleLinear();
  private vy: Scale = scaleLinear();
  private innerW = 0;
  private innerH = 0;
  private dpr = 1;
  private theme: Theme | null = null;
  private img: ImageData | null = null;
  /** The canvas pixels (0xAABBGGRR), blended in JS: a canvas call per point costs ~1 µs without a GPU. */
  private buf = new Uint32Array(0);
  /** Stamp per style: 0 the infeasible cross, then a ring and a dot per colour. */
  private styles: Stamp[] = [];
  /** Indices of the points being painted, sorted by layer. */
  private scratch = new Int32Array(0);
  private styleKey = '';
  /** Marker radius of the last full redraw, device px. */
  private rDev = 0;
  private colours: string[] = [];

  /** Screen position (CSS px, plot origin) of each point at the last draw; NaN when not drawn. */
  private sx = new Float32Array(0);
  private sy = new Float32Array(0);
  private drawnTo = 0;
  private drawnCount = 0;
  /** Hover index over screen positions; built on the first hover after a full redraw, appended to after that. */
  private tree: GridIndex | null = null;
  private hovered: number | null = null;
  private brushFrom: [number, number] | null = null;
  private swallowClick = false;

  private raf = 0;
  private needFull = true;
  private needAnnot = false;
  /** Timings (ms) of the last full redraw and the last frame, and the number of full redraws; read by benchmarks. */
  readonly stats = { lastFullMs: 0, lastFrameMs: 0, fullRedraws: 0 };

  constructor(container: HTMLElement, opts: ParetoOptions) {
    this.root = container;
    this.o = { ...opts };
    container.replaceChildren();
    if (getComputedStyle(container).position === 'static') container.style.position = 'relative';
    this.canvas = document.createElement('canvas');
    Object.assign(this.canvas.style, { position: 'absolute', pointerEvents: 'none' });
    const ctx = this.canvas.getContext('2d');
    if (!ctx) throw new Error('ParetoChart: canvas 2D context unavailable');
    this.ctx = ctx;
    container.append(this.canvas);
    this.svg = select(container)
      .append('svg')
      .attr('role', 'img')
      .style('display', 'block')
      .style('position', 'relative')
      .style('max-width', 'none');
    const legend = this.svg.append('g').attr('class', 'pareto-legend');
    const plot = this.svg.append('g').attr('class', 'pareto-plot');
    this.svg.append('defs').append('clipPath').attr('id', `pareto-clip-${this.uid}`).append('rect');
    const xAxis = plot.append('g').attr('class', 'axis');
    const yAxis = plot.append('g').attr('class', 'axis');
    const labels = plot.append('g').attr('pointer-events', 'none');
    const annot = plot
      .append('g')
      .attr('class', 'annotations')
      .attr('clip-path', `url(#pareto-clip-${this.uid})`)
      .attr('pointer-events', 'none')
      .attr('fill', 'none');
    this.parts = { legend, plot, xAxis, yAxis, labels, annot };
    this.overlay = plot
      .append('rect')
      .attr('class', 'pareto-overlay')
      .attr('fill', 'transparent')
      .style('cursor', 'crosshair');

    this.zoomer = zoom<SVGRectElement, unknown>()
      .scaleExtent([1, 1e4])
      .filter((ev: Event) => this.zoomAllows(ev))
      .on('zoom', (ev: D3ZoomEvent<SVGRectElement, unknown>) => {
        this.transform = ev.transform;
        this.needFull = true;
        this.schedule();
      });
    this.overlay.call(this.zoomer).on('dblclick.zoom', null);
    // One finger scrolls the page on phones; pinch (two touches) zooms and pans the chart.
    this.overlay.style('touch-action', 'pan-y');
    this.overlay
      .on('dblclick', () => this.resetZoom())
      .on('pointerdown', (ev: PointerEvent) => this.brushStart(ev))
      .on('pointermove', (ev: PointerEvent) => this.pointerMove(ev))
      .on('pointerup', (ev: PointerEvent) => this.brushEnd(ev))
      .on('pointerleave', (ev: PointerEvent) => {
        if (!this.brushFrom) this.hover(null, ev.clientX, ev.clientY);
      })
      .on('click', (ev: MouseEvent) => this.click(ev));
    // The theme is a data-theme attribute on <html>; canvas colours must be re-read when it flips.
    this.observer = new MutationObserver(() => this.redraw());
    this.observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class'] });
    this.schedule();
  }

  setData(d: ParetoData): void {
    if (d.count < this.drawnTo) this.refit();
    this.data = d;
  }

  /** Call after appending: schedules one draw on the next animation frame (incremental when domains hold). */
  invalidate(): void {
    this.schedule();
  }

  /** Forces a full redraw (re-reading theme colours) on the next frame. */
  redraw(): void {
    this.needFull = true;
    this.schedule();
  }

  setColorMode(mode: 'group' | 'order'): void {
    if (mode === this.colorMode) return;
    this.colorMode = mode;
    this.redraw();
  }

  /** Fixes the evaluation-order colour range to [0, n] (e.g. the study budget) so colours never shift; null = auto. */
  setOrderMax(n: number | null): void {
    this.orderMax = n !== null && n > 0 ? n : null;
    this.redraw();
  }

  setGroupNames(names: string[]): void {
    this.o.groupNames = [...names];
    this.redraw();
  }

  setMode(mode: 'zoom' | 'brush'): void {
    this.mode = mode;
    this.overlay.style('touch-action', mode === 'brush' ? 'none' : 'pan-y');
  }

  setAxes(a: ParetoAxes): void {
    const o = this.o;
    const changed = !!a.xLog !== !!o.xLog || !!a.yLog !== !!o.yLog || a.xLabel !== o.xLabel || a.yLabel !== o.yLabel;
    Object.assign(o, a);
    // New metrics or scales: fit afresh from the whole view. (Labels are the metrics' names.)
    if (changed) this.resetZoom();
  }

  /** The Pareto front (indices, computed by the caller), drawn as a step line. */
  setFront(indices: number[]): void {
    this.front = indices;
    this.needAnnot = true;
    this.schedule();
  }

  setBudget(line: BudgetLine | null): void {
    this.budget = line;
    this.needAnnot = true;
    this.schedule();
  }

  /** Rings around selected or pinned points. */
  highlight(indices: number[]): void {
    this.highlighted = indices;
    this.needAnnot = true;
    this.schedule();
  }

  resize(width: number, height: number): void {
    if (width === this.o.width && height === this.o.height) return;
    this.o.width = width;
    this.o.height = height;
    // A zoom transform is in pixels of the old size; rather than a shifted view, show everything again.
    if (this.transform.k !== 1) this.overlay.call(this.zoomer.transform, zoomIdentity);
    this.redraw();
  }

  /** Back to the whole data set, fitted tightly. */
  resetZoom(): void {
    this.refit();
    this.overlay.call(this.zoomer.transform, zoomIdentity);
    this.redraw();
  }

  destroy(): void {
    cancelAnimationFrame(this.raf);
    this.raf = 0;
    this.observer.disconnect();
    this.overlay.on('.zoom', null).on('dblclick pointerdown pointermove pointerup pointerleave click', null);
    this.root.replaceChildren();
    delete this.root.dataset.count;
    delete this.root.dataset.front;
  }

  private refit(): void {
    this.xDom = null;
    this.yDom = null;
    this.extTo = 0;
    this.orderHi = 0;
    this.orderSeen = 0;
    this.orderTo = 0;
    this.drawnTo = 0;
    this.needFull = true;
  }

  private schedule(): void {
    if (!this.raf) this.raf = requestAnimationFrame(() => this.frame());
  }

  private frame(): void {
    const t0 = performance.now();
    this.raf = 0;
    const d = this.data;
    const from = this.drawnTo;
    const to = d.count;
    // Domains grow only while the view is not zoomed (growing them under a zoomed view would move it); points that
    // arrive meanwhile are taken into account once it is not.
    if (this.transform.k === 1 && to > this.extTo) {
      const ext = extent2d(d.x, d.y, this.extTo, to, !!this.o.xLog, !!this.o.yLog);
      const xd = ext.x || this.xDom ? grownDomain(this.xDom, ext.x, !!this.o.xLog) : null;
      const yd = ext.y || this.yDom ? grownDomain(this.yDom, ext.y, !!this.o.yLog) : null;
      if (xd !== this.xDom || yd !== this.yDom) this.needFull = true;
      this.xDom = xd;
      this.yDom = yd;
      this.extTo = to;
    }
    // Markers shrink as points multiply (see markerRadius); every point must then be redrawn at the new size.
    if (markerRadius(to, R, this.dpr) < this.rDev) this.needFull = true;
    if (to > this.orderTo) {
      this.orderSeen = Math.max(this.orderSeen, extentOf(d.order, this.orderTo, to, false)?.[1] ?? 0);
      this.orderTo = to;
    }
    if (this.colorMode === 'order') {
      const hi = this.orderMax ?? this.orderSeen;
      if (hi > this.orderHi || (this.orderMax !== null && hi !== this.orderHi)) {
        // Colours are binned over [0, orderHi]; growing it with headroom re-colours everything only a few times.
        this.orderHi = this.orderMax ?? (this.orderHi === 0 ? hi : hi * (1 + GROW_HEADROOM));
        this.needFull = true;
      }
    }
    if (this.needFull) this.full();
    else if (to > from) this.paint(from, to);
    // Appends do not move annotations; setFront/highlight/hover set needAnnot themselves.
    if (this.needFull || this.needAnnot) this.annotate();
    this.needFull = false;
    this.needAnnot = false;
    this.root.dataset.count = String(this.drawnCount);
    this.stats.lastFrameMs = performance.now() - t0;
  }

  private full(): void {
    const t0 = performance.now();
    const { width, height } = this.o;
    this.readTheme();
    const legendH = this.drawLegend();
    const top = M.top + legendH;
    const w = Math.max(20, width - M.left - M.right);
    const h = Math.max(20, height - top - M.bottom);
    this.innerW = w;
    this.innerH = h;
    this.svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
    this.svg.attr('aria-label', `Pareto plot: ${this.o.yLabel} against ${this.o.xLabel}`);
    this.parts.plot.attr('transform', `translate(${M.left},${top})`);
    this.svg.select(`#pareto-clip-${this.uid} rect`).attr('width', w).attr('height', h);
    this.overlay.attr('width', w).attr('height', h);
    const extent: [[number, number], [number, number]] = [
      [0, 0],
      [w, h],
    ];
    this.zoomer.extent(extent).translateExtent(extent);

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
    Object.assign(this.canvas.style, { left: `${M.left}px`, top: `${top}px`, width: `${w}px`, height: `${h}px` });
    this.buildStyles(markerRadius(this.data.count, R, dpr));

    const bx = (this.o.xLog ? scaleLog() : scaleLinear()).domain(this.xDom ?? grownDomain(null, null, !!this.o.xLog));
    const by = (this.o.yLog ? scaleLog() : scaleLinear()).domain(this.yDom ?? grownDomain(null, null, !!this.o.yLog));
    bx.range([0, w]);
    by.range([h, 0]);
    this.vx = this.transform.rescaleX(bx);
    this.vy = this.transform.rescaleY(by);
    const xTicks = ticksOf(this.vx, !!this.o.xLog, Math.max(2, Math.floor(w / 70)));
    const yTicks = ticksOf(this.vy, !!this.o.yLog, Math.max(2, Math.floor(h / 40)));
    const fmt = (v: NumberValue) => siTick(Number(v));
    this.parts.xAxis
      .attr('transform', `translate(0,${h})`)
      .call(axisBottom(this.vx).tickValues(xTicks).tickFormat(fmt));
    this.parts.yAxis.call(axisLeft(this.vy).tickValues(yTicks).tickFormat(fmt));
    this.drawLabels(w, h);

    // Panel background and grid go into the pixel buffer under the points (an SVG grid would sit on top of them).
    const t = this.theme as Theme;
    this.buf.fill(t.panel);
    const gridA = 150;
    for (const v of xTicks) {
      const px = Math.round(this.vx(v) * dpr);
      if (px >= 0 && px < cw) blendRun(this.buf, px, cw, ch, t.border, gridA);
    }
    for (const v of yTicks) {
      const py = Math.round(this.vy(v) * dpr);
      if (py >= 0 && py < ch) blendRun(this.buf, py * cw, 1, cw, t.border, gridA);
    }

    this.drawnTo = 0;
    this.drawnCount = 0;
    this.tree = null;
    this.paint(0, this.data.count);
    this.stats.lastFullMs = performance.now() - t0;
    this.stats.fullRedraws++;
  }

  /**
   * Projects points [from, to) to the screen and blends them into the pixel buffer: infeasible crosses first, then
   * over-budget rings, then feasible dots, each layer in evaluation order (so optimizers interleave rather than the
   * last one covering the rest). The canvas then gets the buffer in one putImageData.
   */
  private paint(from: number, to: number): void {
    const d = this.data;
    if (this.sx.length < to) {
      const cap = Math.max(1024, to * 1.5) | 0;
      const nx = new Float32Array(cap);
      const ny = new Float32Array(cap);
      nx.set(this.sx.subarray(0, this.drawnTo));
      ny.set(this.sy.subarray(0, this.drawnTo));
      this.sx = nx;
      this.sy = ny;
    }
    const n = to - from;
    if (this.scratch.length < n) this.scratch = new Int32Array(Math.max(1024, n * 1.5) | 0);
    const px = linearOf(this.vx, !!this.o.xLog);
    const py = linearOf(this.vy, !!this.o.yLog);
    const { sx, sy, styles, dpr, scratch } = this;
    const [cw, ch] = [this.img?.width ?? 0, this.img?.height ?? 0];
    const reach = Math.ceil(this.rDev + 2 * dpr);
    const nC = Math.max(1, this.colours.length);
    const byOrder = this.colorMode === 'order';
    // Project every point; keep the on-canvas ones in `scratch`, counting-sorted by layer (infeasible, over budget,
    // feasible) so the layers stack in that order while each stays in evaluation order.
    const layerOf = (i: number) => (d.status[i] === 0 ? 2 : d.status[i] === 2 ? 1 : 0);
    const start = [0, 0, 0, 0];
    let drawn = 0;
    for (let i = from; i < to; i++) {
      const xv = d.x[i] as number;
      const yv = d.y[i] as number;
      const X = px.k * (px.log ? (xv > 0 ? Math.log10(xv) : Number.NaN) : xv) + px.c;
      const Y = py.k * (py.log ? (yv > 0 ? Math.log10(yv) : Number.NaN) : yv) + py.c;
      sx[i] = X;
      sy[i] = Y;
      if (!Number.isFinite(X) || !Number.isFinite(Y)) continue;
      drawn++;
      const DX = X * dpr;
      const DY = Y * dpr;
      if (DX >= -reach && DY >= -reach && DX < cw + reach && DY < ch + reach) {
        const l = layerOf(i) + 1;
        start[l] = (start[l] as number) + 1;
      }
    }
    const visible = (start[1] as number) + (start[2] as number) + (start[3] as number);
    start[2] = (start[2] as number) + (start[1] as number);
    start[3] = (start[3] as number) + (start[2] as number);
    for (let i = from; i < to; i++) {
      const DX = (sx[i] as number) * dpr;
      const DY = (sy[i] as number) * dpr;
      // NaN fails these comparisons too.
      if (!(DX >= -reach && DY >= -reach && DX < cw + reach && DY < ch + reach)) continue;
      const l = layerOf(i);
      scratch[start[l] as number] = i;
      start[l] = (start[l] as number) + 1;
    }
    if (this.img) {
      const buf = this.buf;
      for (let k = 0; k < visible; k++) {
        const i = scratch[k] as number;
        const st = d.status[i];
        let s = 0;
        if (st === 0 || st === 2) {
          const gi = d.group[i] ?? 0;
          const c = byOrder ? orderBin(d.order[i] ?? 0, this.orderHi, nC) : ((gi % nC) + nC) % nC;
          s = st === 2 ? 1 + c : 1 + nC + c;
        }
        const stamp = styles[s];
        const X = Math.round((sx[i] as number) * dpr);
        const Y = Math.round((sy[i] as number) * dpr);
        if (stamp) blendStamp(buf, cw, ch, X, Y, stamp);
      }
      this.ctx.putImageData(this.img, 0, 0);
    }
    if (this.tree) for (let i = from; i < to; i++) this.tree.add(i, sx[i] as number, sy[i] as number);
    this.drawnTo = to;
    this.drawnCount += drawn;
  }

  private readTheme(): void {
    const cs = getComputedStyle(this.root);
    const ctx = this.ctx;
    // The canvas normalises any CSS colour to #rrggbb, which the pixel raster and the luminance test can parse.
    const hex = (name: string, fallback: string) => {
      ctx.fillStyle = fallback;
      ctx.fillStyle = cs.getPropertyValue(name).trim() || fallback;
      return String(ctx.fillStyle);
    };
    const panel = hex('--panel', '#ffffff');
    this.theme = {
      panel: packRgb(panel),
      muted: hex('--muted', '#5a6472'),
      border: packRgb(hex('--border', '#d5dae1')),
      dark: relativeLuminance(panel) < 0.2,
    };
  }

  /** One marker and colour per style: 0 the infeasible cross, then a ring and a dot per colour. */
  private buildStyles(rDev: number): void {
    const t = this.theme as Theme;
    const colours =
      this.colorMode === 'order'
        ? rampColours(t.dark ? ORDER_RAMPS.dark : ORDER_RAMPS.light, ORDER_BINS)
        : // Past ten optimizers colours repeat (Tableau 10), so ten styles cover any number of groups.
          Array.from({ length: Math.min(10, Math.max(1, this.o.groupNames.length)) }, (_, k) => groupColour(k));
    const cw = this.img?.width ?? 0;
    const key = `${rDev}|${this.dpr}|${cw}|${t.muted}|${colours.join()}`;
    if (key === this.styleKey) return;
    this.styleKey = key;
    this.rDev = rDev;
    this.colours = colours;
    const dpr = this.dpr;
    const make = (m: Marker, colour: string) => stampOf(m, cw, packRgb(colour));
    const cross = markerMask('cross', rDev, dpr, 0.5);
    const ring = markerMask('ring', rDev, 1.1 * dpr, 0.85);
    const dot = markerMask('dot', rDev, 0, 0.75);
    this.styles = [make(cross, t.muted), ...colours.map((c) => make(ring, c)), ...colours.map((c) => make(dot, c))];
  }

  private drawLegend(): number {
    const g = this.parts.legend.attr('transform', `translate(${M.left},${M.top})`);
    g.selectAll('*').remove();
    const byOrder = this.colorMode === 'order';
    // The order item's gradient is wider than a swatch: figure spaces in its label reserve the room.
    const reserve = '\u2007'.repeat(4);
    const first = byOrder
      ? [`${reserve}evaluation ${siTick(0)}–${siTick(this.orderHi || this.data.count)}`]
      : this.o.groupNames;
    const status = ['feasible', 'over budget', 'infeasible', 'Pareto front'];
    const labels = [...first, ...status];
    const lay = legendLayout(labels, Math.max(60, this.o.width - M.left - M.right));
    const gid = `pareto-ramp-${this.uid}`;
    labels.forEach((label, k) => {
      const s = lay.slots[k] ?? { x: 0, y: 0 };
      const item = g.append('g').attr('class', 'legend-item').attr('transform', `translate(${s.x},${s.y})`);
      const text = item.append('text').attr('class', 'axis-label').attr('x', 14).attr('y', 10).text(label);
      const kind = k - first.length;
      if (byOrder && k === 0) {
        const ramp = rampColours(this.theme?.dark ? ORDER_RAMPS.dark : ORDER_RAMPS.light, 6);
        const grad = item.append('linearGradient').attr('id', gid);
        ramp.forEach((c, j) => {
          grad
            .append('stop')
            .attr('offset', j / (ramp.length - 1))
            .attr('stop-color', c);
        });
        item.append('rect').attr('y', 1).attr('width', 36).attr('height', 10).style('fill', `url(#${gid})`);
        text.attr('x', 40).text(label.slice(reserve.length));
      } else if (kind < 0) {
        item.append('circle').attr('cx', 5).attr('cy', 6).attr('r', 4.5).style('fill', groupColour(k));
      } else if (kind === 0) {
        item.append('circle').attr('cx', 5).attr('cy', 6).attr('r', 3.5).style('fill', 'var(--fg)');
      } else if (kind === 1) {
        item
          .append('circle')
          .attr('cx', 5)
          .attr('cy', 6)
          .attr('r', 3.5)
          .style('fill', 'none')
          .style('stroke', 'var(--fg)')
          .style('stroke-width', 1.3);
      } else if (kind === 2) {
        item.append('path').attr('d', 'M2,3L8,9M8,3L2,9').style('stroke', 'var(--muted)').style('stroke-width', 1.3);
      } else {
        item
          .append('path')
          .attr('d', 'M0,3H5V9H11')
          .style('fill', 'none')
          .style('stroke', 'var(--fg)')
          .style('stroke-width', 2);
      }
    });
    return lay.height + 6;
  }

  private drawLabels(w: number, h: number): void {
    const g = this.parts.labels;
    g.selectAll('*').remove();
    g.append('text')
      .attr('class', 'axis-label')
      .attr('x', w / 2)
      .attr('y', h + 32)
      .attr('text-anchor', 'middle')
      .text(this.o.xLabel);
    g.append('text')
      .attr('class', 'axis-label')
      .attr('transform', `translate(-46,${h / 2}) rotate(-90)`)
      .attr('text-anchor', 'middle')
      .text(this.o.yLabel);
  }

  /** Front, budget line, highlight and hover rings: SVG, re-placed from the data on every draw. */
  private annotate(): void {
    const g = this.parts.annot;
    const d = this.data;
    const X = (i: number) => this.vx(d.x[i] as number);
    const Y = (i: number) => this.vy(d.y[i] as number);
    const ok = (i: number) => i >= 0 && i < d.count && Number.isFinite(X(i)) && Number.isFinite(Y(i));

    const [w, h] = [this.innerW, this.innerH];
    const b = this.budget;
    const bv = b ? (b.axis === 'x' ? this.vx(b.value) : this.vy(b.value)) : Number.NaN;
    const budget = g
      .selectAll<SVGGElement, BudgetLine>('g.budget')
      .data(b && Number.isFinite(bv) ? [b] : [])
      .join((e) => {
        const gg = e.append('g').attr('class', 'budget');
        gg.append('path').style('stroke', 'var(--error)').style('stroke-width', 1.5).attr('stroke-dasharray', '6 4');
        gg.append('text')
          .attr('class', 'axis-label')
          .style('fill', 'var(--error)')
          .style('stroke', 'var(--panel)')
          .style('stroke-width', 3)
          .style('paint-order', 'stroke');
        return gg;
      });
    budget.select('path').attr('d', (l) => (l.axis === 'x' ? `M${bv},0V${h}` : `M0,${bv}H${w}`));
    // The label sits beside the line, on whichever side has room (text width estimated at 6.2 px a character).
    const flip = b ? (b.axis === 'x' ? bv + 8 + b.label.length * 6.2 > w : bv < 16) : false;
    budget
      .select('text')
      .attr('x', (l) => (l.axis === 'x' ? (flip ? bv - 4 : bv + 4) : w - 4))
      .attr('y', (l) => (l.axis === 'x' ? 12 : flip ? bv + 14 : bv - 5))
      .attr('text-anchor', (l) => (l.axis === 'x' && !flip ? 'start' : 'end'))
      .text((l) => l.label);

    const pts = this.front.filter(ok).sort((p, q) => X(p) - X(q));
    // Step-after: each front point holds its y until the next point's x, the boundary of the dominated region.
    let path = '';
    pts.forEach((i, k) => {
      path += k === 0 ? `M${X(i).toFixed(1)},${Y(i).toFixed(1)}` : `H${X(i).toFixed(1)}V${Y(i).toFixed(1)}`;
    });
    g.selectAll('path.front')
      .data(
        path
          ? [
              ['var(--panel)', 4.5],
              ['var(--fg)', 1.8],
            ]
          : [],
      )
      .join('path')
      .attr('class', 'front')
      .attr('d', path)
      .style('stroke', (s) => String(s[0]))
      .style('stroke-width', (s) => Number(s[1]))
      .style('stroke-linejoin', 'round');
    this.root.dataset.front = String(pts.length);

    const rings = this.highlighted.filter(ok).slice(0, MAX_RINGS);
    g.selectAll<SVGCircleElement, number>('circle.highlight')
      .data(rings, (i) => String(i))
      .join((e) =>
        e
          .append('circle')
          .attr('class', 'highlight')
          .attr('r', 5.5)
          .style('stroke', 'var(--accent)')
          .style('stroke-width', 2),
      )
      .attr('data-index', (i) => i)
      .attr('cx', X)
      .attr('cy', Y);
    const hov = this.hovered !== null && ok(this.hovered) ? [this.hovered] : [];
    g.selectAll<SVGCircleElement, number>('circle.hover')
      .data(hov)
      .join((e) =>
        e.append('circle').attr('class', 'hover').attr('r', 6.5).style('stroke', 'var(--fg)').style('stroke-width', 2),
      )
      .attr('cx', X)
      .attr('cy', Y)
      .raise();
  }

  private nearest(ev: MouseEvent): number | null {
    const node = this.overlay.node();
    if (!node) return null;
    const [mx, my] = pointer(ev, node);
    if (!this.tree) {
      // Lazily, after a full redraw: zooming redraws every frame, but hovering needs the index only once it stops.
      this.tree = new GridIndex(this.innerW, this.innerH, HIT_RADIUS, this.drawnTo);
      for (let i = 0; i < this.drawnTo; i++) this.tree.add(i, this.sx[i] as number, this.sy[i] as number);
    }
    const i = this.tree.nearest(this.sx, this.sy, mx, my, HIT_RADIUS);
    return i >= 0 ? i : null;
  }

  private hover(i: number | null, cx: number, cy: number): void {
    if (i === this.hovered) return;
    this.hovered = i;
    this.needAnnot = true;
    this.schedule();
    this.o.onHover?.(i, cx, cy);
  }

  private pointerMove(ev: PointerEvent): void {
    if (this.brushFrom) {
      const node = this.overlay.node() as SVGRectElement;
      const [x1, y1] = pointer(ev, node);
      const [x0, y0] = this.brushFrom;
      this.parts.plot
        .selectAll('rect.brush')
        .data([0])
        .join((e) =>
          e
            .insert('rect', '.pareto-overlay')
            .attr('class', 'brush')
            .attr('pointer-events', 'none')
            .style('fill', 'var(--accent)')
            .style('fill-opacity', 0.12)
            .style('stroke', 'var(--accent)'),
        )
        .attr('x', Math.min(x0, x1))
        .attr('y', Math.min(y0, y1))
        .attr('width', Math.abs(x1 - x0))
        .attr('height', Math.abs(y1 - y0));
      return;
    }
    if (ev.buttons) return; // panning
    this.hover(this.nearest(ev), ev.clientX, ev.clientY);
  }

  private zoomAllows(ev: Event): boolean {
    if (ev.type === 'wheel') return true;
    if (ev.type === 'touchstart') return this.mode === 'zoom' && (ev as TouchEvent).touches.length >= 2;
    const m = ev as MouseEvent;
    return this.mode === 'zoom' && !m.shiftKey && !m.ctrlKey && !m.button;
  }

  private brushStart(ev: PointerEvent): void {
    this.swallowClick = false;
    if (ev.button !== 0 || !(ev.shiftKey || this.mode === 'brush')) return;
    const node = this.overlay.node() as SVGRectElement;
    this.brushFrom = pointer(ev, node);
    node.setPointerCapture?.(ev.pointerId);
    this.hover(null, ev.clientX, ev.clientY);
  }

  private brushEnd(ev: PointerEvent): void {
    const from = this.brushFrom;
    if (!from) return;
    this.brushFrom = null;
    this.parts.plot.selectAll('rect.brush').remove();
    const [x1, y1] = pointer(ev, this.overlay.node() as SVGRectElement);
    // A press without a drag stays a click (on a point, or nothing).
    if (Math.hypot(x1 - from[0], y1 - from[1]) < 3) return;
    this.swallowClick = true;
    const d = this.data;
    const hit = indicesInBox(
      d.x,
      d.y,
      d.count,
      this.vx.invert(from[0]),
      this.vx.invert(x1),
      this.vy.invert(from[1]),
      this.vy.invert(y1),
    );
    this.o.onBrush?.(hit);
  }

  private click(ev: MouseEvent): void {
    if (this.swallowClick) {
      this.swallowClick = false;
      return;
    }
    const i = this.nearest(ev);
    if (i !== null) this.o.onClick?.(i);
  }
}

/** Tick values for the current view: decades (or 1-2-5) on log axes, falling back to linear ticks deep in a zoom. */
function ticksOf(s: Scale, log: boolean, max: number): number[] {
  const [a, b] = s.domain() as [number, number];
  if (log) {
    const t = logTicks(a, b, max);
    if (t.length >= 2) return t;
    return scaleLinear().domain([a, b]).ticks(max);
  }
  return s.ticks(max);
}

/** A scale as screen = k·v + c (v in decades on log scales): ~10x faster than calling the d3 scale per point. */
function linearOf(s: Scale, log: boolean): { k: number; c: number; log: boolean } {
  const [d0, d1] = (s.domain() as [number, number]).map((v) => (log ? Math.log10(v) : v)) as [number, number];
  const [r0, r1] = s.range() as [number, number];
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return { k, c: r0 - k * d0, log };
}
