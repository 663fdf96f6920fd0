import type { Metric } from '../study/metrics';
import { hv2 } from './pareto';
import type { ResultsStore } from './results-store';

/** One optimizer's convergence curve, as src/charts/convergence.ts draws it. */
export interface ConvergenceSeries {
  name: string;
  colour?: string;
  /** Evaluations so far, ascending. */
  x: number[];
  /** Best-so-far objective (median over seeds); Infinity (or NaN) until a feasible design is found. */
  median: number[];
  /** Band, e.g. min/max or quartiles over seeds; non-finite `hi` with finite `lo` reaches the top of the plot. */
  lo?: number[];
  hi?: number[];
}

export interface RunRows {
  group: string;
  store: ResultsStore<Metric>;
}

/** Evaluation counts at which curves are sampled: every row up to 200, then ~200 evenly spaced points. */
export function samplePoints(n: number, maxPoints = 200): number[] {
  if (n <= 0) return [];
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i + 1);
  const out: number[] = [];
  for (let k = 1; k <= maxPoints; k++) out.push(Math.round((k * n) / maxPoints));
  return [...new Set(out)];
}

/** Best feasible objective after each sampled evaluation count (+Infinity before the first feasible design). */
export function bestSoFar(store: ResultsStore<Metric>, at: readonly number[]): number[] {
  const obj = store.metric('objective');
  const feas = store.feasible();
  const out: number[] = [];
  let best = Number.POSITIVE_INFINITY;
  let r = 0;
  for (const n of at) {
    const end = Math.min(n, obj.length);
    for (; r < end; r++) if (feas[r] === 1 && (obj[r] as number) < best) best = obj[r] as number;
    out.push(best);
  }
  return out;
}

/**
 * Hypervolume of the feasible (latency, energy) front after each sampled count, against the
 * reference point `ref` (both minimised; the area between the front and the reference corner).
 */
export function hypervolumeSoFar(
  store: ResultsStore<Metric>,
  at: readonly number[],
  ref: readonly [number, number],
): number[] {
  const lat = store.metric('latencyMs');
  const en = store.metric('energyMj');
  const feas = store.feasible();
  let front: number[][] = [];
  const out: number[] = [];
  let r = 0;
  for (const n of at) {
    const end = Math.min(n, lat.length);
    for (; r < end; r++) {
      if (feas[r] !== 1) continue;
      const px = lat[r] as number;
      const py = en[r] as number;
      if (!(px < ref[0] && py < ref[1])) continue;
      const p = [px, py];
      if (front.some((q) => (q[0] as number) <= (p[0] as number) && (q[1] as number) <= (p[1] as number))) continue;
      front = front.filter((q) => !((p[0] as number) <= (q[0] as number) && (p[1] as number) <= (q[1] as number)));
      front.push(p);
    }
    out.push(hv2(front, ref));
  }
  return out;
}

function quantiles(values: number[]): { median: number; lo: number; hi: number } {
  const v = [...values].sort((a, b) => a - b);
  const mid = (v.length - 1) / 2;
  const median = ((v[Math.floor(mid)] as number) + (v[Math.ceil(mid)] as number)) / 2;
  return { median, lo: v[0] as number, hi: v[v.length - 1] as number };
}

/**
 * One series per optimizer: the median over its seeds of the best-so-far objective (or the
 * hypervolume when `mode` is 'hypervolume'), with the min–max range over seeds as the band.
 */
export function convergenceSeries(runs: RunRows[], mode: 'objective' | 'hypervolume'): ConvergenceSeries[] {
  const groups = [...new Set(runs.map((r) => r.group))];
  let ref: [number, number] = [1, 1];
  if (mode === 'hypervolume') {
    // Reference: 10 % beyond the worst feasible latency and energy seen in any run.
    let lx = 0;
    let ly = 0;
    for (const { store } of runs) {
      const lat = store.metric('latencyMs');
      const en = store.metric('energyMj');
      const f = store.feasible();
      for (let i = 0; i < lat.length; i++) {
        if (f[i] !== 1) continue;
        lx = Math.max(lx, lat[i] as number);
        ly = Math.max(ly, en[i] as number);
      }
    }
    ref = [lx * 1.1 || 1, ly * 1.1 || 1];
  }
  return groups.map((g) => {
    const rs = runs.filter((r) => r.group === g);
    const n = Math.max(...rs.map((r) => r.store.length));
    const x = samplePoints(n);
    const curves = rs.map((r) => (mode === 'objective' ? bestSoFar(r.store, x) : hypervolumeSoFar(r.store, x, ref)));
    const median: number[] = [];
    const lo: number[] = [];
    const hi: number[] = [];
    x.forEach((_, k) => {
      const q = quantiles(curves.map((c) => c[k] as number));
      median.push(q.median);
      lo.push(q.lo);
      hi.push(q.hi);
    });
    return { name: g, x, median, ...(rs.length > 1 ? { lo, hi } : {}) };
  });
}
