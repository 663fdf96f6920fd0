import { Front2d } from '../core/analysis/front-2d';
import { POINT_STATUS, type PointStatus, pointStatus } from '../core/analysis/point-status';
import type { ResultsStore } from '../core/analysis/results-store';
import type { Metric } from '../core/study/metrics';
import type { StudyMetric } from './store';

/** Value of a plotted metric for row `r` of a store (EDP is derived: latency × energy). */
export function metricValue(store: ResultsStore<Metric>, m: StudyMetric, r: number): number {
  if (m === 'edp') return (store.metric('latencyMs')[r] ?? Number.NaN) * (store.metric('energyMj')[r] ?? Number.NaN);
  return store.metric(m)[r] ?? Number.NaN;
}

/** Row `r`'s plot status: feasible, unmapped (the simulator could not map it) or over a constraint. */
export function statusOf(store: ResultsStore<Metric>, r: number): PointStatus {
  return pointStatus(store.isFeasible(r), (store.metric('simFeasible')[r] ?? 0) > 0);
}

/**
 * The Pareto plot's columns over every run of a study, appended as rows stream in (typed arrays
 * grown by doubling, outside React state). `run[i]`/`row[i]` map a point back to its store row.
 * The 2-D front of feasible points (minimise both axes) is kept incrementally by core's
 * `Front2d` (a binary search per point, so a batch costs O(n log F), not a recompute).
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
  private readonly front2d = new Front2d();

  constructor(
    public xm: StudyMetric,
    public ym: StudyMetric,
  ) {}

  reset(xm: StudyMetric, ym: StudyMetric) {
    this.xm = xm;
    this.ym = ym;
    this.count = 0;
    this.front2d.clear();
  }

  /** Indices of the current front, sorted by x (live: it changes as rows are appended). */
  get front(): readonly number[] {
    return this.front2d.indices();
  }

  /** Sizes the columns for `n` points up front (a grow copies every column). */
  reserve(n: number) {
    this.grow(n);
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
      if (this.status[i] === POINT_STATUS.feasible) this.front2d.offer(i, this.x[i] as number, this.y[i] as number);
    }
  }
}
