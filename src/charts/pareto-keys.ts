import { siTick } from './chart-math';
import type { ParetoData } from './pareto-types';

/** What keyboard walking asks of its chart. */
export interface KeysHost {
  data(): ParetoData;
  /** Indices of the Pareto front (any order). */
  front(): readonly number[];
  /** Point i in client px, or null when it is off the plot (zoomed away). */
  clientPoint(i: number): [number, number] | null;
  hover(i: number | null, clientX: number, clientY: number): void;
  open(i: number): void;
  axes(): { xLabel: string; yLabel: string };
}

/** Keys that walk the front; the rest (Tab, shortcuts) pass through. */
const STEP: Record<string, (pos: number, n: number) => number> = {
  ArrowRight: (p, n) => Math.min(n - 1, p + 1),
  ArrowUp: (p, n) => Math.min(n - 1, p + 1),
  ArrowLeft: (p) => Math.max(0, p - 1),
  ArrowDown: (p) => Math.max(0, p - 1),
  Home: () => 0,
  End: (_p, n) => n - 1,
};

/**
 * Keyboard access to a canvas scatter (WCAG 2.1.1): the chart box takes focus, the arrow keys walk the Pareto front
 * in order of the x metric (as hover does with the mouse: ring, status line, tooltip), Enter opens the point and
 * Escape lets it go. A polite live region reads out each point's values for screen readers.
 */
export class ParetoKeys {
  /** The point the keyboard is on (a data index), or null. */
  private current: number | null = null;
  private readonly live: HTMLDivElement;
  private readonly onKey = (ev: KeyboardEvent) => this.key(ev);
  private readonly onBlur = () => this.leave();

  constructor(
    private readonly root: HTMLElement,
    private readonly host: KeysHost,
  ) {
    root.tabIndex = 0;
    root.setAttribute('role', 'group');
    root.setAttribute(
      'aria-label',
      'Pareto plot. Arrow keys walk the Pareto front, Enter opens the design in the explorer, Escape leaves it.',
    );
    this.live = document.createElement('div');
    this.live.className = 'visually-hidden';
    this.live.setAttribute('aria-live', 'polite');
    this.live.dataset.testid = 'pareto-key-point';
    root.append(this.live);
    root.addEventListener('keydown', this.onKey);
    root.addEventListener('blur', this.onBlur);
  }

  destroy(): void {
    this.root.removeEventListener('keydown', this.onKey);
    this.root.removeEventListener('blur', this.onBlur);
    this.root.removeAttribute('tabindex');
    this.root.removeAttribute('role');
    this.root.removeAttribute('aria-label');
  }

  /** The front in order of increasing x (then y), so Right moves along the trade-off. */
  private ordered(): number[] {
    const d = this.host.data();
    return [...this.host.front()]
      .filter((i) => i < d.count)
      .sort((a, b) => (d.x[a] ?? 0) - (d.x[b] ?? 0) || (d.y[a] ?? 0) - (d.y[b] ?? 0));
  }

  private key(ev: KeyboardEvent): void {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    if (ev.key === 'Escape') {
      if (this.current !== null) ev.preventDefault();
      this.leave();
      return;
    }
    if (ev.key === 'Enter' || ev.key === ' ') {
      if (this.current === null) return;
      ev.preventDefault();
      this.host.open(this.current);
      return;
    }
    const step = STEP[ev.key];
    if (!step) return;
    ev.preventDefault();
    const front = this.ordered();
    if (front.length === 0) {
      this.live.textContent = 'No Pareto front yet: no feasible design.';
      return;
    }
    // The front changes while a study streams: continue from where the current point sits in the new one.
    const at = this.current === null ? -1 : front.indexOf(this.current);
    const pos =
      at < 0 ? (ev.key === 'End' || ev.key === 'ArrowLeft' || ev.key === 'ArrowDown' ? front.length : -1) : at;
    const next = front[step(pos < 0 ? -1 : pos, front.length)] ?? front[0];
    if (next === undefined) return;
    this.go(next, front.indexOf(next), front.length);
  }

  private go(i: number, k: number, n: number): void {
    this.current = i;
    this.root.dataset.keyPoint = String(i);
    const d = this.host.data();
    const { xLabel, yLabel } = this.host.axes();
    const [cx, cy] = this.host.clientPoint(i) ?? [0, 0];
    this.host.hover(i, cx, cy);
    this.live.textContent = `Front point ${k + 1} of ${n}: ${xLabel} ${siTick(d.x[i] ?? Number.NaN)}, ${yLabel} ${siTick(
      d.y[i] ?? Number.NaN,
    )}. Enter opens it.`;
  }

  private leave(): void {
    if (this.current === null) return;
    this.current = null;
    delete this.root.dataset.keyPoint;
    this.live.textContent = '';
    this.host.hover(null, 0, 0);
  }
}
