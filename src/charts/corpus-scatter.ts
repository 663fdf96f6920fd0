import { axisBottom, axisLeft, type NumberValue, scaleLog, select } from 'd3';
import { logTicks, siTick } from './chart-math';
import { groupColour } from './pareto-legend';

/** Columns the scatter plots: x per network, y per network × series (row-major, as corpus class columns). */
export interface CorpusScatterData {
  n: number;
  series: number;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

export interface CorpusScatterOptions {
  width: number;
  height: number;
  xLabel: string;
  yLabel: string;
  seriesNames: string[];
  onHover?: (row: number | null, series: number) => void;
  onClick?: (row: number, series: number) => void;
}

const M = { top: 26, right: 14, bottom: 40, left: 60 };
/** Device-pixel work per frame: projection and pixel writes stop after this many ms and continue next frame. */
const FRAME_BUDGET_MS = 6;
const HIT_RADIUS = 8;

/** Snaps a positive range out to whole decades, so streaming points rarely change the domain (and force a repaint). */
function decadeDomain(lo: number, hi: number): [number, number] {
  if (!(hi > 0) || !(lo > 0)) return [1, 10];
  const a = Math.floor(Math.log10(lo));
  const b = Math.max(a + 1, Math.ceil(Math.log10(hi)));
  return [10 ** a, 10 ** b];
}

/** 0xAABBGGRR of a #rrggbb colour at alpha 0…255. */
function packColour(hex: string, alpha: number): number {
  const v = Number.parseInt(hex.slice(1), 16);
  return ((alpha << 24) | ((v & 0xff) << 16) | (v & 0xff00) | ((v >> 16) & 0xff)) >>> 0;
}

/**
 * A log-log scatter of up to 10^5 networks × a few series: points are written as pixels into an
 * ImageData (a canvas call per point costs ~1 µs without a GPU, src/charts/pareto-raster.ts), the
 * axes are SVG. New rows are projected and drawn in per-frame slices of ≤ 6 ms, so streaming never
 * makes a long task; a domain change (snapped to decades) repaints everything the same way.
 * `root` gets data-rows (rows known), data-drawn (points drawn) and data-domain for tests.
 */
export class CorpusScatter {
  readonly svg: SVGSVGElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private img: ImageData | null = null;
  private buf = new Uint32Array(0);
  private data: CorpusScatterData = { n: 0, series: 0, x: [], y: [] };
  private dx: [number, number] = [1, 10];
  private dy: [number, number] = [1, 10];
  private sx = new Float32Array(0);
  private sy = new Float32Array(0);
  /** Rows [0, drawnTo) are projected and drawn. */
  private drawnTo = 0;
  private drawn = 0;
  private frame = 0;
  private innerW = 0;
  private innerH = 0;
  private dpr = 1;
  private colours: number[] = [];
  private hidden = new Set<number>();
  /** Data extents over rows [0, to). */
  private ext = { to: 0, xlo: Number.POSITIVE_INFINITY, xhi: 0, ylo: Number.POSITIVE_INFINITY, yhi: 0 };

  constructor(
    private readonly root: HTMLElement,
    private o: CorpusScatterOptions,
  ) {
    root.style.position = 'relative';
    this.canvas = document.createElement('canvas');
    this.canvas.style.position = 'absolute';
    this.canvas.setAttribute('aria-hidden', 'true');
    root.appendChild(this.canvas);
    this.svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    this.svg.setAttribute('role', 'img');
    this.svg.style.position = 'relative';
    root.appendChild(this.svg);
    const ctx = this.canvas.getContext('2d');
    if (!ctx) throw new Error('canvas 2d context unavailable');
    this.ctx = ctx;
    this.svg.addEventListener('pointermove', (e) => this.hover(e));
    this.svg.addEventListener('pointerleave', () => this.o.onHover?.(null, 0));
    this.svg.addEventListener('click', (e) => {
      const hit = this.pick(e);
      if (hit) this.o.onClick?.(hit[0], hit[1]);
    });
    this.layout();
  }

  resize(width: number, height: number): void {
    this.o = { ...this.o, width, height };
    this.layout();
  }

  /** Hides series (their points are skipped at the next repaint). */
  setHidden(hidden: readonly number[]): void {
    this.hidden = new Set(hidden);
    this.repaint();
  }

  /** New data (the same columns grown, or a new study): draws new rows, or repaints when the domain moved. */
  setData(d: CorpusScatterData): void {
    const buf = (a: ArrayLike<number>) => (a as Float64Array).buffer;
    // The store's columns are views of buffers that only change when it grows: same buffers, same rows.
    const grown =
      d.series === this.data.series &&
      d.n >= this.drawnTo &&
      buf(d.x) === buf(this.data.x) &&
      buf(d.y) === buf(this.data.y);
    this.data = d;
    // Extents: only the new rows are scanned when the same columns grew (O(new rows) per update).
    if (!grown || d.n < this.ext.to)
      this.ext = { to: 0, xlo: Number.POSITIVE_INFINITY, xhi: 0, ylo: Number.POSITIVE_INFINITY, yhi: 0 };
    const e = this.ext;
    for (let i = e.to; i < d.n; i++) {
      const x = d.x[i] as number;
      if (x > 0 && x < e.xlo) e.xlo = x;
      if (x > e.xhi) e.xhi = x;
      for (let c = 0; c < d.series; c++) {
        const y = d.y[i * d.series + c] as number;
        if (!(y > 0) || !Number.isFinite(y)) continue;
        if (y < e.ylo) e.ylo = y;
        if (y > e.yhi) e.yhi = y;
      }
    }
    e.to = d.n;
    const { xlo, xhi, ylo, yhi } = e;
    const dx = decadeDomain(xlo, xhi);
    const dy = decadeDomain(ylo, yhi);
    const same = dx[0] === this.dx[0] && dx[1] === this.dx[1] && dy[0] === this.dy[0] && dy[1] === this.dy[1];
    this.dx = dx;
    this.dy = dy;
    if (!same || !grown) this.layout();
    else this.schedule();
    this.root.dataset.rows = String(d.n);
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    this.root.replaceChildren();
  }

  /** Puts the canvas pixels into the SVG as an image (for export), returning a function that removes it. */
  withImage(): () => void {
    const im = document.createElementNS('http://www.w3.org/2000/svg', 'image');
    im.setAttribute('href', this.canvas.toDataURL('image/png'));
    im.setAttribute('x', String(M.left));
    im.setAttribute('y', String(M.top));
    im.setAttribute('width', String(this.innerW));
    im.setAttribute('height', String(this.innerH));
    this.svg.insertBefore(im, this.svg.firstChild);
    return () => im.remove();
  }

  private layout(): void {
    const { width, height } = this.o;
    this.innerW = Math.max(20, width - M.left - M.right);
    this.innerH = Math.max(20, height - M.top - M.bottom);
    this.dpr = Math.max(1, Math.min(2, globalThis.devicePixelRatio || 1));
    const W = Math.round(this.innerW * this.dpr);
    const H = Math.round(this.innerH * this.dpr);
    this.canvas.width = W;
    this.canvas.height = H;
    this.canvas.style.left = `${M.left}px`;
    this.canvas.style.top = `${M.top}px`;
    this.canvas.style.width = `${this.innerW}px`;
    this.canvas.style.height = `${this.innerH}px`;
    this.img = this.ctx.createImageData(W, H);
    this.buf = new Uint32Array(this.img.data.buffer);
    this.colours = this.o.seriesNames.map((_, k) => packColour(groupColour(k), 170));
    this.drawAxes();
    this.repaint();
  }

  private repaint(): void {
    this.buf.fill(0);
    this.drawnTo = 0;
    this.drawn = 0;
    this.schedule();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.drain();
    });
  }

  /** Projects and draws rows from drawnTo on, for at most FRAME_BUDGET_MS, then asks for another frame. */
  private drain(): void {
    const d = this.data;
    const S = d.series;
    if (this.sx.length < d.n * S) {
      const cap = Math.max(d.n * S, 2 * this.sx.length);
      const nx = new Float32Array(cap);
      const ny = new Float32Array(cap);
      nx.set(this.sx);
      ny.set(this.sy);
      this.sx = nx;
      this.sy = ny;
    }
    const t0 = performance.now();
    const lx0 = Math.log10(this.dx[0]);
    const kx = this.innerW / (Math.log10(this.dx[1]) - lx0);
    const ly0 = Math.log10(this.dy[0]);
    const ky = this.innerH / (Math.log10(this.dy[1]) - ly0);
    const W = this.canvas.width;
    const H = this.canvas.height;
    const r = Math.max(1, Math.round(this.dpr));
    const buf = this.buf;
    let i = this.drawnTo;
    for (; i < d.n; i++) {
      if ((i & 255) === 0 && performance.now() - t0 > FRAME_BUDGET_MS) break;
      const x = d.x[i] as number;
      for (let c = 0; c < S; c++) {
        const k = i * S + c;
        const y = d.y[k] as number;
        if (!(x > 0) || !(y > 0) || !Number.isFinite(y) || this.hidden.has(c)) {
          this.sx[k] = Number.NaN;
          continue;
        }
        const px = (Math.log10(x) - lx0) * kx;
        const py = this.innerH - (Math.log10(y) - ly0) * ky;
        this.sx[k] = px;
        this.sy[k] = py;
        // A drawn point's position (CSS px in the root) and row, so tests can hover and click a real point.
        if (this.drawn === 0)
          this.root.dataset.probe = `${(M.left + px).toFixed(1)},${(M.top + py).toFixed(1)},${i},${c}`;
        const cx = Math.round(px * this.dpr);
        const cy = Math.round(py * this.dpr);
        const col = this.colours[c] as number;
        for (let yy = Math.max(0, cy - r); yy <= Math.min(H - 1, cy + r); yy++) {
          const row = yy * W;
          for (let xx = Math.max(0, cx - r); xx <= Math.min(W - 1, cx + r); xx++) buf[row + xx] = col;
        }
        this.drawn++;
      }
    }
    this.drawnTo = i;
    if (this.img) this.ctx.putImageData(this.img, 0, 0);
    this.root.dataset.drawn = String(this.drawn);
    this.root.dataset.drawnRows = String(this.drawnTo);
    if (this.drawnTo < d.n) this.schedule();
  }

  private drawAxes(): void {
    const { width, height } = this.o;
    const svg = select(this.svg);
    svg.selectAll('*').remove();
    svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    svg.attr('aria-label', `${this.o.yLabel} against ${this.o.xLabel}, log axes, one colour per class`);
    const x = scaleLog().domain(this.dx).range([0, this.innerW]);
    const y = scaleLog().domain(this.dy).range([this.innerH, 0]);
    const g = svg.append('g').attr('transform', `translate(${M.left},${M.top})`);
    const tx = logTicks(this.dx[0], this.dx[1], Math.max(2, Math.floor(this.innerW / 60)));
    const ty = logTicks(this.dy[0], this.dy[1], Math.max(2, Math.floor(this.innerH / 36)));
    const grid = g.append('g').attr('class', 'grid').style('stroke', 'var(--border)').style('stroke-opacity', 0.6);
    for (const t of ty) grid.append('line').attr('x2', this.innerW).attr('y1', y(t)).attr('y2', y(t));
    for (const t of tx) grid.append('line').attr('y2', this.innerH).attr('x1', x(t)).attr('x2', x(t));
    const fmt = (v: NumberValue) => siTick(Number(v));
    g.append('g')
      .attr('class', 'axis')
      .attr('transform', `translate(0,${this.innerH})`)
      .call(axisBottom(x).tickValues(tx).tickFormat(fmt));
    g.append('g').attr('class', 'axis').call(axisLeft(y).tickValues(ty).tickFormat(fmt));
    g.append('text')
      .attr('class', 'axis-label')
      .attr('text-anchor', 'middle')
      .attr('transform', `translate(${this.innerW / 2},${this.innerH + 34})`)
      .text(this.o.xLabel);
    g.append('text')
      .attr('class', 'axis-label')
      .attr('text-anchor', 'middle')
      .attr('transform', `translate(-46,${this.innerH / 2}) rotate(-90)`)
      .text(this.o.yLabel);
    const lg = svg.append('g').attr('class', 'scatter-legend').attr('transform', `translate(${M.left},6)`);
    let at = 0;
    this.o.seriesNames.forEach((name, k) => {
      const item = lg.append('g').attr('transform', `translate(${at},0)`).attr('data-series', name);
      item.append('rect').attr('width', 10).attr('height', 10).attr('y', 1).style('fill', groupColour(k));
      item.append('text').attr('x', 14).attr('y', 10).style('fill', 'var(--fg)').style('font-size', '12px').text(name);
      at += 24 + name.length * 7;
    });
    this.root.dataset.domain = `${this.dx.join(',')};${this.dy.join(',')}`;
  }

  /** The nearest drawn point to the pointer within HIT_RADIUS CSS px: [row, series], or null. */
  private pick(e: MouseEvent): [number, number] | null {
    const rect = this.svg.getBoundingClientRect();
    const scale = rect.width > 0 ? this.o.width / rect.width : 1;
    const px = (e.clientX - rect.left) * scale - M.left;
    const py = (e.clientY - rect.top) * scale - M.top;
    const S = this.data.series;
    let best = HIT_RADIUS * HIT_RADIUS;
    let hit = -1;
    const n = this.drawnTo * S;
    for (let k = 0; k < n; k++) {
      const dx = (this.sx[k] as number) - px;
      const dy = (this.sy[k] as number) - py;
      const d2 = dx * dx + dy * dy;
      if (d2 < best) {
        best = d2;
        hit = k;
      }
    }
    return hit < 0 ? null : [Math.floor(hit / S), hit % S];
  }

  private hoverFrame = 0;
  private hover(e: PointerEvent): void {
    if (this.hoverFrame) return;
    this.hoverFrame = requestAnimationFrame(() => {
      this.hoverFrame = 0;
      const hit = this.pick(e);
      this.o.onHover?.(hit ? hit[0] : null, hit ? hit[1] : 0);
    });
  }
}
