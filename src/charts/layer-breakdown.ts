import { axisBottom, axisLeft, type Selection, scaleBand, scaleLinear, schemeTableau10, select } from 'd3';
import { legendLayout, segmentTotals, siTick, sortedIndices, thinnedTicks } from './chart-math';
import { put } from './put-attr';

export interface BreakdownLayer {
  name: string;
  op: string;
  /** One value per `segmentNames` entry, in `unit`. */
  segments: number[];
}

export interface BreakdownInput {
  mode: 'cycles' | 'energy';
  sort: 'order' | 'cost';
  layers: BreakdownLayer[];
  /** e.g. ['compute', 'memory stall', 'overhead'] or ['MAC', 'PE memory', …, 'DRAM', 'leakage']. */
  segmentNames: string[];
  /** 'cycles' | 'µJ' */
  unit: string;
  selected?: string | null;
  /** Total per layer (same unit, network order) of a pinned design, drawn as a tick over each bar. */
  compare?: number[];
}

export interface BreakdownOptions {
  width: number;
  height: number;
  onSelect?(layer: string | null): void;
  /** `i` indexes `input.layers` (network order) whatever the sort; client coordinates place a tooltip. */
  onHover?(i: number | null, clientX: number, clientY: number): void;
}

interface Bar {
  /** Index in network order. */
  i: number;
  layer: BreakdownLayer;
  total: number;
  /** [y0, y1, segment index] per non-zero segment, in `unit`. */
  stack: [number, number, number][];
}

type G = Selection<SVGGElement, unknown, null, undefined>;

const M = { right: 12, bottom: 40, left: 58 };
const CYCLE_COLOURS = ['var(--stack-compute)', 'var(--stack-memory)', 'var(--stack-overhead)'];
/** Past this many layers bars touch: a 1 px gap would eat a third of each bar at 1440 px wide. */
const GAPLESS_AFTER = 120;

/** Fill for segment k: theme variables for the cycle split; Tableau 10 for energy (mid-luminance, reads on both). */
export function segmentColour(mode: BreakdownInput['mode'], k: number): string {
  if (mode === 'cycles' && k < CYCLE_COLOURS.length) return CYCLE_COLOURS[k] ?? 'var(--accent)';
  return schemeTableau10[k % schemeTableau10.length] ?? 'var(--accent)';
}

/**
 * One stacked bar per layer (cycles: compute / memory stall / overhead; or energy by component). Each layer is a
 * `g[data-layer]` holding a full-height transparent hit rect (so 2-px bars at 400 layers can still be hovered) and
 * its segment rects. Clicks and hovers are delegated from the SVG. D3 owns the inside of `svgEl`.
 */
export function drawLayerBreakdown(svgEl: SVGSVGElement, input: BreakdownInput, o: BreakdownOptions): void {
  const svg = select(svgEl);
  const { legendG, plot, g, layersG, over } = skeleton(svgEl);
  svg.attr('viewBox', `0 0 ${o.width} ${o.height}`).attr('width', o.width).attr('height', o.height);

  const totals = segmentTotals(input.layers);
  const order = sortedIndices(totals, input.sort);
  const bars: Bar[] = order.map((i) => {
    const layer = input.layers[i] as BreakdownLayer;
    const stack: [number, number, number][] = [];
    let acc = 0;
    layer.segments.forEach((v, k) => {
      if (!(v > 0) || !Number.isFinite(v)) return;
      stack.push([acc, acc + v, k]);
      acc += v;
    });
    return { i, layer, total: totals[i] ?? 0, stack };
  });
  const compare = input.compare && input.compare.length === input.layers.length ? input.compare : undefined;

  const legendLabels = [...input.segmentNames, ...(compare ? ['pinned design'] : [])];
  const legend = legendLayout(legendLabels, Math.max(60, o.width - M.left - M.right));
  const top = legend.height + 14;
  const innerW = Math.max(20, o.width - M.left - M.right);
  const innerH = Math.max(20, o.height - top - M.bottom);
  const n = bars.length;

  const x = scaleBand<number>()
    .domain(bars.map((_, pos) => pos))
    .range([0, innerW])
    .paddingInner(n > GAPLESS_AFTER ? 0 : n > 40 ? 0.1 : 0.2);
  let max = 0;
  for (const t of totals) if (t > max) max = t;
  for (const t of compare ?? []) if (Number.isFinite(t) && t > max) max = t;
  const y = scaleLinear()
    .domain([0, max > 0 ? max : 1])
    .nice()
    .range([innerH, 0]);
  const bw = Math.max(0.5, x.bandwidth());

  svg.attr('aria-label', `Per-layer ${input.mode} breakdown of ${n} layers`);
  drawLegend(legendG.attr('transform', `translate(${M.left},4)`), input, legendLabels, legend.slots);
  plot.attr('transform', `translate(${M.left},${top})`);
  g.append('g')
    .attr('class', 'axis')
    .call(
      axisLeft(y)
        .ticks(Math.max(2, Math.floor(innerH / 40)))
        .tickFormat((v) => siTick(Number(v))),
    );
  g.append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(0,${innerH})`)
    .call(
      axisBottom(x)
        .tickValues(thinnedTicks(n, Math.max(2, Math.floor(innerW / 36))))
        .tickFormat((pos) => String((bars[Number(pos)]?.i ?? 0) + 1))
        .tickSizeOuter(0),
    );
  g.append('text')
    .attr('class', 'axis-label')
    .attr('x', innerW / 2)
    .attr('y', innerH + 32)
    .attr('text-anchor', 'middle')
    .text(input.sort === 'cost' ? 'layer number, sorted by total cost' : 'layer number');
  g.append('text')
    .attr('class', 'axis-label')
    .attr('transform', `translate(${-46},${innerH / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text(input.mode === 'cycles' ? input.unit : `energy (${input.unit})`);

  // Layers are joined by key, so a redraw after a slider move updates existing nodes rather than rebuilding them.
  const layers = layersG
    .selectAll<SVGGElement, Bar>('g.layer')
    .data(bars, (b) => `${b.i}\u0000${b.layer.name}`)
    .join((enter) => {
      const e = enter.append('g').attr('class', 'layer');
      e.append('rect').attr('class', 'hit').attr('fill', 'transparent');
      return e;
    })
    .each((b, pos, nodes) => {
      const el = nodes[pos] as Element;
      put(el, 'data-layer', b.layer.name);
      put(el, 'data-index', String(b.i));
      put(el, 'transform', `translate(${(x(pos) ?? 0).toFixed(2)},0)`);
    });
  const bwS = bw.toFixed(2);
  layers.select('rect.hit').each((_, k, nodes) => {
    put(nodes[k] as Element, 'width', bwS);
    put(nodes[k] as Element, 'height', String(innerH));
  });
  layers
    .selectAll('rect.seg')
    .data((b) => b.stack)
    .join((enter) => enter.append('rect').attr('class', 'seg'))
    .each((s, k, nodes) => {
      const el = nodes[k] as Element;
      put(el, 'width', bwS);
      put(el, 'y', y(s[1]).toFixed(2));
      put(el, 'height', Math.max(0, y(s[0]) - y(s[1])).toFixed(2));
      put(el, 'fill', segmentColour(input.mode, s[2]));
    });
  const tw = Math.max(3, bw);
  layers
    .selectAll('line.compare-tick')
    .data((b) => (compare && Number.isFinite(compare[b.i]) ? [compare[b.i] ?? 0] : []))
    .join((enter) =>
      enter.append('line').attr('class', 'compare-tick').attr('stroke', 'var(--fg)').attr('stroke-width', 2),
    )
    .attr('x1', (bw - tw) / 2)
    .attr('x2', (bw + tw) / 2)
    .attr('y1', (v) => y(v))
    .attr('y2', (v) => y(v));
  // Native tooltips only when the page shows none of its own.
  if (o.onHover) layersG.selectAll('title').remove();
  else {
    layers
      .selectAll('title')
      .data((b) => [b])
      .join('title')
      .text((b) => `${b.i + 1}. ${b.layer.name} (${b.layer.op}): ${siTick(b.total)} ${input.unit}`);
  }

  // The selected bar gets an outline and a caret above it: at 400 layers a 2 px outline alone is invisible.
  const pos = bars.findIndex((b) => b.layer.name === input.selected);
  const selBar = bars[pos];
  if (selBar) {
    const sx = x(pos) ?? 0;
    const sy = y(selBar.total);
    over
      .append('rect')
      .attr('class', 'selected-outline')
      .attr('x', sx - 1)
      .attr('width', bw + 2)
      .attr('y', sy - 1)
      .attr('height', Math.max(2, innerH - sy + 2))
      .attr('fill', 'none')
      .attr('stroke', 'var(--fg)')
      .attr('stroke-width', 1.5);
    over
      .append('path')
      .attr('class', 'selected-caret')
      .attr('d', `M${sx + bw / 2},${sy - 3}l-5,-8h10z`)
      .attr('fill', 'var(--fg)');
  }

  const layerOf = (t: EventTarget | null): Bar | null => {
    const el = t instanceof Element ? t.closest('g.layer') : null;
    return el && svgEl.contains(el) ? select<Element, Bar>(el).datum() : null;
  };
  svg.on('click.breakdown', (e: MouseEvent) => o.onSelect?.(layerOf(e.target)?.layer.name ?? null));
  let hovered: number | null = null;
  layersG.on('pointerover', (e: PointerEvent) => {
    const b = layerOf(e.target);
    if (!b || b.i === hovered) return;
    hovered = b.i;
    o.onHover?.(b.i, e.clientX, e.clientY);
  });
  layersG.on('pointerout', (e: PointerEvent) => {
    if (layerOf(e.relatedTarget) || hovered === null) return;
    hovered = null;
    o.onHover?.(null, e.clientX, e.clientY);
  });
}

/**
 * The chart's lasting structure: legend, axes and the selection overlay are cleared and redrawn each time; the
 * layers group survives between draws. An SVG last used by another chart is cleared first.
 */
function skeleton(svgEl: SVGSVGElement) {
  const svg = select(svgEl);
  if (svg.select(':scope > g.breakdown-plot').empty()) {
    svg.selectAll('*').remove();
    svg.append('g').attr('class', 'breakdown-legend');
    const plot = svg.append('g').attr('class', 'breakdown-plot');
    plot.append('g').attr('class', 'under');
    plot.append('g').attr('class', 'layers').style('cursor', 'pointer');
    plot.append('g').attr('class', 'over').attr('pointer-events', 'none');
  }
  const legendG = svg.select<SVGGElement>(':scope > g.breakdown-legend');
  const plot = svg.select<SVGGElement>(':scope > g.breakdown-plot');
  const g = plot.select<SVGGElement>(':scope > g.under');
  const over = plot.select<SVGGElement>(':scope > g.over');
  for (const part of [legendG, g, over]) part.selectAll('*').remove();
  return { legendG, plot, g, over, layersG: plot.select<SVGGElement>(':scope > g.layers') };
}

function drawLegend(g: G, input: BreakdownInput, labels: string[], slots: { x: number; y: number }[]): void {
  labels.forEach((label, k) => {
    const s = slots[k] ?? { x: 0, y: 0 };
    const item = g.append('g').attr('class', 'legend-item').attr('transform', `translate(${s.x},${s.y})`);
    if (k < input.segmentNames.length) {
      item.append('rect').attr('y', 1).attr('width', 10).attr('height', 10).style('fill', segmentColour(input.mode, k));
    } else {
      item
        .append('line')
        .attr('x2', 11)
        .attr('y1', 6)
        .attr('y2', 6)
        .style('stroke', 'var(--fg)')
        .style('stroke-width', 2);
    }
    item.append('text').attr('class', 'axis-label').attr('x', 14).attr('y', 10).text(label);
  });
}
