import { exp, log } from '../opt/fdlibm';
import type { Constraints, ObjectiveKind } from './spec';

/** Store columns of a study, one Float64 each (plus a feasibility byte). */
export const METRICS = ['objective', 'latencyMs', 'energyMj', 'areaMm2', 'powerW', 'violation', 'simFeasible'] as const;
export type Metric = (typeof METRICS)[number];

/**
 * Evaluated designs in columns, as they cross a worker boundary (every array is transferable).
 * objective: the study's scalar objective (+Infinity when the simulator gives no value);
 * latencyMs, energyMj: aggregated over workloads; areaMm2; powerW: peak over workloads;
 * violation: total relative constraint violation (0 when feasible; see `scoreDesign`);
 * simFeasible: 1 when the simulator mapped every layer of every workload, else 0 (the design
 * failed for a reason other than the study's constraints, like PRIME's failed compilations).
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

/**
 * The study's explicit constraints at row i as log(value / limit), ≤ 0 when satisfied, in the
 * order area, latency, power (only those with a limit); NaN where the value is not finite. Log
 * ratios keep a 6000 mm² design and a 30 mm² one on one scale for the constraint models of BO.
 */
export function constraintVector(constraints: Constraints, c: EvalColumns, i: number): number[] {
  const out: number[] = [];
  const add = (v: number, limit: number | undefined) => {
    if (limit !== undefined) out.push(Number.isFinite(v) && v > 0 ? log(v / limit) : Number.NaN);
  };
  add(c.metrics.areaMm2[i] as number, constraints.areaMm2);
  add(c.metrics.latencyMs[i] as number, constraints.latencyMs);
  add(c.metrics.powerW[i] as number, constraints.powerW);
  return out;
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
      lat += w * log(r.latencyMs);
      en += w * log(r.energyMj);
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
    lat = exp(lat);
    en = exp(en);
  }
  const finite = (v: number) => (Number.isFinite(v) ? v : Number.POSITIVE_INFINITY);
  lat = finite(lat);
  en = finite(en);
  let violation = simOk ? 0 : 1;
  const over = (v: number, limit: number | undefined) =>
    limit === undefined || v <= limit ? 0 : Math.min(v / limit - 1, 1e6);
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
      obj = log(lat) + log(en) + log(areaMm2);
  }
  const m = out.metrics;
  m.objective[i] = Number.isNaN(obj) ? Number.POSITIVE_INFINITY : obj;
  m.latencyMs[i] = lat;
  m.energyMj[i] = en;
  m.areaMm2[i] = areaMm2;
  m.powerW[i] = power;
  m.violation[i] = violation;
  m.simFeasible[i] = simOk ? 1 : 0;
  out.feasible[i] = violation === 0 && Number.isFinite(obj) ? 1 : 0;
}
