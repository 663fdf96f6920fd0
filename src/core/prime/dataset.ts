import { pointStatus } from '../analysis/point-status';
import type { ResultsStore } from '../analysis/results-store';
import { decodeDesign } from '../arch/design';
import type { Design, DesignTemplate } from '../arch/types';
import { deriveSeed, Rng } from '../opt/rng';
import { randomPoint } from '../opt/space';
import { type CompiledWorkload, compileWorkload, evaluateTotals, newTotals } from '../sim/index';
import type { Metric } from '../study/metrics';
import type { Workload } from '../workload/workload';

/**
 * PRIME's logged data (Kumar et al., ICLR 2022, §3): designs with what the simulator said about
 * them, feasible and infeasible alike. Columnar: design i's index vector is codes[i·dims …], and
 * per-workload columns are row-major n × workloads.length. Feasible means "the simulator mapped
 * every layer" AND area ≤ `areaBudgetMm2` (REFERENCE.md §2, PRIME's definition).
 */
export interface PrimeDataset {
  templateId: string;
  dims: number;
  /** Workload ids, in column order. */
  workloads: string[];
  /** Number of designs. */
  n: number;
  codes: Int32Array;
  /** Chip area per design, mm² (an analytical function of the design: PRIME treats it as known). */
  areaMm2: Float64Array;
  /** Latency per design × workload, ms; NaN where not simulated or no value. */
  latencyMs: Float64Array;
  /** Energy per design × workload, mJ; NaN where unknown. */
  energyMj: Float64Array;
  /** 1 where the (design, workload) pair was simulated. */
  known: Uint8Array;
  /** 1 where the simulator mapped every layer (area not considered). */
  simFeasible: Uint8Array;
  /** 1 where simFeasible and area ≤ areaBudgetMm2. */
  feasible: Uint8Array;
  areaBudgetMm2: number;
}

export function emptyDataset(
  templateId: string,
  dims: number,
  workloads: string[],
  n: number,
  areaBudgetMm2: number,
): PrimeDataset {
  const w = workloads.length;
  return {
    templateId,
    dims,
    workloads,
    n,
    codes: new Int32Array(n * dims),
    areaMm2: new Float64Array(n),
    latencyMs: new Float64Array(n * w).fill(Number.NaN),
    energyMj: new Float64Array(n * w).fill(Number.NaN),
    known: new Uint8Array(n * w),
    simFeasible: new Uint8Array(n * w),
    feasible: new Uint8Array(n * w),
    areaBudgetMm2,
  };
}

/**
 * Design i of a dataset depends only on (seed, i): the `dataset` CLI's shards draw exactly the
 * designs the full run would, and `loggedDesign` with inAreaShare = 0 draws the same ones.
 */
export function datasetDesign(sizes: readonly number[], seed: number, i: number): Int32Array {
  return randomPoint({ sizes }, new Rng(deriveSeed(seed, 0x64617461, i)));
}

/** Design i of a generated dataset; with inAreaShare = 0 it is exactly design i of `dataset --seed S` (src/cli/dataset.ts). */
export function loggedDesign(
  template: DesignTemplate,
  seed: number,
  i: number,
  inAreaShare = 0,
  areaBudgetMm2 = 0,
): Int32Array {
  const sizes = template.params.map((p) => p.values.length);
  let x = datasetDesign(sizes, seed, i);
  if (inAreaShare > 0) {
    // A second stream decides whether design i is drawn inside the area budget (rejection sampling):
    // logged data from earlier studies concentrates where designs are buildable, as PRIME's does.
    const r = new Rng(deriveSeed(seed, 0x61726561, i));
    if (r.chance(inAreaShare)) {
      for (let t = 0; t < 10_000 && template.areaTotal(decodeDesign(template, x)) > areaBudgetMm2; t++)
        x = randomPoint({ sizes }, r);
    }
  }
  return x;
}

export interface GenerateOptions {
  template: DesignTemplate;
  workloads: Workload[];
  /** Designs (each simulated on every workload). */
  count: number;
  seed: number;
  areaBudgetMm2?: number;
  /** Share of designs drawn inside the area budget (0 = uniform over the grid, as the `dataset` CLI). */
  inAreaShare?: number;
  /** Design supplying template constants (a preset); none = defaults. */
  base?: Design;
}

/** Simulates `count` seeded designs on every workload. ~0.05 ms per design × workload. */
export function generateDataset(o: GenerateOptions): PrimeDataset {
  const budget = o.areaBudgetMm2 ?? o.template.defaultAreaBudgetMm2;
  return datasetOfDesigns({
    ...o,
    areaBudgetMm2: budget,
    design: (i) => loggedDesign(o.template, o.seed, i, o.inAreaShare ?? 0, budget),
  });
}

/** Simulates given designs (grid index vectors, `design(i)` for i < count) on every workload. */
export function datasetOfDesigns(o: {
  template: DesignTemplate;
  workloads: Workload[];
  count: number;
  design: (i: number) => ArrayLike<number>;
  areaBudgetMm2: number;
  base?: Design;
}): PrimeDataset {
  const { template } = o;
  const dims = template.params.length;
  const ds = emptyDataset(
    template.id,
    dims,
    o.workloads.map((w) => w.id),
    o.count,
    o.areaBudgetMm2,
  );
  const bpe = (o.base?.bytesPerElement as number | undefined) ?? 1;
  const compiled: CompiledWorkload[] = o.workloads.map((w) => compileWorkload(w, bpe));
  const t = newTotals();
  const W = compiled.length;
  for (let i = 0; i < o.count; i++) {
    const x = o.design(i);
    ds.codes.set(x, i * dims);
    const d = decodeDesign(template, x, o.base);
    ds.areaMm2[i] = template.areaTotal(d);
    for (let w = 0; w < W; w++) {
      evaluateTotals(template, d, compiled[w] as CompiledWorkload, t);
      setCell(ds, i, w, t.latencyMs, t.energyMj, t.feasible);
    }
  }
  return ds;
}

/** Fills one (design, workload) cell; feasibility includes the dataset's area budget. */
export function setCell(
  ds: PrimeDataset,
  i: number,
  w: number,
  latencyMs: number,
  energyMj: number,
  simFeasible: boolean,
): void {
  const j = i * ds.workloads.length + w;
  ds.known[j] = 1;
  ds.latencyMs[j] = Number.isFinite(latencyMs) ? latencyMs : Number.NaN;
  ds.energyMj[j] = Number.isFinite(energyMj) ? energyMj : Number.NaN;
  ds.simFeasible[j] = simFeasible ? 1 : 0;
  ds.feasible[j] = simFeasible && Number.isFinite(latencyMs) && (ds.areaMm2[i] as number) <= ds.areaBudgetMm2 ? 1 : 0;
}

/**
 * A single-workload study's results as logged data (study stores keep metrics aggregated over
 * the study's workloads, so a multi-workload study has no per-workload latency to learn from:
 * generate a dataset for those instead).
 */
export function datasetFromStore(
  store: ResultsStore<Metric>,
  o: { templateId: string; workloadId: string; areaBudgetMm2: number },
): PrimeDataset {
  return datasetFromStores([store], o);
}

/** Several runs of one single-workload study (e.g. every optimizer × seed of an exploration) as one dataset. */
export function datasetFromStores(
  stores: readonly ResultsStore<Metric>[],
  o: { templateId: string; workloadId: string; areaBudgetMm2: number },
): PrimeDataset {
  const first = stores[0];
  if (!first) throw new Error('no study results to learn from');
  const dims = first.schema.dims;
  if (stores.some((s) => s.schema.dims !== dims)) throw new Error('the runs have different design spaces');
  const n = stores.reduce((a, s) => a + s.length, 0);
  const ds = emptyDataset(o.templateId, dims, [o.workloadId], n, o.areaBudgetMm2);
  let i = 0;
  for (const store of stores) {
    const lat = store.metric('latencyMs');
    const en = store.metric('energyMj');
    const area = store.metric('areaMm2');
    const sim = store.metric('simFeasible');
    for (let r = 0; r < store.length; r++, i++) {
      ds.codes.set(store.codesAt(r), i * dims);
      ds.areaMm2[i] = area[r] as number;
      setCell(ds, i, 0, lat[r] as number, en[r] as number, sim[r] === 1);
    }
  }
  return ds;
}

/** Logged designs as plot points for `workloads` (aggregate latency vs area), at most `max` (evenly strided). */
export interface DatasetPoints {
  areaMm2: Float64Array;
  latencyMs: Float64Array;
  /** Per point: feasible, unmapped (on some workload) or mapped but over the area budget. */
  status: Uint8Array;
  /** Row of each point in the dataset. */
  row: Uint32Array;
  count: number;
}

export function datasetPoints(
  ds: PrimeDataset,
  workloads: readonly string[],
  how: Aggregation,
  max = 20_000,
): DatasetPoints {
  const cols = workloads.map((id) => ds.workloads.indexOf(id));
  const W = ds.workloads.length;
  const stride = Math.max(1, Math.ceil(ds.n / Math.max(1, max)));
  const cap = Math.ceil(ds.n / stride);
  const out: DatasetPoints = {
    areaMm2: new Float64Array(cap),
    latencyMs: new Float64Array(cap),
    status: new Uint8Array(cap),
    row: new Uint32Array(cap),
    count: 0,
  };
  if (cols.length === 0 || cols.some((c) => c < 0)) return out;
  for (let i = 0; i < ds.n; i += stride) {
    const lats: number[] = [];
    let mapped = true;
    for (const c of cols) {
      const j = i * W + c;
      if (!ds.known[j]) mapped = false;
      if (!ds.simFeasible[j]) mapped = false;
      lats.push(ds.latencyMs[j] as number);
    }
    const lat = aggregate(lats, how);
    // A design the simulator could not map has no latency to place it by.
    if (!Number.isFinite(lat) || lat <= 0) continue;
    const k = out.count++;
    out.areaMm2[k] = ds.areaMm2[i] as number;
    out.latencyMs[k] = lat;
    out.status[k] = pointStatus(mapped && (ds.areaMm2[i] as number) <= ds.areaBudgetMm2, mapped);
    out.row[k] = i;
  }
  return out;
}

/** Re-derives `feasible` for another area budget (PRIME's constraint is part of the task, not the data). */
export function withAreaBudget(ds: PrimeDataset, areaBudgetMm2: number): PrimeDataset {
  const out = { ...ds, areaBudgetMm2, feasible: new Uint8Array(ds.feasible.length) };
  const W = ds.workloads.length;
  for (let i = 0; i < ds.n; i++) {
    for (let w = 0; w < W; w++) {
      const j = i * W + w;
      out.feasible[j] =
        ds.simFeasible[j] === 1 &&
        Number.isFinite(ds.latencyMs[j] as number) &&
        (ds.areaMm2[i] as number) <= areaBudgetMm2
          ? 1
          : 0;
    }
  }
  return out;
}

/** The designs at `rows` (in that order), every workload column kept. */
export function selectDesigns(ds: PrimeDataset, rows: readonly number[]): PrimeDataset {
  const W = ds.workloads.length;
  const out = emptyDataset(ds.templateId, ds.dims, ds.workloads, rows.length, ds.areaBudgetMm2);
  rows.forEach((r, i) => {
    out.codes.set(ds.codes.subarray(r * ds.dims, (r + 1) * ds.dims), i * ds.dims);
    out.areaMm2[i] = ds.areaMm2[r] as number;
    for (const col of ['latencyMs', 'energyMj', 'known', 'simFeasible', 'feasible'] as const) {
      (out[col] as Float64Array | Uint8Array).set(
        (ds[col] as Float64Array | Uint8Array).subarray(r * W, (r + 1) * W),
        i * W,
      );
    }
  });
  return out;
}

/** Only the workload columns with these ids (in this order); throws naming an unknown id. */
export function selectWorkloads(ds: PrimeDataset, ids: readonly string[]): PrimeDataset {
  const idx = ids.map((id) => {
    const k = ds.workloads.indexOf(id);
    if (k < 0) throw new Error(`workload "${id}" is not in the dataset (has ${ds.workloads.join(', ')})`);
    return k;
  });
  const W = ds.workloads.length;
  const out = emptyDataset(ds.templateId, ds.dims, [...ids], ds.n, ds.areaBudgetMm2);
  out.codes.set(ds.codes);
  out.areaMm2.set(ds.areaMm2);
  for (let i = 0; i < ds.n; i++) {
    idx.forEach((k, w) => {
      for (const col of ['latencyMs', 'energyMj', 'known', 'simFeasible', 'feasible'] as const) {
        (out[col] as Float64Array | Uint8Array)[i * ids.length + w] = (ds[col] as Float64Array | Uint8Array)[
          i * W + k
        ] as number;
      }
    });
  }
  return out;
}

/** Seeded split of the designs into train and test (held-out) sets. */
export function splitDesigns(
  ds: PrimeDataset,
  testShare: number,
  seed: number,
): { train: PrimeDataset; test: PrimeDataset } {
  const rows = new Rng(deriveSeed(seed, 0x73706c74)).shuffle(Array.from({ length: ds.n }, (_, i) => i));
  const nTest = Math.round(ds.n * testShare);
  return { train: selectDesigns(ds, rows.slice(nTest)), test: selectDesigns(ds, rows.slice(0, nTest)) };
}

export type Aggregation = 'mean' | 'geomean';

/** Mean or geometric mean of positive values (geomean is what the Edge TPU study reports across models). */
export function aggregate(values: readonly number[], how: Aggregation): number {
  if (values.length === 0) return Number.NaN;
  if (how === 'mean') return values.reduce((s, v) => s + v, 0) / values.length;
  return Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length);
}

/**
 * Best logged design for `workloads` (jointly: aggregate latency over them), among designs
 * feasible on every one of them; index −1 and latency NaN when none is.
 */
export function bestLogged(
  ds: PrimeDataset,
  workloads: readonly string[],
  how: Aggregation = 'geomean',
): { index: number; latencyMs: number } {
  const cols = workloads.map((id) => ds.workloads.indexOf(id));
  if (cols.some((c) => c < 0)) return { index: -1, latencyMs: Number.NaN };
  const W = ds.workloads.length;
  let best = -1;
  let bestLat = Number.POSITIVE_INFINITY;
  for (let i = 0; i < ds.n; i++) {
    if (!cols.every((c) => ds.feasible[i * W + c] === 1)) continue;
    const lat = aggregate(
      cols.map((c) => ds.latencyMs[i * W + c] as number),
      how,
    );
    if (lat < bestLat) {
      bestLat = lat;
      best = i;
    }
  }
  return { index: best, latencyMs: best < 0 ? Number.NaN : bestLat };
}

export interface DatasetSummary {
  designs: number;
  workloads: { id: string; rows: number; feasible: number; feasibleShare: number; bestLatencyMs: number }[];
  areaBudgetMm2: number;
  /** Logged data with its best designs taken out (`withoutTopShare`): the share asked and the designs removed. */
  heldBack?: { share: number; designs: number };
}

/** Size and feasible share per workload (PRIME's data is 70–90 % infeasible per application). */
export function datasetSummary(ds: PrimeDataset): DatasetSummary {
  const W = ds.workloads.length;
  return {
    designs: ds.n,
    areaBudgetMm2: ds.areaBudgetMm2,
    workloads: ds.workloads.map((id, w) => {
      let rows = 0;
      let feasible = 0;
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < ds.n; i++) {
        const j = i * W + w;
        if (!ds.known[j]) continue;
        rows++;
        if (ds.feasible[j]) {
          feasible++;
          best = Math.min(best, ds.latencyMs[j] as number);
        }
      }
      return {
        id,
        rows,
        feasible,
        feasibleShare: rows ? feasible / rows : 0,
        bestLatencyMs: feasible ? best : Number.NaN,
      };
    }),
  };
}

/** Mixed-radix key of a design (set membership of logged designs). */
export function designKey(sizes: readonly number[], x: ArrayLike<number>): number {
  let k = 0;
  for (let i = 0; i < sizes.length; i++) k = k * (sizes[i] as number) + (x[i] as number);
  return k;
}

/**
 * The logged data with the best `share` of each workload's feasible designs taken out (Design-Bench's
 * protocol for offline optimisation, Trabucco et al. 2022: the optimiser sees only the rest, so the
 * best logged design leaves headroom to beat). Per workload column, a row goes when it is feasible
 * there and its latency is below that column's `share` quantile of feasible latencies; infeasible
 * rows all stay. `share` in [0, 1); 0 returns the data unchanged.
 */
export function withoutTopShare(ds: PrimeDataset, share: number): PrimeDataset {
  if (!(share >= 0 && share < 1)) throw new Error(`top share to drop must be in [0, 1), got ${share}`);
  if (share === 0) return ds;
  const W = ds.workloads.length;
  const drop = new Uint8Array(ds.n);
  for (let w = 0; w < W; w++) {
    const lats: number[] = [];
    for (let i = 0; i < ds.n; i++) if (ds.feasible[i * W + w] === 1) lats.push(ds.latencyMs[i * W + w] as number);
    const nDrop = Math.floor(lats.length * share);
    if (nDrop === 0) continue;
    lats.sort((a, b) => a - b);
    // Ties at the threshold all go, so the best kept design is strictly worse than every dropped one.
    const threshold = lats[nDrop - 1] as number;
    for (let i = 0; i < ds.n; i++)
      if (ds.feasible[i * W + w] === 1 && (ds.latencyMs[i * W + w] as number) <= threshold) drop[i] = 1;
  }
  const keep: number[] = [];
  for (let i = 0; i < ds.n; i++) if (!drop[i]) keep.push(i);
  return selectDesigns(ds, keep);
}
