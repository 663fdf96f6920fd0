import { templateById } from '../arch/index';
import { deriveSeed } from '../opt/rng';
import type { Workload } from '../workload/workload';
import { buildZooModel } from '../workload/zoo/index';
import { parseLoggedArrow } from './arrow';
import type { CompareProgress } from './compare';
import {
  type Aggregation,
  type DatasetPoints,
  type DatasetSummary,
  datasetPoints,
  datasetSummary,
  generateDataset,
  type PrimeDataset,
  selectDesigns,
  splitDesigns,
  withAreaBudget,
  withoutTopShare,
} from './dataset';
import { createEncoder } from './features';
import { parseLoggedData } from './io';
import type { SegmentRows } from './logged';
import { checkLoggedSize, LoggedBuilder } from './logged-build';
import { ONLINE_KINDS, type OnlineKind, runOnline } from './online';
import { type ModelReport, modelReport } from './report';
import {
  bestLoggedFor,
  bestVerified,
  contextsOf,
  optimizeSurrogate,
  type PrimeTask,
  taskTemplate,
  trainColumns,
  type VerifiedDesign,
} from './run';
import type { SearchConfig } from './search';
import { type CompareRequest, type CompareSummary, compareInSession } from './session-compare';
import { type Surrogate, type TrainConfig, type TrainProgress, trainSurrogate } from './train';

/** Where logged data comes from (PRIME's offline dataset). */
export type DatasetSource =
  | {
      kind: 'generate';
      templateId?: string;
      preset?: string;
      /** Zoo ids or ids of workloads added with `addWorkloads`. */
      workloads: string[];
      count: number;
      seed: number;
      areaBudgetMm2?: number;
      inAreaShare?: number;
    }
  /** A `dataset` CLI file (CSV or JSONL) or an `optimize --out` CSV. */
  | { kind: 'text'; text: string; templateId?: string; areaBudgetMm2?: number; workloadId?: string }
  /** Apache Arrow IPC files of logged data (`dataset --logged --format arrow`; shards in order). */
  | { kind: 'arrow'; files: Uint8Array[]; templateId?: string; areaBudgetMm2?: number; workloadId?: string }
  /** Already in columns (e.g. `datasetFromStore` of a finished study). */
  | { kind: 'columns'; data: PrimeDataset };

/** PRIME-like logged data (logged.ts) computed elsewhere in segments and sent here: see `beginLogged`. */
export interface LoggedRequest {
  /** Zoo ids of the applications, in the plan's order. */
  applications: string[];
  rowsPerApplication: number;
  seed: number;
  /** The task's area budget (what `feasible` means); default the template's. */
  areaBudgetMm2?: number;
  templateId?: string;
  /**
   * Share in [0, 1) of each application's best feasible designs taken out when the data is complete
   * (`withoutTopShare`, Design-Bench's protocol: the best logged design then leaves headroom).
   */
  dropTop?: number;
}

export interface TrainRequest {
  /** Tag of a loaded dataset. */
  dataset: string;
  templateId?: string;
  preset?: string;
  /** Data columns to train on (default: all but held-out targets). */
  train?: string[];
  /** Targets the model will design for (only to pick default training columns for zero-shot). */
  targets?: string[];
  /** Share of designs held out for the learned-model report (0 = train on all, no report). */
  validationShare?: number;
  /**
   * At most this many held-out designs for the validation MSE of the training curve (a prefix of
   * the seeded shuffle, so a random sample; the final report uses all of them). Every progress
   * report runs the model on them, which at 10^6 logged rows would dominate training.
   */
  validationCurveRows?: number;
  /** At most this many predicted-vs-actual points per report (evenly thinned; the report's figures use every row). */
  reportPoints?: number;
  config?: Partial<TrainConfig>;
}

export interface TrainResult {
  tag: string;
  trainedOn: string[];
  /** Per training workload, on the held-out designs (empty without validationShare). */
  report: ModelReport[];
}

export type { CompareRequest, CompareSummary } from './session-compare';

export interface OptimizeRequest {
  /** Tag of the dataset the model was trained on (its logged designs are excluded and seed the search). */
  dataset: string;
  targets: string[];
  aggregation?: Aggregation;
  k: number;
  seed: number;
  preset?: string;
  search?: Partial<SearchConfig>;
}

export interface OptimizeResult {
  proposals: VerifiedDesign[];
  best?: VerifiedDesign;
  simulations: number;
}

/** The first `max` designs of a held-out set (already shuffled by `splitDesigns`), or all of it. */
function curveRows(test: PrimeDataset | undefined, max = Number.POSITIVE_INFINITY): PrimeDataset | undefined {
  if (!test || test.n <= max) return test;
  return selectDesigns(
    test,
    Array.from({ length: max }, (_, i) => i),
  );
}

/**
 * PRIME's state for one thread (the worker wraps it; tests and the CLI may use it directly):
 * logged datasets and trained surrogates by tag, so the UI can train PRIME and naive MBO side by
 * side and optimise with either. Surrogates are plain data (no tensors outlive a call).
 */
export class PrimeSession {
  private readonly datasets = new Map<string, PrimeDataset>();
  private readonly models = new Map<string, Surrogate>();
  private readonly workloads = new Map<string, Workload>();
  private readonly cancelled = new Set<string>();
  /** Logged datasets being assembled, with the share of their best feasible designs held back at `finishLogged`. */
  private readonly builders = new Map<string, { builder: LoggedBuilder; dropTop: number }>();

  constructor(
    private readonly yieldNow?: () => Promise<void>,
    /** Milliseconds clock (performance.now in a worker) that times simulations in `compare`. */
    private readonly clock?: () => number,
  ) {}

  /** Registers imported workloads (zoo ids resolve on their own). */
  addWorkloads(wls: readonly Workload[]): void {
    for (const w of wls) this.workloads.set(w.id, w);
  }

  workload(id: string): Workload {
    let w = this.workloads.get(id);
    if (!w) {
      w = buildZooModel(id);
      this.workloads.set(id, w);
    }
    return w;
  }

  loadDataset(tag: string, src: DatasetSource): DatasetSummary {
    let data: PrimeDataset;
    if (src.kind === 'columns') data = src.data;
    else {
      const template = templateById(src.templateId ?? 'edgetpu');
      if (!template) throw new Error(`unknown template "${src.templateId}"`);
      const budget = src.areaBudgetMm2 ?? template.defaultAreaBudgetMm2;
      if (src.kind === 'text') {
        data = parseLoggedData(src.text, template, { areaBudgetMm2: budget, workloadId: src.workloadId });
      } else if (src.kind === 'arrow') {
        data = parseLoggedArrow(src.files, template, { areaBudgetMm2: budget, workloadId: src.workloadId });
      } else {
        const { base } = taskTemplate({ templateId: template.id, preset: src.preset });
        data = generateDataset({
          template,
          base,
          workloads: src.workloads.map((id) => this.workload(id)),
          count: src.count,
          seed: src.seed,
          areaBudgetMm2: budget,
          inAreaShare: src.inAreaShare,
        });
      }
    }
    this.datasets.set(tag, data);
    return datasetSummary(data);
  }

  /**
   * Starts a dataset of PRIME-like logged data whose segments (`loggedSegments` of the plan) arrive
   * with `appendLogged` in any order — from the page's pool of logged-data workers — and become
   * dataset `tag` at `finishLogged`. Refuses, naming the field, data that would not fit in memory;
   * the old dataset of the tag is dropped first so the two never coexist.
   */
  beginLogged(tag: string, req: LoggedRequest): { segments: number; rows: number; bytes: number } {
    const template = templateById(req.templateId ?? 'edgetpu');
    if (!template) throw new Error(`unknown template "${req.templateId}"`);
    if (req.applications.length === 0) throw new Error('applications: choose at least one');
    const mem = checkLoggedSize(template, req.applications.length, req.rowsPerApplication);
    const dropTop = req.dropTop ?? 0;
    if (!(dropTop >= 0 && dropTop < 1)) throw new Error(`dropTop: a share in [0, 1), got ${req.dropTop}`);
    this.datasets.delete(tag);
    this.builders.delete(tag);
    const plan = { applications: req.applications, rowsPerApplication: req.rowsPerApplication, seed: req.seed };
    const b = new LoggedBuilder(template, plan, req.areaBudgetMm2 ?? template.defaultAreaBudgetMm2);
    this.builders.set(tag, { builder: b, dropTop });
    return { segments: b.segments.length, rows: mem.rows, bytes: mem.total };
  }

  /** One segment's rows for the dataset `beginLogged` started; returns the rows received so far. */
  appendLogged(tag: string, rows: SegmentRows): number {
    const b = this.builders.get(tag)?.builder;
    if (!b) throw new Error(`no logged data being assembled under "${tag}"`);
    b.add(rows);
    return b.rows;
  }

  /** Completes the logged dataset (every segment must have arrived) and stores it under `tag`. */
  finishLogged(tag: string): DatasetSummary {
    const assembling = this.builders.get(tag);
    if (!assembling) throw new Error(`no logged data being assembled under "${tag}"`);
    const whole = assembling.builder.finish();
    const share = assembling.dropTop;
    const data = withoutTopShare(whole, share);
    this.builders.delete(tag);
    this.datasets.set(tag, data);
    const summary = datasetSummary(data);
    return data === whole ? summary : { ...summary, heldBack: { share, designs: whole.n - data.n } };
  }

  /** Same logged data under another area budget (feasibility is re-derived). */
  setAreaBudget(tag: string, areaBudgetMm2: number): DatasetSummary {
    const d = withAreaBudget(this.dataset(tag), areaBudgetMm2);
    this.datasets.set(tag, d);
    return datasetSummary(d);
  }

  dataset(tag: string): PrimeDataset {
    const d = this.datasets.get(tag);
    if (!d) throw new Error(`no dataset "${tag}"`);
    return d;
  }

  model(tag: string): Surrogate {
    const m = this.models.get(tag);
    if (!m) throw new Error(`no trained model "${tag}"`);
    return m;
  }

  /** Trains a surrogate under `tag` (replacing one of that tag); progress every `progressEvery` steps. */
  async train(
    tag: string,
    req: TrainRequest,
    onProgress?: (p: TrainProgress) => void | Promise<void>,
  ): Promise<TrainResult> {
    const all = this.dataset(req.dataset);
    const { template, base } = taskTemplate({ templateId: req.templateId ?? all.templateId, preset: req.preset });
    const seed = req.config?.seed ?? 1;
    const split = req.validationShare ? splitDesigns(all, req.validationShare, seed) : undefined;
    const data = split?.train ?? all;
    const cols = trainColumns({ data, train: req.train, targets: req.targets ?? data.workloads });
    const contexts = contextsOf(cols.map((id) => this.workload(id)));
    this.cancelled.delete(tag);
    const s = await trainSurrogate(
      {
        template,
        base,
        data,
        contexts,
        workloads: cols,
        validation: curveRows(split?.test, req.validationCurveRows),
        config: req.config,
      },
      { onProgress, yieldNow: this.yieldNow, shouldStop: () => this.cancelled.has(tag) },
    );
    this.models.set(tag, s);
    const full = split
      ? modelReport(s, createEncoder(template, data.areaBudgetMm2, s.contextDims, base), split.test, contexts, cols)
      : [];
    const cap = req.reportPoints ?? Number.POSITIVE_INFINITY;
    const report = full.map((r) =>
      r.points.length <= cap
        ? r
        : {
            ...r,
            points: Array.from(
              { length: cap },
              (_, i) => r.points[Math.floor((i * r.points.length) / cap)] as (typeof r.points)[number],
            ),
          },
    );
    return { tag, trainedOn: s.trainedOn, report };
  }

  /** Stops a running `train` of this tag after its current step (the model so far is kept). */
  cancel(tag: string): void {
    this.cancelled.add(tag);
  }

  /** Optimises the surrogate `tag` for the targets and verifies the top k (k new simulations). */
  optimize(tag: string, req: OptimizeRequest, onProposal?: (v: VerifiedDesign, i: number) => void): OptimizeResult {
    const proposals = optimizeSurrogate(this.task(req), this.model(tag), onProposal);
    return { proposals, best: bestVerified(proposals), simulations: proposals.length };
  }

  /** Best logged design and the simulator-driven optimizers at k simulations, for comparison. */
  async baselines(req: OptimizeRequest, kinds: readonly OnlineKind[] = ONLINE_KINDS) {
    const task = this.task(req);
    const online: Partial<Record<OnlineKind, { latencyMs: number; simulations: number }>> = {};
    for (const kind of kinds) {
      const r = await runOnline(kind, {
        templateId: task.templateId,
        preset: task.preset,
        targets: req.targets.map((id) => this.workload(id)),
        aggregation: task.aggregation,
        areaBudgetMm2: task.data.areaBudgetMm2,
        budget: req.k,
        seed: deriveSeed(req.seed, 0x6f6e6c6e),
      });
      online[kind] = { latencyMs: r.latencyMs, simulations: r.simulations };
      await this.yieldNow?.();
    }
    return { bestLogged: bestLoggedFor(task), online };
  }

  /**
   * The comparison of compare.ts for one task of the tab: PRIME, naive MBO ungated and gated, the
   * best logged design, random / evolution / BO at k, 10·k and 100·k simulations, with the
   * simulations PRIME saves. Models trained under 'prime' and 'naive' are reused; a missing one is
   * trained on the whole dataset with `trainConfig`. `cancel('compare')` stops it at its next stage.
   */
  async compare(
    req: CompareRequest,
    onProgress?: (p: CompareProgress) => void | Promise<void>,
  ): Promise<CompareSummary> {
    this.cancelled.delete('compare');
    const stop = this.cancelled;
    return compareInSession({
      req,
      task: this.task(req),
      workload: (id) => this.workload(id),
      models: { prime: this.models.get('prime'), naive: this.models.get('naive') },
      stopped: () => stop.has('compare'),
      onProgress,
      yieldNow: this.yieldNow,
      clock: this.clock,
    });
  }

  /** Logged designs of a dataset as (area, aggregate latency on `targets`) points for a plot, with their codes. */
  points(tag: string, targets: string[], aggregation: Aggregation = 'geomean', max?: number) {
    const data = this.dataset(tag);
    const p: DatasetPoints = datasetPoints(data, targets, aggregation, max);
    const codes = new Int32Array(p.count * data.dims);
    for (let k = 0; k < p.count; k++) {
      const i = p.row[k] as number;
      codes.set(data.codes.subarray(i * data.dims, (i + 1) * data.dims), k * data.dims);
    }
    return { ...p, codes, dims: data.dims, areaBudgetMm2: data.areaBudgetMm2 };
  }

  /** Forgets a dataset or model (or everything without a tag). */
  dispose(tag?: string): void {
    if (tag === undefined) {
      this.builders.clear();
      this.datasets.clear();
      this.models.clear();
      return;
    }
    this.builders.delete(tag);
    this.datasets.delete(tag);
    this.models.delete(tag);
  }

  private task(req: OptimizeRequest): PrimeTask {
    const data = this.dataset(req.dataset);
    return {
      templateId: data.templateId,
      preset: req.preset,
      data,
      workloads: req.targets.map((id) => this.workload(id)),
      targets: req.targets,
      aggregation: req.aggregation ?? 'geomean',
      k: req.k,
      seed: req.seed,
      searchConfig: req.search,
    };
  }
}
