import type { Constraints, ObjectiveKind } from './spec';

/** Store columns of a study, one Float64 each (plus a feasibility byte). */
export const METRICS = ['objective', 'latencyMs', 'energyMj', 'areaMm2', 'powerW', 'violation'] as const;
export type Metric = (typeof METRICS)[number];

/**
 * Evaluated designs in columns, as they cross a worker boundary (every array is transferable).
 * objective: the study's scalar objective (+Infinity when the simulator gives no value);
 * latencyMs, energyMj: aggregated over workloads; areaMm2; powerW: peak over workloads;
 * violation: total relative constraint violation (0 when feasible; see `scoreDesign`).
 */
export interface EvalColumns {
  n: number;
  metrics: Record<Metric, Float64Array>;
  feasible: Uint8Array;
}

export function allocColumns(n: number): EvalColumns {
  const metrics = {} as Record<Metric, Float64Array>;
  for (const m of METRICS) metrics[m] = new Float64Array(n);
  return { n, metrics, feasible: new Uint8Array(n) };
}

/** Concatenates column batches in order. */
export function concatColumns(parts: readonly EvalColumns[]): EvalColumns {
  const n = parts.reduce((s, p) => s + p.n, 0);
  const out = allocColumns(n);
  let o = 0;
  for (const p of parts) {
    for (const m of METRICS) out.metrics[m].set(p.metrics[m].subarray(0, p.n), o);
    out.feasible.set(p.feasible.subarray(0, p.n), o);
    o += p.n;
  }
  return out;
}

/** Every buffer of a batch, for a transfer list. */
export function columnBuffers(c: EvalColumns): ArrayBuffer[] {
  return [...METRICS.map((m) => c.metrics[m].buffer as ArrayBuffer), c.feasible.buffer as ArrayBuffer];
}

/** The objective vector an optimizer sees for row i (see `objectiveCount`). */
export function objectiveVector(kind: ObjectiveKind, c: EvalColumns, i: number): number[] {
  if (kind === 'multi') {
    return [c.metrics.latencyMs[i] as number, c.metrics.energyMj[i] as number, c.metrics.areaMm2[i] as number];
  }
  return [c.metrics.objective[i] as number];
}

/** Per-workload simulator totals of one design. */
export interface WorkloadResult {
  latencyMs: number;
  energyMj: number;
  powerW: number;
  /** The simulator could map every layer (memories large enough, …). */
  feasible: boolean;
}

/**
 * Aggregates one design's per-workload results into row `i` of `out` and applies the study's
 * objective and constraints.
 * - latency and energy: weighted mean, or weighted geometric mean (exp Σ wᵢ log xᵢ / Σ wᵢ), which
 *   keeps a 100 ms model from drowning a 1 ms one (the Edge TPU study reports geomeans).
 * - power: the peak over workloads (a power budget must hold for every model).
 * - violation: Σ max(0, x/limit − 1) over the constraints, plus 1 if the simulator rejected any
 *   workload, so infeasible designs can still be ranked (Deb 2000).
 * - objective: latency (ms), energy (mJ), edp (ms·mJ), or for multi the sum of logs of latency,
 *   energy and area; +Infinity when the simulator gave no finite value.
 */
export function scoreDesign(
  objective: ObjectiveKind,
  aggregation: 'mean' | 'geomean',
  constraints: Constraints,
  weights: readonly number[],
  results: readonly WorkloadResult[],
  areaMm2: number,
  out: EvalColumns,
  i: number,
): void {
  let wsum = 0;
  let lat = 0;
  let en = 0;
  let power = 0;
  let simOk = true;
  for (let k = 0; k < results.length; k++) {
    const r = results[k] as WorkloadResult;
    const w = weights[k] ?? 1;
    wsum += w;
    if (aggregation === 'geomean') {
      lat += w * Math.log(r.latencyMs);
      en += w * Math.log(r.energyMj);
    } else {
      lat += w * r.latencyMs;
      en += w * r.energyMj;
    }
    power = Math.max(power, r.powerW);
    simOk &&= r.feasible;
  }
  lat /= wsum;
  en /= wsum;
  if (aggregation === 'geomean') {
    lat = Math.exp(lat);
    en = Math.exp(en);
  }
  const finite = (v: number) => (Number.isFinite(v) ? v : Number.POSITIVE_INFINITY);
  lat = finite(lat);
  en = finite(en);
  let violation = simOk ? 0 : 1;
  const over = (v: number, limit: number | undefined) => (limit === undefined || v <= limit ? 0 : Math.min(v / limit - 1, 1e6));
  violation += over(areaMm2, constraints.areaMm2) + over(lat, constraints.latencyMs) + over(power, constraints.powerW);
  let obj: number;
  switch (objective) {
    case 'latency':
      obj = lat;
      break;
    case 'energy':
      obj = en;
      break;
    case 'edp':
      obj = lat * en;
      break;
    default:
      obj = Math.log(lat) + Math.log(en) + Math.log(areaMm2);
  }
  const m = out.metrics;
  m.objective[i] = Number.isNaN(obj) ? Number.POSITIVE_INFINITY : obj;
  m.latencyMs[i] = lat;
  m.energyMj[i] = en;
  m.areaMm2[i] = areaMm2;
  m.powerW[i] = power;
  m.violation[i] = violation;
  out.feasible[i] = violation === 0 && Number.isFinite(obj) ? 1 : 0;
}
