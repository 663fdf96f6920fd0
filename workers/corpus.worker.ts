// First: CostModel.fromJSON validates with zod; keep it off `new Function` (CSP).
import '../src/core/zod-jitless';
import { expose, transfer } from 'comlink';
import {
  batchBuffers,
  type CorpusBatch,
  type CorpusInit,
  type CorpusSpec,
  CorpusStore,
  type CorpusSummary,
  CostModel,
  type CostModelJson,
  createCorpusApi,
  type PredictedBatch,
  runCostStudy,
  summarizeCorpus,
} from '../src/core/corpus/index';
import { initPrimeBackend } from '../src/core/prime/backend';
import type { SpaceId } from '../src/core/workload/space/index';

/**
 * Network-study worker (docs/corpus.md): evaluates batches of generated networks on the Edge TPU
 * classes for the page's corpus pool (src/bridge/corpus-bridge.ts), and trains / checks the
 * learned cost model (tfjs cpu backend, as the PRIME worker). Batches are transferred, not copied.
 */
const core = createCorpusApi();
let backend: Promise<unknown> | null = null;
/** The summary worker's copy of the study's rows (the page sends each block of new rows once). */
let rows: CorpusStore | null = null;

/** Per class: the ECDF of feasible latencies, thinned to at most 300 order statistics. */
export interface CorpusEcdf {
  id: string;
  n: number;
  x: Float64Array;
  p: Float64Array;
}

function ecdfOf(s: CorpusStore): CorpusEcdf[] {
  const v = s.view();
  const C = v.classes;
  return s.spec.classes.map((id, c) => {
    const all: number[] = [];
    for (let i = 0; i < v.n; i++) {
      const y = v.cls.latencyMs[i * C + c] as number;
      if (v.cls.feasible[i * C + c] === 1 && y > 0 && Number.isFinite(y)) all.push(y);
    }
    const sorted = Float64Array.from(all).sort();
    const n = sorted.length;
    const k = Math.min(n, 300);
    const x = new Float64Array(k);
    const p = new Float64Array(k);
    for (let j = 0; j < k; j++) {
      const i = k === 1 ? n - 1 : Math.round((j * (n - 1)) / (k - 1));
      x[j] = sorted[i] as number;
      p[j] = (i + 1) / n;
    }
    return { id, n, x, p };
  });
}

/** The cost-model report as plain data: the trained model travels as its JSON export. */
export type CostReport = Omit<Awaited<ReturnType<typeof runCostStudy>>, 'model'> & { model: CostModelJson };

const api = {
  init(payload: CorpusInit): { classes: string[] } {
    return core.init(payload);
  },
  evaluate(indices: Int32Array, n: number): CorpusBatch {
    const b = core.evaluate(indices, n);
    return transfer(b, batchBuffers(b));
  },
  loadModels(jsons: CostModelJson[]): void {
    core.loadModels(jsons);
  },
  predict(indices: Int32Array, n: number): PredictedBatch {
    const p = core.predict(indices, n);
    return transfer(p, [p.index.buffer, p.latencyMs.buffer, p.energyMj.buffer] as ArrayBuffer[]);
  },
  /** Trains the cost model for one class of `init` and reports it against the simulator (held out and zoo). */
  async trainCostModel(
    init: CorpusInit,
    classId: string,
    o: { train: number; test: number; epochs: number },
  ): Promise<CostReport> {
    backend ??= initPrimeBackend();
    await backend;
    const cls = init.classes.find((c) => c.id === classId);
    if (!cls) throw new Error(`class: "${classId}" is not in this study`);
    const r = await runCostStudy({
      space: init.space as SpaceId,
      seed: init.seed,
      train: o.train,
      test: o.test,
      cls,
      training: { epochs: o.epochs },
      now: () => performance.now(),
    });
    return { ...r, model: r.model.toJSON() };
  },
  /**
   * Checks a model file (CostModel.fromJSON throws an Error naming the bad field) and predicts the
   * latency of networks `indices` of (space, seed) with it, on the design it was trained for.
   */
  scoreModel(json: unknown, seed: number, indices: Int32Array): { classId: string; latencyMs: Float64Array } {
    const m = CostModel.fromJSON(json).toJSON();
    const scorer = createCorpusApi();
    scorer.init({ space: 'edgetpu-nas', seed, classes: [{ id: m.classId, design: m.design }] });
    scorer.loadModels([json as CostModelJson]);
    const p = scorer.predict(indices, indices.length);
    return transfer({ classId: m.classId, latencyMs: p.latencyMs }, [p.latencyMs.buffer as ArrayBuffer]);
  },
};

const summaryApi = {
  /** Starts the summary copy of a study (batches arrive with summaryAppend in order; duplicates are dropped here too). */
  summaryReset(spec: CorpusSpec): void {
    rows = new CorpusStore(spec, spec.count);
  },
  summaryAppend(b: CorpusBatch): void {
    rows?.append(b);
  },
  /** summarizeCorpus and the per-class ECDFs of the rows so far (small: the page draws from them). */
  summaryCompute(): { rows: number; summary: CorpusSummary; ecdf: CorpusEcdf[] } | null {
    if (!rows) return null;
    return {
      rows: rows.length,
      summary: summarizeCorpus(rows.view(), rows.spec.classes, { predicted: rows.spec.evaluator === 'model' }),
      ecdf: ecdfOf(rows),
    };
  },
};
Object.assign(api, summaryApi);

export type CorpusWorkerApi = typeof api & typeof summaryApi;
expose(api);
