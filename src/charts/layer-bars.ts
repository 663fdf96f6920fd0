import { axisBottom, axisLeft, format, scaleBand, scaleLinear, select } from 'd3';

export interface BarDatum {
  name: string;
  op: string;
  value: number;
}

export interface BarOptions {
  width: number;
  height: number;
  yLabel: string;
  /** CSS colour per op (falls back to the accent colour). */
  colorOf: (op: string) => string;
  onHover?: (d: BarDatum | null, index: number) => void;
}

const MARGIN = { top: 12, right: 12, bottom: 36, left: 64 };

/**
 * Draws one bar per layer into `svgEl` (D3 owns the inside of the SVG; React owns the element).
 * Each bar is a `rect[data-layer]` so tests and screen readers can find it.
 */
export function drawLayerBars(svgEl: SVGSVGElement, data: BarDatum[], o: BarOptions): void {
  const svg = select(svgEl);
  svg.selectAll('*').remove();
  svg.attr('viewBox', `0 0 ${o.width} ${o.height}`).attr('width', o.width).attr('height', o.height);
  const innerW = Math.max(10, o.width - MARGIN.left - MARGIN.right);
  const innerH = Math.max(10, o.height - MARGIN.top - MARGIN.bottom);
  const x = scaleBand<number>()
    .domain(data.map((_, i) => i))
    .range([0, innerW])
    .paddingInner(data.length > 120 ? 0 : 0.15);
  const max = Math.max(1, ...data.map((d) => d.value));
  const y = scaleLinear().domain([0, max]).nice().range([innerH, 0]);
  const g = svg.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  const si = format('.3~s');
  g.append('g')
    .attr('class', 'axis')
    .call(
      axisLeft(y)
        .ticks(5)
        .tickFormat((v) => si(Number(v))),
    );
  const step = Math.max(1, Math.ceil(data.length / 12));
  g.append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(0,${innerH})`)
    .call(
      axisBottom(x)
        .tickValues(data.map((_, i) => i).filter((i) => i % step === 0))
        .tickFormat((i) => String(Number(i) + 1)),
    );
  g.append('text')
    .attr('class', 'axis-label')
    .attr('x', innerW / 2)
    .attr('y', innerH + 30)
    .attr('text-anchor', 'middle')
    .text('layer');
  g.append('text')
    .attr('class', 'axis-label')
    .attr('transform', `translate(${-50},${innerH / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text(o.yLabel);
  const bw = Math.max(1, x.bandwidth());
  g.append('g')
    .selectAll('rect')
    .data(data)
    .join('rect')
    .attr('data-layer', (d) => d.name)
    .attr('x', (_, i) => x(i) ?? 0)
    .attr('width', bw)
    .attr('y', (d) => y(d.value))
    .attr('height', (d) => Math.max(0, innerH - y(d.value)))
    .attr('fill', (d) => o.colorOf(d.op))
    .on('mouseenter', (_e, d) => o.onHover?.(d, data.indexOf(d)))
    .on('mouseleave', () => o.onHover?.(null, -1))
    .append('title')
    .text((d) => `${d.name} (${d.op}): ${si(d.value)}`);
}
