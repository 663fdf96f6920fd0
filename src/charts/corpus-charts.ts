import { axisBottom, axisLeft, type NumberValue, scaleBand, scaleLinear, scaleLog, select } from 'd3';
import { logDomain, logTicks, siTick } from './chart-math';
import { groupColour } from './pareto-legend';

export interface ChartSize {
  width: number;
  height: number;
}

const M = { top: 26, right: 14, bottom: 42, left: 60 };

function frame(svgEl: SVGSVGElement, o: ChartSize, label: string) {
  const svg = select(svgEl);
  svg.selectAll('*').remove();
  svg.attr('viewBox', `0 0 ${o.width} ${o.height}`).attr('width', o.width).attr('height', o.height);
  svg.attr('aria-label', label);
  const innerW = Math.max(20, o.width - M.left - M.right);
  const innerH = Math.max(20, o.height - M.top - M.bottom);
  const g = svg.append('g').attr('transform', `translate(${M.left},${M.top})`);
  return { svg, g, innerW, innerH };
}

function legend(svgEl: SVGSVGElement, names: readonly string[]): void {
  const lg = select(svgEl).append('g').attr('class', 'scatter-legend').attr('transform', `translate(${M.left},6)`);
  let at = 0;
  names.forEach((name, k) => {
    const item = lg.append('g').attr('transform', `translate(${at},0)`).attr('data-series', name);
    item.append('rect').attr('width', 10).attr('height', 10).attr('y', 1).style('fill', groupColour(k));
    item.append('text').attr('x', 14).attr('y', 10).style('fill', 'var(--fg)').style('font-size', '12px').text(name);
    at += 24 + name.length * 7;
  });
}

function axisLabels(g: ReturnType<typeof frame>['g'], innerW: number, innerH: number, x: string, y: string) {
  g.append('text')
    .attr('class', 'axis-label')
    .attr('text-anchor', 'middle')
    .attr('transform', `translate(${innerW / 2},${innerH + 36})`)
    .text(x);
  g.append('text')
    .attr('class', 'axis-label')
    .attr('text-anchor', 'middle')
    .attr('transform', `translate(-46,${innerH / 2}) rotate(-90)`)
    .text(y);
}

/**
 * Empirical CDFs (one line per series) on a log x axis: `points` are order statistics (value, share
 * at or below it) of a series of `n` values. Each line is `path[data-series=name][data-n=n]`.
 */
export function drawEcdf(
  svgEl: SVGSVGElement,
  series: { name: string; n: number; points: { x: number; p: number }[] }[],
  o: ChartSize & { xLabel: string },
): void {
  const { g, innerW, innerH } = frame(svgEl, o, `Distribution of ${o.xLabel} per class (ECDF)`);
  const all: number[] = [];
  for (const s of series) for (const p of s.points) all.push(p.x);
  const dom = logDomain(all, 1.1);
  const x = scaleLog().domain(dom).range([0, innerW]);
  const y = scaleLinear().domain([0, 1]).range([innerH, 0]);
  const fmt = (v: NumberValue) => siTick(Number(v));
  g.append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(0,${innerH})`)
    .call(
      axisBottom(x)
        .tickValues(logTicks(dom[0], dom[1], Math.floor(innerW / 60)))
        .tickFormat(fmt),
    );
  g.append('g')
    .attr('class', 'axis')
    .call(
      axisLeft(y)
        .ticks(5)
        .tickFormat((v) => `${Math.round(Number(v) * 100)} %`),
    );
  series.forEach((s, c) => {
    const d = s.points.map((p, j) => `${j ? 'L' : 'M'}${x(p.x).toFixed(1)},${y(p.p).toFixed(1)}`).join('');
    g.append('path')
      .attr('d', d)
      .attr('data-series', s.name)
      .attr('data-n', s.n)
      .style('fill', 'none')
      .style('stroke', groupColour(c))
      .style('stroke-width', 2);
  });
  axisLabels(g, innerW, innerH, o.xLabel, 'share of networks');
  legend(
    svgEl,
    series.map((s) => s.name),
  );
}

/**
 * Grouped bars: one group per category, one bar per series. Each bar is
 * `rect[data-group=category][data-series=name][data-value=v]`; non-finite values draw no bar.
 */
export function drawGroupedBars(
  svgEl: SVGSVGElement,
  categories: readonly string[],
  series: { name: string; values: readonly number[] }[],
  o: ChartSize & { xLabel: string; yLabel: string; format?: (v: number) => string },
): void {
  const { g, innerW, innerH } = frame(svgEl, o, `${o.yLabel} by ${o.xLabel}, one bar per class`);
  let hi = 0;
  for (const s of series) for (const v of s.values) if (Number.isFinite(v) && v > hi) hi = v;
  const x0 = scaleBand().domain(categories).range([0, innerW]).padding(0.2);
  const x1 = scaleBand()
    .domain(series.map((s) => s.name))
    .range([0, x0.bandwidth()])
    .padding(0.08);
  const y = scaleLinear()
    .domain([0, hi > 0 ? hi * 1.1 : 1])
    .range([innerH, 0])
    .nice();
  g.append('g').attr('class', 'axis').attr('transform', `translate(0,${innerH})`).call(axisBottom(x0));
  g.append('g')
    .attr('class', 'axis')
    .call(
      axisLeft(y)
        .ticks(5)
        .tickFormat((v) => (o.format ? o.format(Number(v)) : siTick(Number(v)))),
    );
  categories.forEach((cat, j) => {
    series.forEach((s, c) => {
      const v = s.values[j] as number;
      if (!Number.isFinite(v)) return;
      g.append('rect')
        .attr('x', (x0(cat) ?? 0) + (x1(s.name) ?? 0))
        .attr('y', y(v))
        .attr('width', x1.bandwidth())
        .attr('height', Math.max(0, innerH - y(v)))
        .attr('data-group', cat)
        .attr('data-series', s.name)
        .attr('data-value', v)
        .style('fill', groupColour(c));
    });
  });
  axisLabels(g, innerW, innerH, o.xLabel, o.yLabel);
  legend(
    svgEl,
    series.map((s) => s.name),
  );
}
