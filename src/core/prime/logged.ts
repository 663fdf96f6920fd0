import { decodeDesign } from '../arch/design';
import type { Design, DesignTemplate } from '../arch/types';
import type { OptimizerKind } from '../opt/optimizer';
import { deriveSeed } from '../opt/rng';
import { createSimEvaluator } from '../study/sim-evaluator';
import type { StudySpec } from '../study/spec';
import { createStudyRunner, inlineExecutor } from '../study/study';
import type { Workload } from '../workload/workload';
import { datasetOfDesigns, emptyDataset, loggedDesign, type PrimeDataset, setCell } from './dataset';

/**
 * Logged data like PRIME's (Kumar et al., ICLR 2022, §6 and its released data): per application,
 * the designs earlier searches evaluated — optimizer trajectories of regularized evolution, BO and
 * random search at several seeds and area limits — mixed with random designs, most of them
 * infeasible (PRIME: 70–90 %). Every logged design belongs to one application (its column; the
 * others are unknown), as in PRIME's per-application logs.
 *
 * The data is a fixed list of segments per application, cycling through `LOGGED_SCHEDULE`; each
 * segment depends only on (seed, application id, segment number), so a shard — a contiguous range
 * of the segment list, applications in order — is computed alone, and the shards' rows in order
 * are exactly the whole data's. Design ids are global row numbers.
 */

export { PRIME_APPLICATIONS } from './applications';

/** Where a segment's designs come from: an optimizer's trajectory, or seeded random designs ('designs'). */
export type LoggedSource = Extract<OptimizerKind, 'evolution' | 'bo' | 'random'> | 'designs';

export interface ScheduleEntry {
  source: LoggedSource;
  /** The search's area limit (mm²); searches under a looser limit log designs over the task's budget. */
  areaLimitMm2: number;
  /** Designs the segment logs. BO is ~50 ms per evaluation (GP fits), so its trajectories are short. */
  length: number;
}

/**
 * One cycle of segments. Measured infeasible shares at 27 mm² on MobileNetV2: evolution under
 * 27 mm² ≈ 53 %, under 60 mm² ≈ 93 %, random search ≈ 96 %, designs with 30 % drawn inside the
 * budget ≈ 80 %: mixed, 70–90 % (`npm run bench:prime -- --logged` reports the share per application).
 */
export const LOGGED_SCHEDULE: readonly ScheduleEntry[] = [
  { source: 'evolution', areaLimitMm2: 27, length: 2000 },
  { source: 'designs', areaLimitMm2: 27, length: 2000 },
  { source: 'evolution', areaLimitMm2: 40, length: 2000 },
  { source: 'random', areaLimitMm2: 27, length: 1000 },
  { source: 'evolution', areaLimitMm2: 50, length: 2000 },
  { source: 'evolution', areaLimitMm2: 60, length: 2000 },
  { source: 'designs', areaLimitMm2: 27, length: 2000 },
  { source: 'bo', areaLimitMm2: 27, length: 64 },
];

/** Share of the 'designs' segments drawn inside the area budget (the rest uniform over the grid). */
export const DESIGNS_IN_AREA_SHARE = 0.3;

export interface LoggedSegment {
  /** Position in the whole data's segment list. */
  index: number;
  application: string;
  /** Segment number within its application. */
  number: number;
  source: LoggedSource;
  areaLimitMm2: number;
  seed: number;
  /** Global row (= design id) of its first design. */
  start: number;
  length: number;
}

export interface LoggedPlan {
  applications: readonly string[];
  /** Logged designs per application (the last segment is cut to fit). */
  rowsPerApplication: number;
  seed: number;
  schedule?: readonly ScheduleEntry[];
}

/** FNV-1a of an id: segment seeds follow the application, not its position in the set. */
function idHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** The whole data's segments, application after application. */
export function loggedSegments(plan: LoggedPlan): LoggedSegment[] {
  const schedule = plan.schedule ?? LOGGED_SCHEDULE;
  if (!(plan.rowsPerApplication >= 1)) throw new Error('rowsPerApplication must be at least 1');
  const out: LoggedSegment[] = [];
  let start = 0;
  for (const application of plan.applications) {
    let left = plan.rowsPerApplication;
    for (let number = 0; left > 0; number++) {
      const e = schedule[number % schedule.length] as ScheduleEntry;
      const length = Math.min(e.length, left);
      out.push({
        index: out.length,
        application,
        number,
        source: e.source,
        areaLimitMm2: e.areaLimitMm2,
        seed: deriveSeed(plan.seed, 0x6c6f6767, idHash(application), number),
        start,
        length,
      });
      start += length;
      left -= length;
    }
  }
  return out;
}

/** Segments of shard `index` of `count`: [⌊index·S/count⌋, ⌊(index+1)·S/count⌋) of the S segments. */
export function shardSegments(all: readonly LoggedSegment[], index: number, count: number): LoggedSegment[] {
  if (!(count >= 1 && index >= 0 && index < count))
    throw new Error(`shard must be i/n with 0 ≤ i < n, got ${index}/${count}`);
  return all.slice(Math.floor((index * all.length) / count), Math.floor(((index + 1) * all.length) / count));
}

/** A segment's logged designs (one application each): columns of `length` rows. */
export interface SegmentRows {
  segment: LoggedSegment;
  codes: Int32Array;
  areaMm2: Float64Array;
  latencyMs: Float64Array;
  energyMj: Float64Array;
  simFeasible: Uint8Array;
}

/**
 * Runs one segment: the optimizer's study (latency on the segment's application, area ≤ its
 * limit, `length` evaluations) or the seeded random designs, simulated on that application, with
 * the template's default constants (presets are not part of a plan).
 */
export async function runSegment(
  seg: LoggedSegment,
  template: DesignTemplate,
  workload: Workload,
): Promise<SegmentRows> {
  if (workload.id !== seg.application) throw new Error(`segment is for "${seg.application}", got "${workload.id}"`);
  const dims = template.params.length;
  if (seg.source === 'designs') {
    const ds = datasetOfDesigns({
      template,
      workloads: [workload],
      count: seg.length,
      design: (i) => loggedDesign(template, seg.seed, i, DESIGNS_IN_AREA_SHARE, seg.areaLimitMm2),
      areaBudgetMm2: seg.areaLimitMm2,
    });
    return {
      segment: seg,
      codes: ds.codes,
      areaMm2: ds.areaMm2,
      latencyMs: ds.latencyMs,
      energyMj: ds.energyMj,
      simFeasible: ds.simFeasible,
    };
  }
  const spec: StudySpec = {
    template: template.id,
    workloads: [{ id: workload.id }],
    objective: 'latency',
    aggregation: 'mean',
    constraints: { areaMm2: seg.areaLimitMm2 },
    optimizer: { kind: seg.source },
    seed: seg.seed,
    budget: seg.length,
  };
  const ev = createSimEvaluator({ kind: 'study', spec, workloads: [workload] });
  const { runner, store } = createStudyRunner({ spec, sizes: ev.sizes, executor: inlineExecutor(ev.evaluate) });
  await runner.run();
  const n = seg.length;
  if (store.length !== n) throw new Error(`segment ${seg.index}: the study logged ${store.length} designs, not ${n}`);
  const codes = new Int32Array(n * dims);
  for (let r = 0; r < n; r++) store.codesAt(r, codes.subarray(r * dims, (r + 1) * dims));
  const lat = store.metric('latencyMs');
  const sim = store.metric('simFeasible');
  const latencyMs = new Float64Array(n);
  const simFeasible = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const ok = (sim[r] as number) === 1 && Number.isFinite(lat[r] as number);
    simFeasible[r] = ok ? 1 : 0;
    latencyMs[r] = Number.isFinite(lat[r] as number) ? (lat[r] as number) : Number.NaN;
  }
  return {
    segment: seg,
    codes,
    areaMm2: store.metric('areaMm2').slice(0, n),
    latencyMs,
    energyMj: store.metric('energyMj').slice(0, n),
    simFeasible,
  };
}

export interface LoggedOptions {
  template: DesignTemplate;
  /** The applications (their order is the plan's). */
  workloads: Workload[];
  rowsPerApplication: number;
  seed: number;
  /** The task's area budget: what `feasible` means in the returned data (not the searches' limits). */
  areaBudgetMm2: number;
  shard?: { index: number; count: number };
  /** The cycle of segments (default LOGGED_SCHEDULE); an ablation can leave sources out. */
  schedule?: readonly ScheduleEntry[];
  /** Called after each segment (progress: rows done, rows in the shard). */
  onSegment?: (done: number, total: number) => void | Promise<void>;
}

/** The logged data of a shard (default: all of it) as one dataset: a row per design, known in its application's column only. */
export async function generateLogged(o: LoggedOptions): Promise<PrimeDataset> {
  const all = loggedSegments({
    applications: o.workloads.map((w) => w.id),
    rowsPerApplication: o.rowsPerApplication,
    seed: o.seed,
    schedule: o.schedule,
  });
  const segs = o.shard ? shardSegments(all, o.shard.index, o.shard.count) : all;
  const n = segs.reduce((s, g) => s + g.length, 0);
  const ids = o.workloads.map((w) => w.id);
  const ds = emptyDataset(o.template.id, o.template.params.length, ids, n, o.areaBudgetMm2);
  let row = 0;
  for (const seg of segs) {
    const wl = o.workloads[ids.indexOf(seg.application)] as Workload;
    const r = await runSegment(seg, o.template, wl);
    const w = ids.indexOf(seg.application);
    ds.codes.set(r.codes, row * ds.dims);
    for (let k = 0; k < seg.length; k++, row++) {
      ds.areaMm2[row] = r.areaMm2[k] as number;
      setCell(ds, row, w, r.latencyMs[k] as number, r.energyMj[k] as number, r.simFeasible[k] === 1);
    }
    await o.onSegment?.(row, n);
  }
  return ds;
}

/** Share of a dataset's known cells that are infeasible (PRIME's definition: unmapped or over the area budget). */
export function infeasibleShare(ds: PrimeDataset, workload?: string): number {
  const W = ds.workloads.length;
  const only = workload === undefined ? -1 : ds.workloads.indexOf(workload);
  let known = 0;
  let bad = 0;
  for (let j = 0; j < ds.n * W; j++) {
    if (!ds.known[j] || (only >= 0 && j % W !== only)) continue;
    known++;
    if (!ds.feasible[j]) bad++;
  }
  return known ? bad / known : Number.NaN;
}

/** A design of the dataset as its template's parameter values (for writers). */
export function loggedDesignValues(template: DesignTemplate, ds: PrimeDataset, i: number): Design {
  return decodeDesign(template, ds.codes.subarray(i * ds.dims, (i + 1) * ds.dims));
}
