import {
  type D3ZoomEvent,
  pointer,
  type Selection,
  type ZoomBehavior,
  type ZoomTransform,
  zoom,
  zoomIdentity,
} from 'd3';
import type { G } from './pareto-types';

/** What the interaction layer asks of its chart. */
export interface InteractionHost {
  /** The view moved (wheel, pan, pinch, reset): redraw under transform `t`. */
  zoomed(t: ZoomTransform): void;
  /** The point nearest to (mx, my) CSS px in the plot, within the hit radius, or null. */
  nearest(mx: number, my: number): number | null;
  hover(i: number | null, clientX: number, clientY: number): void;
  click(i: number): void;
  /** A brush from (x0, y0) to (x1, y1), plot CSS px. */
  brushed(x0: number, y0: number, x1: number, y1: number): void;
}

/**
 * Pointer input over the Pareto plot: d3-zoom (wheel, drag to pan, pinch), shift-drag or brush mode to select a
 * box, hover and click on the nearest point. One transparent SVG rect catches it all; the chart redraws.
 */
export class ParetoInteraction {
  readonly overlay: Selection<SVGRectElement, unknown, null, undefined>;
  private readonly zoomer: ZoomBehavior<SVGRectElement, unknown>;
  private mode: 'zoom' | 'brush' = 'zoom';
  private brushFrom: [number, number] | null = null;
  private swallowClick = false;

  constructor(
    private readonly plot: G,
    private readonly host: InteractionHost,
  ) {
    this.overlay = plot
      .append('rect')
      .attr('class', 'pareto-overlay')
      .attr('fill', 'transparent')
      .style('cursor', 'crosshair');
    this.zoomer = zoom<SVGRectElement, unknown>()
      .scaleExtent([1, 1e4])
      .filter((ev: Event) => this.zoomAllows(ev))
      .on('zoom', (ev: D3ZoomEvent<SVGRectElement, unknown>) => host.zoomed(ev.transform));
    this.overlay.call(this.zoomer).on('dblclick.zoom', null);
    // One finger scrolls the page on phones; pinch (two touches) zooms and pans the chart.
    this.overlay.style('touch-action', 'pan-y');
    this.overlay
      .on('dblclick', () => this.reset())
      .on('pointerdown', (ev: PointerEvent) => this.brushStart(ev))
      .on('pointermove', (ev: PointerEvent) => this.pointerMove(ev))
      .on('pointerup', (ev: PointerEvent) => this.brushEnd(ev))
      .on('pointerleave', (ev: PointerEvent) => {
        if (!this.brushFrom) host.hover(null, ev.clientX, ev.clientY);
      })
      .on('click', (ev: MouseEvent) => this.click(ev));
  }

  /** Sizes the hit area (and zoom extent) to the plot, CSS px. */
  resize(w: number, h: number): void {
    this.overlay.attr('width', w).attr('height', h);
    const extent: [[number, number], [number, number]] = [
      [0, 0],
      [w, h],
    ];
    this.zoomer.extent(extent).translateExtent(extent);
  }

  setMode(mode: 'zoom' | 'brush'): void {
    this.mode = mode;
    this.overlay.style('touch-action', mode === 'brush' ? 'none' : 'pan-y');
  }

  /** Back to the identity transform (fires `zoomed`). */
  reset(): void {
    this.overlay.call(this.zoomer.transform, zoomIdentity);
  }

  destroy(): void {
    this.overlay.on('.zoom', null).on('dblclick pointerdown pointermove pointerup pointerleave click', null);
  }

  private pointerMove(ev: PointerEvent): void {
    const node = this.overlay.node() as SVGRectElement;
    if (this.brushFrom) {
      const [x1, y1] = pointer(ev, node);
      const [x0, y0] = this.brushFrom;
      this.plot
        .selectAll('rect.brush')
        .data([0])
        .join((e) =>
          e
            .insert('rect', '.pareto-overlay')
            .attr('class', 'brush')
            .attr('pointer-events', 'none')
            .style('fill', 'var(--accent)')
            .style('fill-opacity', 0.12)
            .style('stroke', 'var(--accent)'),
        )
        .attr('x', Math.min(x0, x1))
        .attr('y', Math.min(y0, y1))
        .attr('width', Math.abs(x1 - x0))
        .attr('height', Math.abs(y1 - y0));
      return;
    }
    if (ev.buttons) return; // panning
    const [mx, my] = pointer(ev, node);
    this.host.hover(this.host.nearest(mx, my), ev.clientX, ev.clientY);
  }

  private zoomAllows(ev: Event): boolean {
    if (ev.type === 'wheel') return true;
    if (ev.type === 'touchstart') return this.mode === 'zoom' && (ev as TouchEvent).touches.length >= 2;
    const m = ev as MouseEvent;
    return this.mode === 'zoom' && !m.shiftKey && !m.ctrlKey && !m.button;
  }

  private brushStart(ev: PointerEvent): void {
    this.swallowClick = false;
    if (ev.button !== 0 || !(ev.shiftKey || this.mode === 'brush')) return;
    const node = this.overlay.node() as SVGRectElement;
    this.brushFrom = pointer(ev, node);
    node.setPointerCapture?.(ev.pointerId);
    this.host.hover(null, ev.clientX, ev.clientY);
  }

  private brushEnd(ev: PointerEvent): void {
    const from = this.brushFrom;
    if (!from) return;
    this.brushFrom = null;
    this.plot.selectAll('rect.brush').remove();
    const [x1, y1] = pointer(ev, this.overlay.node() as SVGRectElement);
    // A press without a drag stays a click (on a point, or nothing).
    if (Math.hypot(x1 - from[0], y1 - from[1]) < 3) return;
    this.swallowClick = true;
    this.host.brushed(from[0], from[1], x1, y1);
  }

  private click(ev: MouseEvent): void {
    if (this.swallowClick) {
      this.swallowClick = false;
      return;
    }
    const [mx, my] = pointer(ev, this.overlay.node() as SVGRectElement);
    const i = this.host.nearest(mx, my);
    if (i !== null) this.host.click(i);
  }
}
