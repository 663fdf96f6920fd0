import {
  axisBottom,
  axisLeft,
  type NumberValue,
  type Selection,
  scaleLog,
  select,
  symbol,
  symbolCircle,
  symbolCross,
  symbolDiamond,
  symbolSquare,
  symbolStar,
  symbolTriangle,
  symbolWye,
} from 'd3';
import { legendLayout, logTicks, ridgePoint, rooflineDomains, siTick, siUnit, uniqueInOrder } from './chart-math';
import { opColor } from './op-colour';
import { put } from './put-attr';

export interface RooflinePoint {
  /** Workload (model) name; several workloads share one chart. */
  workload: string;
  layer: string;
  op: string;
  /** Operational intensity, MACs per DRAM byte; Infinity when the layer moves no DRAM bytes. */
  intensity: number;
  /** Achieved rate, MAC/s (layer MACs / layer latency). */
  achieved: number;
  bound: 'compute' | 'memory' | 'overhead';
  macs: number;
}

export type LayerKey = { workload: string; layer: string };

export interface RooflineInput {
  peakMacsPerSec: number;
  /** DRAM bandwidth, bytes/s. */
  dramBytesPerSec: number;
  /** Bandwidth of the on-chip buffer feeding the PEs, bytes/s; drawn as a dashed roof when given. */
  onChipBytesPerSec?: number;
  points: RooflinePoint[];
  selected?: LayerKey | null;
  /** Workload names in display order; the index picks each workload's marker shape. */
  workloads: string[];
}

export interface RooflineOptions {
  width: number;
  height: number;
  onSelect?(key: LayerKey | null): void;
  onHover?(p: RooflinePoint | null): void;
}

type G = Selection<SVGGElement, unknown, null, undefined>;
type Text = Selection<SVGTextElement, unknown, null, undefined>;
type Scale = (v: number) => number;

const SHAPES = [symbolCircle, symbolSquare, symbolTriangle, symbolDiamond, symbolStar, symbolWye, symbolCross];
/** Marker areas in px² (d3 symbol size): ~4 px radius normally, ~7 px when selected. */
const SIZE = 50;
const SIZE_SELECTED = 160;
const M = { right: 16, bottom: 40, left: 58 };
const NOTE_H = 14;
let clipSeq = 0;

/**
 * Roofline (Williams et al., CACM 2009) of one design with every layer of every workload as a point at
 * (operational intensity, achieved MAC/s), log-log. D3 owns the inside of `svgEl`; call again to redraw.
 * Points are `path[data-layer][data-workload]`; clicks and hovers are delegated from the SVG, so 2,000 points cost
 * no per-point listeners.
 */
export function drawRoofline(svgEl: SVGSVGElement, input: RooflineInput, o: RooflineOptions): void {
  const svg = select(svgEl);
  const { legendG, plot, g, pts, labels } = skeleton(svgEl);
  svg.attr('viewBox', `0 0 ${o.width} ${o.height}`).attr('width', o.width).attr('height', o.height);

  const { peakMacsPerSec: peak, dramBytesPerSec: bw, onChipBytesPerSec: onChip } = input;
  // Layers without MACs (pool, eltwise) have no place on a MAC roofline; they are counted in a note instead.
  const shown = input.points.filter((p) => p.macs > 0 && p.achieved > 0 && p.intensity > 0);
  const skipped = input.points.length - shown.length;
  const clamped = shown.filter((p) => !Number.isFinite(p.intensity)).length;
  const dom = rooflineDomains({ peakMacsPerSec: peak, dramBytesPerSec: bw, onChipBytesPerSec: onChip, points: shown });

  const ops = uniqueInOrder(shown.map((p) => p.op));
  const workloads = uniqueInOrder([...input.workloads, ...shown.map((p) => p.workload)]);
  const multi = workloads.length > 1;
  const legendLabels = [...ops, ...(multi ? workloads : [])];
  const legendW = Math.max(60, o.width - M.left - M.right);
  const legend = legendLayout(legendLabels, legendW);
  const notes: string[] = [];
  // A phone-width plot (≈ 6 px per character) gets the short form, from the left edge, rather than a clipped line.
  const narrow = o.width - M.left < 320;
  const edge = narrow ? 'at the right edge: no DRAM traffic' : 'with no DRAM traffic drawn at the right edge';
  if (clamped) notes.push(`${clamped} layer${clamped > 1 ? 's' : ''} ${edge}`);
  if (skipped) notes.push(`${skipped} layer${skipped > 1 ? 's' : ''} without MACs not plotted`);
  const top = legend.height + 10;
  const bottom = M.bottom + notes.length * NOTE_H;
  const innerW = Math.max(20, o.width - M.left - M.right);
  const innerH = Math.max(20, o.height - top - bottom);

  const x = scaleLog().domain(dom.x).range([0, innerW]);
  const y = scaleLog().domain(dom.y).range([innerH, 0]);
  const xOf = (v: number) => (Number.isFinite(v) ? x(v) : innerW);
  const xTicks = logTicks(dom.x[0], dom.x[1], Math.max(2, Math.floor(innerW / 60)));
  const yTicks = logTicks(dom.y[0], dom.y[1], Math.max(2, Math.floor(innerH / 40)));

  svg.attr('aria-label', `Roofline: ${shown.length} layers of ${workloads.length} workload(s)`);
  plot.attr('transform', `translate(${M.left},${top})`);
  drawLegend(legendG.attr('transform', `translate(${M.left},4)`), ops, multi ? workloads : [], legend.slots);

  const grid = g.append('g').attr('class', 'grid').style('stroke', 'var(--border)').style('stroke-opacity', 0.6);
  for (const t of xTicks) grid.append('line').attr('x1', x(t)).attr('x2', x(t)).attr('y1', 0).attr('y2', innerH);
  for (const t of yTicks) grid.append('line').attr('x1', 0).attr('x2', innerW).attr('y1', y(t)).attr('y2', y(t));
  const fmt = (v: NumberValue) => siTick(Number(v));
  const xAxis = g.append('g').attr('class', 'axis').attr('transform', `translate(0,${innerH})`);
  xAxis.call(axisBottom(x).tickValues(xTicks).tickFormat(fmt));
  g.append('g').attr('class', 'axis').call(axisLeft(y).tickValues(yTicks).tickFormat(fmt));
  const label = (text: string, transform: string, anchor = 'middle') =>
    g.append('text').attr('class', 'axis-label').attr('transform', transform).attr('text-anchor', anchor).text(text);
  label('operational intensity (MAC / DRAM byte)', `translate(${innerW / 2},${innerH + 32})`);
  label('achieved MAC/s', `translate(-46,${innerH / 2}) rotate(-90)`);
  const noteX = narrow ? 4 - M.left : 0;
  for (const [i, n] of notes.entries()) label(n, `translate(${noteX},${innerH + 32 + (i + 1) * NOTE_H})`, 'start');

  // Roofs under the points; their labels above them (with a halo in the panel colour) so points never hide them.
  const clipId = `roofline-clip-${++clipSeq}`;
  g.append('clipPath').attr('id', clipId).append('rect').attr('width', innerW).attr('height', innerH);
  const roofs = g
    .append('g')
    .attr('class', 'roofs')
    .attr('clip-path', `url(#${clipId})`)
    .attr('fill', 'none')
    .attr('stroke', 'var(--fg)')
    .attr('stroke-width', 1.5);
  const [x0, x1] = dom.x;
  const ridge = ridgePoint(peak, bw);
  if (Number.isFinite(ridge)) {
    const rx = x(ridge);
    const ry = y(peak);
    roofs.append('path').attr('class', 'roof roof-compute').attr('d', `M${rx},${ry}H${innerW}`);
    roofs
      .append('path')
      .attr('class', 'roof roof-dram')
      .attr('d', `M${x(x0)},${y(bw * x0)}L${rx},${ry}`);
    // Ridge: the intensity a layer needs before DRAM bandwidth stops being its limit.
    roofs
      .append('path')
      .attr('class', 'ridge')
      .attr('d', `M${rx},${ry}V${innerH}`)
      .attr('stroke', 'var(--muted)')
      .attr('stroke-width', 1)
      .attr('stroke-dasharray', '2 3');
    roofs.append('circle').attr('cx', rx).attr('cy', ry).attr('r', 3.5).attr('fill', 'var(--fg)');
    slopeLabel(labels, x, y, bw, Math.max(x0, dom.y[0] / bw), ridge, `DRAM ${siUnit(bw, 'B/s')}`);
    labels
      .append('text')
      .attr('x', innerW - 2)
      .attr('y', ry - 5)
      .attr('text-anchor', 'end')
      .text(`peak ${siUnit(peak, 'MAC/s')}`);
    const left = rx < innerW * 0.7;
    labels
      .append('text')
      .attr('class', 'ridge-label')
      .attr('x', rx + (left ? 6 : -6))
      .attr('y', ry + 14)
      .attr('text-anchor', left ? 'start' : 'end')
      .text(`ridge ${siUnit(ridge, 'MAC/B')}`);
  }
  if (onChip && onChip > 0) {
    const r2 = ridgePoint(peak, onChip);
    roofs
      .append('path')
      .attr('class', 'roof roof-onchip')
      .attr('d', `M${x(x0)},${y(onChip * x0)}L${x(Math.min(r2, x1))},${y(Math.min(peak, onChip * x1))}`)
      .attr('stroke', 'var(--muted)')
      .attr('stroke-width', 1.2)
      .attr('stroke-dasharray', '5 4');
    const text = `on-chip ${siUnit(onChip, 'B/s')}`;
    if (r2 > x0)
      slopeLabel(labels, x, y, onChip, Math.max(x0, dom.y[0] / onChip), r2, text).attr('fill', 'var(--muted)');
  }

  const isSel = (p: RooflinePoint) => input.selected?.layer === p.layer && input.selected?.workload === p.workload;
  const wIndex = new Map(workloads.map((w, i) => [w, i]));
  const paths = new Map<string, string>();
  const shapeOf = (w: string, size: number) => {
    const k = `${wIndex.get(w) ?? 0}:${size}`;
    let d = paths.get(k);
    if (d === undefined) {
      d = symbol(SHAPES[(wIndex.get(w) ?? 0) % SHAPES.length] ?? symbolCircle, size)() ?? '';
      paths.set(k, d);
    }
    return d;
  };
  // Marks are joined by key, so a redraw (a slider moved) updates existing nodes instead of rebuilding 2,000; paint
  // shared by all points sits on the group, per-point colour is a presentation attribute (inline styles cost ~2x).
  pts
    .selectAll('.selected')
    .attr('class', 'point')
    .attr('fill-opacity', null)
    .attr('stroke', null)
    .attr('stroke-width', null);
  const marks = pts
    .selectAll<SVGPathElement, RooflinePoint>('path.point')
    .data(shown, (p) => `${p.workload}\u0000${p.layer}`)
    .join((enter) => enter.append('path').attr('class', 'point'))
    .each((p, k, nodes) => {
      // Only changed attributes are written: on a redraw most are unchanged, and each write invalidates style.
      const el = nodes[k] as Element;
      put(el, 'data-layer', p.layer);
      put(el, 'data-workload', p.workload);
      put(el, 'data-bound', p.bound);
      put(el, 'transform', `translate(${xOf(p.intensity).toFixed(1)},${y(p.achieved).toFixed(1)})`);
      put(el, 'd', shapeOf(p.workload, SIZE));
      put(el, 'fill', opColor(p.op));
    });
  marks
    .filter(isSel)
    .attr('class', 'point selected')
    .each((p, k, nodes) => put(nodes[k] as Element, 'd', shapeOf(p.workload, SIZE_SELECTED)))
    .attr('fill-opacity', 1)
    .attr('stroke', 'var(--fg)')
    .attr('stroke-width', 2)
    .raise();
  // Native tooltips only when the page shows none of its own.
  if (o.onHover) pts.selectAll('title').remove();
  else
    marks
      .selectAll('title')
      .data((p) => [p])
      .join('title')
      .text(pointTitle);

  const pointOf = (t: EventTarget | null): RooflinePoint | null => {
    const el = t instanceof Element ? t.closest('path.point') : null;
    return el && svgEl.contains(el) ? select<Element, RooflinePoint>(el).datum() : null;
  };
  svg.on('click.roofline', (e: MouseEvent) => {
    const p = pointOf(e.target);
    o.onSelect?.(p ? { workload: p.workload, layer: p.layer } : null);
  });
  let hovered: RooflinePoint | null = null;
  const hover = (p: RooflinePoint | null) => {
    if (p === hovered) return;
    hovered = p;
    o.onHover?.(p);
  };
  pts.on('pointerover', (e: PointerEvent) => hover(pointOf(e.target)));
  pts.on('pointerout', (e: PointerEvent) => hover(pointOf(e.relatedTarget)));
}

/**
 * The chart's lasting structure. Legend and under-layer (grid, axes, roofs) are cleared and redrawn each time; the
 * points group survives between draws. An SVG last used by another chart is cleared first.
 */
function skeleton(svgEl: SVGSVGElement) {
  const svg = select(svgEl);
  if (svg.select(':scope > g.roofline-plot').empty()) {
    svg.selectAll('*').remove();
    svg.append('g').attr('class', 'roofline-legend');
    const plot = svg.append('g').attr('class', 'roofline-plot');
    plot.append('g').attr('class', 'under');
    plot
      .append('g')
      .attr('class', 'points')
      .attr('fill-opacity', 0.8)
      .attr('stroke', 'var(--panel)')
      .attr('stroke-width', 0.6)
      .style('cursor', 'pointer');
    plot
      .append('g')
      .attr('class', 'roof-labels')
      .attr('pointer-events', 'none')
      .attr('font-size', 11)
      .attr('fill', 'var(--fg)')
      .attr('stroke', 'var(--panel)')
      .attr('stroke-width', 3)
      .attr('stroke-linejoin', 'round')
      .attr('paint-order', 'stroke');
  }
  const legendG = svg.select<SVGGElement>(':scope > g.roofline-legend');
  const plot = svg.select<SVGGElement>(':scope > g.roofline-plot');
  const g = plot.select<SVGGElement>(':scope > g.under');
  const labels = plot.select<SVGGElement>(':scope > g.roof-labels');
  for (const part of [legendG, g, labels]) part.selectAll('*').remove();
  return { legendG, plot, g, labels, pts: plot.select<SVGGElement>(':scope > g.points') };
}

function pointTitle(p: RooflinePoint): string {
  const i = Number.isFinite(p.intensity) ? siTick(p.intensity) : '∞';
  return `${p.workload} · ${p.layer} (${p.op}): ${i} MAC/B, ${siTick(p.achieved)}MAC/s, ${p.bound}-bound`;
}

/** A roof's label, rotated to lie along its slope-1 line between intensities a and b (MAC/B), if it fits there. */
function slopeLabel(g: G, x: Scale, y: Scale, bw: number, a: number, b: number, text: string): G | Text {
  const [ax, ay, bx, by] = [x(a), y(bw * a), x(b), y(bw * b)];
  if (!(Math.hypot(bx - ax, by - ay) > text.length * 6.5 + 12)) return g;
  const angle = (Math.atan2(by - ay, bx - ax) * 180) / Math.PI;
  return g
    .append('text')
    .attr('transform', `translate(${(ax + bx) / 2},${(ay + by) / 2}) rotate(${angle}) translate(0,-5)`)
    .attr('text-anchor', 'middle')
    .text(text);
}

/** Op colours as dots, then (when several workloads share the chart) each workload's marker shape in outline. */
function drawLegend(g: G, ops: string[], workloads: string[], slots: { x: number; y: number }[]): void {
  [...ops, ...workloads].forEach((label, k) => {
    const s = slots[k] ?? { x: 0, y: 0 };
    const item = g.append('g').attr('class', 'legend-item').attr('transform', `translate(${s.x},${s.y})`);
    const mark = item.append('path').attr('transform', 'translate(5,6)');
    if (k < ops.length) mark.attr('d', symbol(symbolCircle, 78)() ?? '').style('fill', opColor(label));
    else {
      const shape = SHAPES[(k - ops.length) % SHAPES.length] ?? symbolCircle;
      mark
        .attr('d', symbol(shape, 60)() ?? '')
        .attr('fill', 'none')
        .attr('stroke', 'var(--fg)')
        .attr('stroke-width', 1.2);
    }
    item.append('text').attr('class', 'axis-label').attr('x', 14).attr('y', 10).text(label);
  });
}
