import { axisBottom, axisLeft, type NumberValue, scaleLog, select } from 'd3';
import { legendLayout, logDomain, logTicks, siTick } from './chart-math';
import { groupColour } from './pareto';

export interface ScatterSeries {
  name: string;
  colour?: string;
  points: readonly { x: number; y: number }[];
}

export interface ScatterOptions {
  width: number;
  height: number;
  xLabel: string;
  yLabel: string;
}

const M = { right: 16, bottom: 40, left: 58 };
/** SVG circles: one DOM node per point, fine up to a few thousand (the PRIME report holds hundreds). */
const MAX_POINTS = 2000;

/**
 * Predicted-vs-actual scatter on log-log axes with the y = x line: both axes share one domain, so a perfect
 * model lies on the diagonal and a conservative one (PRIME) sits below it off the data. Each point is
 * `circle[data-point=i][data-series=name]`; points with a non-positive or non-finite coordinate are skipped.
 * D3 owns the inside of `svgEl`; call again to redraw.
 */
export function drawScatter(svgEl: SVGSVGElement, series: ScatterSeries[], o: ScatterOptions): void {
  const svg = select(svgEl);
  svg.selectAll('*').remove();
  svg.attr('viewBox', `0 0 ${o.width} ${o.height}`).attr('width', o.width).attr('height', o.height);
  const ok = (p: { x: number; y: number }) => p.x > 0 && p.y > 0 && Number.isFinite(p.x) && Number.isFinite(p.y);
  const all: number[] = [];
  for (const s of series) for (const p of s.points) if (ok(p)) all.push(p.x, p.y);
  const legend = legendLayout([...series.map((s) => s.name), 'y = x'], Math.max(60, o.width - M.left - M.right));
  const top = legend.height + 10;
  const innerW = Math.max(20, o.width - M.left - M.right);
  const innerH = Math.max(20, o.height - top - M.bottom);
  const domain = logDomain(all, 1.15);
  const x = scaleLog().domain(domain).range([0, innerW]);
  const y = scaleLog().domain(domain).range([innerH, 0]);
  const ticksX = logTicks(domain[0], domain[1], Math.max(2, Math.floor(innerW / 60)));
  const ticksY = logTicks(domain[0], domain[1], Math.max(2, Math.floor(innerH / 40)));
  const total = series.reduce((a, s) => a + s.points.length, 0);
  svg.attr('aria-label', `${o.yLabel} against ${o.xLabel}: ${total} points in ${series.length} series`);

  const lg = svg.append('g').attr('class', 'scatter-legend').attr('transform', `translate(${M.left},4)`);
  const g = svg.append('g').attr('class', 'scatter-plot').attr('transform', `translate(${M.left},${top})`);
  const grid = g.append('g').attr('class', 'grid').style('stroke', 'var(--border)').style('stroke-opacity', 0.6);
  for (const t of ticksY) grid.append('line').attr('x2', innerW).attr('y1', y(t)).attr('y2', y(t));
  for (const t of ticksX) grid.append('line').attr('y2', innerH).attr('x1', x(t)).attr('x2', x(t));
  const fmt = (v: NumberValue) => siTick(Number(v));
  g.append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(0,${innerH})`)
    .call(axisBottom(x).tickValues(ticksX).tickFormat(fmt));
  g.append('g').attr('class', 'axis').call(axisLeft(y).tickValues(ticksY).tickFormat(fmt));
  const label = (text: string, transform: string) =>
    g.append('text').attr('class', 'axis-label').attr('transform', transform).attr('text-anchor', 'middle').text(text);
  label(o.xLabel, `translate(${innerW / 2},${innerH + 32})`);
  label(o.yLabel, `translate(-46,${innerH / 2}) rotate(-90)`);
  g.append('line')
    .attr('class', 'identity')
    .attr('x1', x(domain[0]))
    .attr('y1', y(domain[0]))
    .attr('x2', x(domain[1]))
    .attr('y2', y(domain[1]))
    .style('stroke', 'var(--muted)')
    .style('stroke-dasharray', '4 3');
  if (all.length === 0) label('no feasible held-out designs', `translate(${innerW / 2},${innerH / 2})`);

  let i = 0;
  const dots = g.append('g').attr('class', 'points');
  series.forEach((s, k) => {
    const colour = s.colour ?? groupColour(k);
    for (const p of s.points) {
      if (i >= MAX_POINTS) return;
      if (!ok(p)) continue;
      dots
        .append('circle')
        .attr('data-point', i++)
        .attr('data-series', s.name)
        .attr('cx', x(p.x))
        .attr('cy', y(p.y))
        .attr('r', 3)
        .style('fill', colour)
        .style('fill-opacity', 0.65)
        .append('title')
        .text(`${s.name}: actual ${siTick(p.x)}, predicted ${siTick(p.y)}`);
    }
  });
  svg.attr('data-count', i);

  const names = [...series.map((s, k) => ({ name: s.name, colour: s.colour ?? groupColour(k), dot: true }))];
  names.push({ name: 'y = x', colour: 'var(--muted)', dot: false });
  names.forEach((n, k) => {
    const slot = legend.slots[k] ?? { x: 0, y: 0 };
    const item = lg.append('g').attr('class', 'legend-item').attr('transform', `translate(${slot.x},${slot.y})`);
    if (n.dot) item.append('circle').attr('cx', 5).attr('cy', 6).attr('r', 3.5).style('fill', n.colour);
    else item.append('path').attr('d', 'M0,6H11').style('stroke', n.colour).style('stroke-dasharray', '4 3');
    item.append('text').attr('class', 'axis-label').attr('x', 14).attr('y', 10).text(n.name);
  });
}
