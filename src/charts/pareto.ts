import { type Selection, scaleLinear, scaleLog, select, type ZoomTransform, zoomIdentity } from 'd3';
import { drawAnnotations } from './pareto-annotations';
import { ParetoInteraction } from './pareto-interaction';
import { ParetoKeys } from './pareto-keys';
import { drawAxes, drawLegend, groupColour } from './pareto-legend';
import {
  type Domain,
  extent2d,
  extentOf,
  GROW_HEADROOM,
  grownDomain,
  indicesInBox,
  markerRadius,
  ORDER_RAMPS,
  rampColours,
} from './pareto-math';
import { ParetoRaster } from './pareto-raster';
import {
  type BudgetLine,
  type G,
  MARGIN,
  type ParetoAxes,
  type ParetoData,
  type ParetoOptions,
  type Scale,
} from './pareto-types';

export { groupColour } from './pareto-legend';
export type { BudgetLine, ParetoAxes, ParetoData, ParetoOptions } from './pareto-types';

const ORDER_BINS = 24;
/** Marker radius, CSS px: small enough that 100,000 points still show density. */
const R = 2.4;
/**
 * Blending time per frame, ms. A full repaint of 10^5 points takes ~15-30 ms on a CPU-only machine; spread over
 * frames it never makes a long task (over 50 ms), and on a quiet machine it still finishes in one or two frames.
 */
const PAINT_BUDGET_MS = 8;
let seq = 0;

/**
 * Streaming Pareto scatter: points on a canvas (`ParetoRaster`), axes, legend and annotations in an SVG on top,
 * pointer input on an overlay (`ParetoInteraction`). Appends are drawn incrementally at most once per animation
 * frame; domains grow with headroom so full redraws stay rare. The chart owns the inside of `container`, whose
 * `data-count` is the number of points drawn and `data-front` the number of front points shown.
 */
export class ParetoChart {
  private o: ParetoOptions;
  private readonly root: HTMLElement;
  private readonly raster: ParetoRaster;
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly parts: Record<'legend' | 'plot' | 'xAxis' | 'yAxis' | 'labels' | 'annot', G>;
  private readonly input: ParetoInteraction;
  private readonly keys: ParetoKeys;
  private readonly observer: MutationObserver;
  private readonly uid = ++seq;

  private data: ParetoData = { count: 0, x: [], y: [], status: [], group: [], order: [] };
  private colorMode: 'group' | 'order' = 'group';
  private front: readonly number[] = [];
  private budget: BudgetLine | null = null;
  private highlighted: readonly number[] = [];
  private hovered: number | null = null;
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
  /** Top of the plot area in the container, CSS px (below the legend). */
  private plotTop = 0;

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
    this.raster = new ParetoRaster(container);
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
    this.input = new ParetoInteraction(plot, {
      zoomed: (t) => {
        this.transform = t;
        this.needFull = true;
        this.schedule();
      },
      nearest: (mx, my) => this.raster.nearest(mx, my),
      hover: (i, cx, cy) => this.hover(i, cx, cy),
      click: (i) => this.o.onClick?.(i),
      brushed: (x0, y0, x1, y1) => {
        const d = this.data;
        const box = [this.vx.invert(x0), this.vx.invert(x1), this.vy.invert(y0), this.vy.invert(y1)] as const;
        this.o.onBrush?.(indicesInBox(d.x, d.y, d.count, ...box));
      },
    });
    this.keys = new ParetoKeys(container, {
      data: () => this.data,
      front: () => this.front,
      clientPoint: (i) => this.clientPoint(i),
      hover: (i, cx, cy) => this.hover(i, cx, cy),
      open: (i) => this.o.onClick?.(i),
      axes: () => this.o,
    });
    // The theme is a data-theme attribute on <html>; canvas colours must be re-read when it flips.
    this.observer = new MutationObserver(() => this.redraw());
    this.observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class'] });
    this.schedule();
  }

  setData(d: ParetoData): void {
    if (d.count < this.raster.projectedTo) this.refit();
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

  setGroupNames(names: string[], colours?: string[]): void {
    this.o.groupNames = [...names];
    if (colours) this.o.groupColours = [...colours];
    this.redraw();
  }

  setMode(mode: 'zoom' | 'brush'): void {
    this.input.setMode(mode);
  }

  setAxes(a: ParetoAxes): void {
    const o = this.o;
    const changed = !!a.xLog !== !!o.xLog || !!a.yLog !== !!o.yLog || a.xLabel !== o.xLabel || a.yLabel !== o.yLabel;
    Object.assign(o, a);
    // New metrics or scales: fit afresh from the whole view. (Labels are the metrics' names.)
    if (changed) this.resetZoom();
  }

  /** The Pareto front (indices, computed by the caller), drawn as a step line. */
  setFront(indices: readonly number[]): void {
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
  highlight(indices: readonly number[]): void {
    this.highlighted = indices;
    this.needAnnot = true;
    this.schedule();
  }

  resize(width: number, height: number): void {
    if (width === this.o.width && height === this.o.height) return;
    this.o.width = width;
    this.o.height = height;
    // A zoom transform is in pixels of the old size; rather than a shifted view, show everything again.
    if (this.transform.k !== 1) this.input.reset();
    this.redraw();
  }

  /**
   * Fits the domains tightly to all the points (while streaming they grow with headroom, so the
   * last batch may leave them a decade wider than the data); not while the user has zoomed in.
   */
  fit(): void {
    if (this.transform.k !== 1) return;
    this.refit();
    this.schedule();
  }

  /** Back to the whole data set, fitted tightly. */
  resetZoom(): void {
    this.refit();
    this.input.reset();
    this.redraw();
  }

  destroy(): void {
    cancelAnimationFrame(this.raf);
    this.raf = 0;
    this.observer.disconnect();
    this.input.destroy();
    this.keys.destroy();
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
    this.needFull = true;
  }

  private schedule(): void {
    if (!this.raf) this.raf = requestAnimationFrame(() => this.frame());
  }

  private frame(): void {
    const t0 = performance.now();
    this.raf = 0;
    const d = this.data;
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
    if (markerRadius(to, R, this.raster.dpr) < this.raster.rDev) this.needFull = true;
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
    const full = this.needFull;
    if (full) this.full();
    this.raster.project(d, this.vx, this.vy, !!this.o.xLog, !!this.o.yLog);
    const painted = this.raster.drain(PAINT_BUDGET_MS);
    // Appends do not move annotations; setFront/highlight/hover set needAnnot themselves.
    if (full || this.needAnnot) {
      this.root.dataset.front = String(
        drawAnnotations(this.parts.annot, {
          data: d,
          vx: this.vx,
          vy: this.vy,
          w: this.innerW,
          h: this.innerH,
          budget: this.budget,
          front: this.front,
          highlighted: this.highlighted,
          hovered: this.hovered,
        }),
      );
    }
    this.needFull = false;
    this.needAnnot = false;
    // data-count says what is on screen: only once the queue is blended.
    if (painted) this.root.dataset.count = String(this.raster.placed);
    else this.schedule();
    this.stats.lastFrameMs = performance.now() - t0;
    if (full) this.stats.lastFullMs = this.stats.lastFrameMs;
  }

  /** Layout, legend, axes and an empty raster at the current view; the points are then queued afresh. */
  private full(): void {
    const { width, height } = this.o;
    const theme = this.raster.readTheme(this.root);
    const byOrder = this.colorMode === 'order';
    const legendH = drawLegend(this.parts.legend, {
      groupNames: byOrder ? null : this.o.groupNames,
      ...(this.o.groupColours ? { groupColours: this.o.groupColours } : {}),
      orderHi: this.orderHi || this.data.count,
      dark: theme.dark,
      width: width - MARGIN.left - MARGIN.right,
      gradientId: `pareto-ramp-${this.uid}`,
    });
    const top = MARGIN.top + legendH;
    const w = Math.max(20, width - MARGIN.left - MARGIN.right);
    const h = Math.max(20, height - top - MARGIN.bottom);
    this.innerW = w;
    this.innerH = h;
    this.svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
    this.svg.attr('aria-label', `Pareto plot: ${this.o.yLabel} against ${this.o.xLabel}`);
    this.plotTop = top;
    this.parts.plot.attr('transform', `translate(${MARGIN.left},${top})`);
    this.svg.select(`#pareto-clip-${this.uid} rect`).attr('width', w).attr('height', h);
    this.input.resize(w, h);
    this.raster.layout(MARGIN.left, top, w, h);

    const colours = byOrder
      ? rampColours(theme.dark ? ORDER_RAMPS.dark : ORDER_RAMPS.light, ORDER_BINS)
      : // Past ten optimizers colours repeat (Tableau 10), so ten styles cover any number of groups.
        Array.from(
          { length: Math.min(10, Math.max(1, this.o.groupNames.length)) },
          (_, k) => this.o.groupColours?.[k] ?? groupColour(k),
        );
    this.raster.setStyles(
      theme,
      colours,
      markerRadius(this.data.count, R, this.raster.dpr),
      byOrder ? this.orderHi : null,
    );

    const bx = (this.o.xLog ? scaleLog() : scaleLinear()).domain(this.xDom ?? grownDomain(null, null, !!this.o.xLog));
    const by = (this.o.yLog ? scaleLog() : scaleLinear()).domain(this.yDom ?? grownDomain(null, null, !!this.o.yLog));
    bx.range([0, w]);
    by.range([h, 0]);
    this.vx = this.transform.rescaleX(bx);
    this.vy = this.transform.rescaleY(by);
    const { xTicks, yTicks } = drawAxes(this.parts, {
      vx: this.vx,
      vy: this.vy,
      xLog: !!this.o.xLog,
      yLog: !!this.o.yLog,
      xLabel: this.o.xLabel,
      yLabel: this.o.yLabel,
      w,
      h,
    });
    this.raster.clear(
      theme,
      xTicks.map((v) => this.vx(v)),
      yTicks.map((v) => this.vy(v)),
    );
    this.stats.fullRedraws++;
  }

  /** Point i in client px, or null when the current view does not show it. */
  private clientPoint(i: number): [number, number] | null {
    const px = this.vx(this.data.x[i] ?? Number.NaN);
    const py = this.vy(this.data.y[i] ?? Number.NaN);
    if (!(px >= 0 && px <= this.innerW && py >= 0 && py <= this.innerH)) return null;
    const r = this.root.getBoundingClientRect();
    return [r.left + MARGIN.left + px, r.top + this.plotTop + py];
  }

  private hover(i: number | null, cx: number, cy: number): void {
    if (i === this.hovered) return;
    this.hovered = i;
    this.needAnnot = true;
    this.schedule();
    this.o.onHover?.(i, cx, cy);
  }
}
