// First: CostModel.fromJSON validates with zod; keep it off `new Function` (CSP).
import '../src/core/zod-jitless';
import { expose, transfer } from 'comlink';
import {
  batchBuffers,
  type CorpusBatch,
  type CorpusInit,
  CostModel,
  type CostModelJson,
  createCorpusApi,
  type PredictedBatch,
  runCostStudy,
} from '../src/core/corpus/index';
import { initPrimeBackend } from '../src/core/prime/backend';
import type { SpaceId } from '../src/core/workload/space/index';

/**
 * Network-study worker (docs/corpus.md): evaluates batches of generated networks on the Edge TPU
 * classes for the page's corpus pool (src/bridge/corpus-bridge.ts), and trains / checks the
 * learned cost model (tfjs cpu backend, as the PRIME worker). Batches are transferred, not copied.
 */
const core = createCorpusApi();
let backend: Promise<void> | null = null;

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

export type CorpusWorkerApi = typeof api;
expose(api);
