import type { BudgetLine, G, ParetoData, Scale } from './pareto-types';

/** More highlight rings than this are not drawn: they would cover the plot and cost a DOM node each. */
const MAX_RINGS = 5000;

export interface AnnotationSpec {
  data: ParetoData;
  vx: Scale;
  vy: Scale;
  /** Plot size, CSS px. */
  w: number;
  h: number;
  budget: BudgetLine | null;
  /** Front point indices (any order; drawn sorted by screen x). */
  front: readonly number[];
  highlighted: readonly number[];
  hovered: number | null;
}

/**
 * Front, budget line, highlight and hover rings: SVG over the canvas, re-placed from the data on every call.
 * Returns the number of front points drawn (the chart's `data-front`).
 */
export function drawAnnotations(g: G, a: AnnotationSpec): number {
  const d = a.data;
  const xOf = (i: number) => a.vx(d.x[i] as number);
  const yOf = (i: number) => a.vy(d.y[i] as number);
  const ok = (i: number) => i >= 0 && i < d.count && Number.isFinite(xOf(i)) && Number.isFinite(yOf(i));
  drawBudget(g, a);

  const pts = a.front.filter(ok).sort((p, q) => xOf(p) - xOf(q));
  // Step-after: each front point holds its y until the next point's x, the boundary of the dominated region.
  let path = '';
  pts.forEach((i, k) => {
    path += k === 0 ? `M${xOf(i).toFixed(1)},${yOf(i).toFixed(1)}` : `H${xOf(i).toFixed(1)}V${yOf(i).toFixed(1)}`;
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

  const rings = a.highlighted.filter(ok).slice(0, MAX_RINGS);
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
    .attr('cx', xOf)
    .attr('cy', yOf);
  const hov = a.hovered !== null && ok(a.hovered) ? [a.hovered] : [];
  g.selectAll<SVGCircleElement, number>('circle.hover')
    .data(hov)
    .join((e) =>
      e.append('circle').attr('class', 'hover').attr('r', 6.5).style('stroke', 'var(--fg)').style('stroke-width', 2),
    )
    .attr('cx', xOf)
    .attr('cy', yOf)
    .raise();
  return pts.length;
}

/** The dashed constraint line with its label beside it. */
function drawBudget(g: G, a: AnnotationSpec): void {
  const { w, h } = a;
  const b = a.budget;
  const bv = b ? (b.axis === 'x' ? a.vx(b.value) : a.vy(b.value)) : Number.NaN;
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
}
