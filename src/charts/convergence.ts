import {
  area,
  axisBottom,
  axisLeft,
  curveStepAfter,
  line,
  type NumberValue,
  type Selection,
  scaleLinear,
  scaleLog,
  select,
} from 'd3';
import type { ConvergenceSeries } from '../core/analysis/convergence';
import { legendLayout, logDomain, logTicks, siTick, wrapLines } from './chart-math';
import { groupColour } from './pareto';
import { extentOf, stepKeep } from './pareto-math';

export type { ConvergenceSeries };

export interface ConvergenceOptions {
  width: number;
  height: number;
  yLabel: string;
  yLog?: boolean;
  xLabel?: string;
}

type G = Selection<SVGGElement, unknown, null, undefined>;

interface Prepared {
  s: ConvergenceSeries;
  colour: string;
  keep: number[];
}

const M = { right: 16, bottom: 40, left: 58 };
/** Line height of a wrapped axis title, CSS px. */
const LINE_H = 13;

/**
 * Best-so-far objective against evaluations, one step line per optimizer (the median over seeds) over a translucent
 * band (the spread over seeds). A line starts where its value becomes finite (the first feasible design). Series are
 * joined by name, so a streaming update rewrites two path strings per series; repeated values are thinned first
 * (`stepKeep`), so 100,000 evaluations cost as many vertices as the best improved. D3 owns the inside of `svgEl`;
 * call again to redraw. Each line is `path.line[data-series=name]`, each band `path.band[data-band=name]`.
 */
export function drawConvergence(svgEl: SVGSVGElement, series: ConvergenceSeries[], o: ConvergenceOptions): void {
  const svg = select(svgEl);
  const { legendG, plot, g, seriesG } = skeleton(svgEl);
  svg.attr('viewBox', `0 0 ${o.width} ${o.height}`).attr('width', o.width).attr('height', o.height);
  const log = !!o.yLog;

  const prepared: Prepared[] = series.map((s, k) => {
    const n = Math.min(s.x.length, s.median.length);
    return { s, colour: s.colour ?? groupColour(k), keep: stepKeep(n, [s.median, s.lo, s.hi]) };
  });
  let xMax = 0;
  let yExt: [number, number] | null = null;
  for (const { s } of prepared) {
    const n = Math.min(s.x.length, s.median.length);
    const last = s.x[n - 1];
    if (last !== undefined && Number.isFinite(last) && last > xMax) xMax = last;
    for (const col of [s.median, s.lo, s.hi]) if (col) yExt = extentOf(col, 0, n, log, yExt);
  }

  const legend = legendLayout(
    prepared.map((p) => p.s.name),
    Math.max(60, o.width - M.left - M.right),
  );
  const top = legend.height + 10;
  const innerH = Math.max(20, o.height - top - M.bottom);
  // A y title longer than the plot is tall (the hypervolume's) wraps onto a second line rather than being clipped at
  // the top and bottom; the left margin grows by a line for it.
  const yLines = wrapLines(o.yLabel, innerH - 4);
  const left = M.left + (yLines.length - 1) * LINE_H;
  const innerW = Math.max(20, o.width - left - M.right);
  const x = scaleLinear()
    .domain([0, xMax > 0 ? xMax : 1])
    .range([0, innerW]);
  const y = log
    ? scaleLog()
        .domain(yExt ? logDomain(yExt, 1.3) : [1, 10])
        .range([innerH, 0])
    : scaleLinear()
        .domain(yExt ? padded(yExt) : [0, 1])
        .nice()
        .range([innerH, 0]);
  const [y0, y1] = y.domain() as [number, number];
  const yTicks = log ? logTicks(y0, y1, Math.max(2, Math.floor(innerH / 40))) : y.ticks(Math.floor(innerH / 40));

  svg.attr('aria-label', `Convergence: ${o.yLabel} against evaluations for ${series.length} series`);
  plot.attr('transform', `translate(${left},${top})`);
  drawLegend(legendG.attr('transform', `translate(${left},4)`), prepared, legend.slots);
  const grid = g.append('g').attr('class', 'grid').style('stroke', 'var(--border)').style('stroke-opacity', 0.6);
  for (const t of yTicks) grid.append('line').attr('x2', innerW).attr('y1', y(t)).attr('y2', y(t));
  const fmt = (v: NumberValue) => siTick(Number(v));
  g.append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(0,${innerH})`)
    .call(
      axisBottom(x)
        .ticks(Math.max(2, Math.floor(innerW / 70)))
        .tickFormat(fmt),
    );
  g.append('g').attr('class', 'axis').call(axisLeft(y).tickValues(yTicks).tickFormat(fmt));
  const label = (text: string, transform: string) =>
    g.append('text').attr('class', 'axis-label').attr('transform', transform).attr('text-anchor', 'middle').text(text);
  label(o.xLabel ?? 'evaluations', `translate(${innerW / 2},${innerH + 32})`);
  const yTitle = label('', `translate(${-46 - (yLines.length - 1) * LINE_H},${innerH / 2}) rotate(-90)`).attr(
    'data-testid',
    'convergence-y-title',
  );
  yLines.forEach((text, k) => {
    yTitle
      .append('tspan')
      .attr('x', 0)
      .attr('dy', k === 0 ? 0 : LINE_H)
      .text(text);
  });
  if (!yExt) {
    const empty = prepared.some((p) => p.keep.length > 0) ? 'no feasible design yet' : 'no evaluations yet';
    label(empty, `translate(${innerW / 2},${innerH / 2})`).attr('class', 'axis-label convergence-empty');
  }

  const usable = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v) && (!log || v > 0);
  const clampY = (v: number) => Math.max(-2, Math.min(innerH + 2, y(v)));
  const groups = seriesG
    .selectAll<SVGGElement, Prepared>('g.series')
    .data(prepared, (p) => p.s.name)
    .join((enter) => {
      const e = enter.append('g').attr('class', 'series');
      e.append('path').attr('class', 'band').style('stroke', 'none').style('fill-opacity', 0.18);
      e.append('path').attr('class', 'line').style('fill', 'none').style('stroke-width', 2);
      return e;
    });
  groups
    .select<SVGPathElement>('path.band')
    .attr('data-band', (p) => p.s.name)
    .style('fill', (p) => p.colour)
    .attr('d', ({ s, keep }) => {
      const { lo, hi } = s;
      if (!lo || !hi) return null;
      const band = area<number>()
        .defined((i) => usable(lo[i]))
        .x((i) => x(s.x[i] ?? 0))
        .y0((i) => clampY(lo[i] ?? 0))
        // No feasible design in some seeds yet: the band is open to the top.
        .y1((i) => (usable(hi[i]) ? clampY(hi[i]) : 0))
        .curve(curveStepAfter);
      return band(keep);
    });
  groups
    .select<SVGPathElement>('path.line')
    .attr('data-series', (p) => p.s.name)
    .style('stroke', (p) => p.colour)
    .attr('d', ({ s, keep }) =>
      line<number>()
        .defined((i) => usable(s.median[i]))
        .x((i) => x(s.x[i] ?? 0))
        .y((i) => clampY(s.median[i] ?? 0))
        .curve(curveStepAfter)(keep),
    );
}

/** A linear domain around [lo, hi] with 5% room each side (10% of |v| for a single value). */
function padded([lo, hi]: [number, number]): [number, number] {
  const span = hi - lo || Math.abs(hi) * 0.1 || 1;
  return [lo - span * 0.05, hi + span * 0.05];
}

/**
 * The chart's lasting structure. Legend and under-layer (grid, axes, labels) are redrawn each time; the series group
 * survives so its paths are joined by name. An SVG last used by another chart is cleared first.
 */
function skeleton(svgEl: SVGSVGElement) {
  const svg = select(svgEl);
  if (svg.select(':scope > g.convergence-plot').empty()) {
    svg.selectAll('*').remove();
    svg.append('g').attr('class', 'convergence-legend');
    const plot = svg.append('g').attr('class', 'convergence-plot');
    plot.append('g').attr('class', 'under');
    plot.append('g').attr('class', 'series-all').attr('pointer-events', 'none');
  }
  const legendG = svg.select<SVGGElement>(':scope > g.convergence-legend');
  const plot = svg.select<SVGGElement>(':scope > g.convergence-plot');
  const g = plot.select<SVGGElement>(':scope > g.under');
  for (const part of [legendG, g]) part.selectAll('*').remove();
  return { legendG, plot, g, seriesG: plot.select<SVGGElement>(':scope > g.series-all') };
}

function drawLegend(g: G, prepared: Prepared[], slots: { x: number; y: number }[]): void {
  prepared.forEach((p, k) => {
    const s = slots[k] ?? { x: 0, y: 0 };
    const item = g.append('g').attr('class', 'legend-item').attr('transform', `translate(${s.x},${s.y})`);
    if (p.s.lo && p.s.hi)
      item
        .append('rect')
        .attr('y', 1)
        .attr('width', 11)
        .attr('height', 10)
        .style('fill', p.colour)
        .style('fill-opacity', 0.18);
    item.append('path').attr('d', 'M0,6H11').style('stroke', p.colour).style('stroke-width', 2);
    item.append('text').attr('class', 'axis-label').attr('x', 14).attr('y', 10).text(p.s.name);
  });
}
