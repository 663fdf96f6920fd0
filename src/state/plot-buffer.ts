import type { ResultsStore } from '../core/analysis/results-store';
import type { Metric } from '../core/study/metrics';
import type { StudyMetric } from './store';

/** Value of a plotted metric for row `r` of a store (EDP is derived: latency × energy). */
export function metricValue(store: ResultsStore<Metric>, m: StudyMetric, r: number): number {
  if (m === 'edp') return (store.metric('latencyMs')[r] ?? Number.NaN) * (store.metric('energyMj')[r] ?? Number.NaN);
  return store.metric(m)[r] ?? Number.NaN;
}

/** 0 feasible, 1 the simulator could not map it (infeasible), 2 mapped but over a constraint (budget). */
export function statusOf(store: ResultsStore<Metric>, r: number): number {
  if (store.isFeasible(r)) return 0;
  return (store.metric('simFeasible')[r] ?? 0) > 0 ? 2 : 1;
}

/**
 * The Pareto plot's columns over every run of a study, appended as rows stream in (typed arrays
 * grown by doubling, outside React state). `run[i]`/`row[i]` map a point back to its store row.
 * The 2-D front of feasible points (minimise both axes) is kept incrementally: a new point
 * enters it unless dominated, and removes the points it dominates.
 */
export class PlotBuffer {
  count = 0;
  x = new Float64Array(1024);
  y = new Float64Array(1024);
  status = new Uint8Array(1024);
  group = new Uint8Array(1024);
  order = new Float64Array(1024);
  run = new Uint16Array(1024);
  row = new Uint32Array(1024);
  /** Indices of the current front, sorted by x. */
  front: number[] = [];

  constructor(
    public xm: StudyMetric,
    public ym: StudyMetric,
  ) {}

  reset(xm: StudyMetric, ym: StudyMetric) {
    this.xm = xm;
    this.ym = ym;
    this.count = 0;
    this.front = [];
  }

  private grow(need: number) {
    if (need <= this.x.length) return;
    let cap = this.x.length;
    while (cap < need) cap *= 2;
    const g = <T extends Float64Array | Uint8Array | Uint16Array | Uint32Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a.subarray(0, this.count));
      return b;
    };
    this.x = g(this.x, (n) => new Float64Array(n));
    this.y = g(this.y, (n) => new Float64Array(n));
    this.status = g(this.status, (n) => new Uint8Array(n));
    this.group = g(this.group, (n) => new Uint8Array(n));
    this.order = g(this.order, (n) => new Float64Array(n));
    this.run = g(this.run, (n) => new Uint16Array(n));
    this.row = g(this.row, (n) => new Uint32Array(n));
  }

  /** Appends rows [start, start + n) of run `runIndex` (plotted in colour `group`). */
  append(store: ResultsStore<Metric>, runIndex: number, group: number, start: number, n: number) {
    this.grow(this.count + n);
    for (let r = start; r < start + n; r++) {
      const i = this.count++;
      this.x[i] = metricValue(store, this.xm, r);
      this.y[i] = metricValue(store, this.ym, r);
      this.status[i] = statusOf(store, r);
      this.group[i] = group;
      this.order[i] = r;
      this.run[i] = runIndex;
      this.row[i] = r;
      if (this.status[i] === 0) this.addToFront(i);
    }
  }

  private addToFront(i: number) {
    const xi = this.x[i] as number;
    const yi = this.y[i] as number;
    if (!Number.isFinite(xi) || !Number.isFinite(yi)) return;
    for (const j of this.front) {
      const xj = this.x[j] as number;
      const yj = this.y[j] as number;
      if (xj <= xi && yj <= yi) return; // dominated (or equal): not on the front
    }
    this.front = this.front.filter((j) => !(xi <= (this.x[j] as number) && yi <= (this.y[j] as number)));
    let k = 0;
    while (k < this.front.length && (this.x[this.front[k] as number] as number) < xi) k++;
    this.front.splice(k, 0, i);
  }
}
