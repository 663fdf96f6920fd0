import { axisBottom, axisLeft, type NumberValue, scaleLinear, schemeTableau10 } from 'd3';
import { POINT_STATUS, POINT_STATUS_LABEL } from '../core/analysis/point-status';
import { legendLayout, logTicks, siTick } from './chart-math';
import { ORDER_RAMPS, rampColours } from './pareto-math';
import { type G, MARGIN, type Scale } from './pareto-types';

/** Colour of optimizer k, shared with the convergence plot: Tableau 10 is mid-luminance, so it reads on both themes. */
export function groupColour(k: number): string {
  const n = schemeTableau10.length;
  return schemeTableau10[((k % n) + n) % n] ?? '#4e79a7';
}

export interface LegendSpec {
  /** Optimizer names (colour by group; '' = not shown), or null to show the evaluation-order ramp over [0, orderHi]. */
  groupNames: string[] | null;
  /** Colour of each group name (default `groupColour(k)`). */
  groupColours?: string[];
  orderHi: number;
  /** Dark theme: the order ramp has a dark variant. */
  dark: boolean;
  /** Width available to the legend, CSS px. */
  width: number;
  /** Unique id for the ramp's gradient. */
  gradientId: string;
}

/** Status items in legend order, each with its marker (as the raster draws them), then the front's step line. */
const STATUS_ITEMS = [
  POINT_STATUS_LABEL[POINT_STATUS.feasible],
  POINT_STATUS_LABEL[POINT_STATUS.overBudget],
  POINT_STATUS_LABEL[POINT_STATUS.unmapped],
  'Pareto front',
];

/** Redraws the legend (colours, then statuses) into `g`; returns its height, CSS px. */
export function drawLegend(g: G, spec: LegendSpec): number {
  g.attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  g.selectAll('*').remove();
  const byOrder = spec.groupNames === null;
  // The order item's gradient is wider than a swatch: figure spaces in its label reserve the room.
  const reserve = '\u2007'.repeat(4);
  // Groups named '' (optimizers the study does not run) get no entry; the others keep their colour index.
  const groups = (spec.groupNames ?? []).flatMap((name, k) => (name === '' ? [] : [{ name, k }]));
  const first = spec.groupNames
    ? groups.map((g) => g.name)
    : [`${reserve}evaluation ${siTick(0)}–${siTick(spec.orderHi)}`];
  const labels = [...first, ...STATUS_ITEMS];
  const lay = legendLayout(labels, Math.max(60, spec.width));
  labels.forEach((label, k) => {
    const s = lay.slots[k] ?? { x: 0, y: 0 };
    const item = g.append('g').attr('class', 'legend-item').attr('transform', `translate(${s.x},${s.y})`);
    const text = item.append('text').attr('class', 'axis-label').attr('x', 14).attr('y', 10).text(label);
    const kind = k - first.length;
    if (byOrder && k === 0) {
      const ramp = rampColours(spec.dark ? ORDER_RAMPS.dark : ORDER_RAMPS.light, 6);
      const grad = item.append('linearGradient').attr('id', spec.gradientId);
      ramp.forEach((c, j) => {
        grad
          .append('stop')
          .attr('offset', j / (ramp.length - 1))
          .attr('stop-color', c);
      });
      item.append('rect').attr('y', 1).attr('width', 36).attr('height', 10).style('fill', `url(#${spec.gradientId})`);
      text.attr('x', 40).text(label.slice(reserve.length));
    } else if (kind < 0) {
      item
        .append('circle')
        .attr('cx', 5)
        .attr('cy', 6)
        .attr('r', 4.5)
        .style('fill', spec.groupColours?.[groups[k]?.k ?? k] ?? groupColour(groups[k]?.k ?? k));
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

/** Tick values for the current view: decades (or 1-2-5) on log axes, falling back to linear ticks deep in a zoom. */
export function ticksOf(s: Scale, log: boolean, max: number): number[] {
  const [a, b] = s.domain() as [number, number];
  if (log) {
    const t = logTicks(a, b, max);
    if (t.length >= 2) return t;
    return scaleLinear().domain([a, b]).ticks(max);
  }
  return s.ticks(max);
}

export interface AxesSpec {
  vx: Scale;
  vy: Scale;
  xLog: boolean;
  yLog: boolean;
  xLabel: string;
  yLabel: string;
  /** Plot size, CSS px. */
  w: number;
  h: number;
}

/** Draws both axes and their labels; returns the tick values, for the grid the raster draws under the points. */
export function drawAxes(
  parts: { xAxis: G; yAxis: G; labels: G },
  a: AxesSpec,
): { xTicks: number[]; yTicks: number[] } {
  const xTicks = ticksOf(a.vx, a.xLog, Math.max(2, Math.floor(a.w / 70)));
  const yTicks = ticksOf(a.vy, a.yLog, Math.max(2, Math.floor(a.h / 40)));
  const fmt = (v: NumberValue) => siTick(Number(v));
  parts.xAxis.attr('transform', `translate(0,${a.h})`).call(axisBottom(a.vx).tickValues(xTicks).tickFormat(fmt));
  parts.yAxis.call(axisLeft(a.vy).tickValues(yTicks).tickFormat(fmt));
  const g = parts.labels;
  g.selectAll('*').remove();
  g.append('text')
    .attr('class', 'axis-label')
    .attr('x', a.w / 2)
    .attr('y', a.h + 32)
    .attr('text-anchor', 'middle')
    .text(a.xLabel);
  g.append('text')
    .attr('class', 'axis-label')
    .attr('transform', `translate(-46,${a.h / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text(a.yLabel);
  return { xTicks, yTicks };
}
