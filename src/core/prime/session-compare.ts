import type { Workload } from '../workload/workload';
import { type CompareProgress, type CompareRow, compareTask, type SimulationSaving } from './compare';
import type { PrimeTask } from './run';
import { trainColumns } from './run';
import type { OptimizeRequest } from './session';
import type { Surrogate, TrainConfig } from './train';

/** The tab's comparison (compare.ts, issue 15 item 4) for the current task: models reused when trained. */
export interface CompareRequest extends OptimizeRequest {
  /** Training of models not yet trained under 'prime' / 'naive' (naive gets α = β = 0). */
  trainConfig?: Partial<TrainConfig>;
  /** Online budgets as multiples of k (default k, 10·k, 100·k). */
  multiples?: number[];
}

/** A comparison as plain data for the page: rows without designs, the simulations PRIME saves. */
export interface CompareSummary {
  rows: Omit<CompareRow, 'x'>[];
  savings?: SimulationSaving;
  zeroShot: boolean;
  /** Which surrogates came from the tab's training (the others were trained for the comparison). */
  reused: ('prime' | 'naive')[];
}

/**
 * `PrimeSession.compare`: compare.ts's comparison for a task of the session, reusing the models it
 * trained under 'prime' and 'naive' (a missing one is trained by compareTask with `trainConfig`),
 * returning plain data without designs. `stopped()` is polled at every stage.
 */
export async function compareInSession(o: {
  req: CompareRequest;
  task: PrimeTask;
  workload: (id: string) => Workload;
  models: { prime?: Surrogate; naive?: Surrogate };
  stopped: () => boolean;
  onProgress?: (p: CompareProgress) => void | Promise<void>;
  yieldNow?: () => Promise<void>;
  clock?: () => number;
}): Promise<CompareSummary> {
  const { req, task, models } = o;
  const train = trainColumns({ data: task.data, targets: req.targets });
  const ids = [...new Set([...train, ...req.targets])];
  const reused = (['prime', 'naive'] as const).filter((m) => models[m] !== undefined);
  const c = await compareTask(
    {
      templateId: task.templateId,
      ...(task.preset ? { preset: task.preset } : {}),
      workloads: ids.map((id) => o.workload(id)),
      data: task.data,
      train: models.prime?.trainedOn ?? train,
      targets: req.targets,
      aggregation: task.aggregation,
      k: req.k,
      seed: req.seed,
      surrogates: {
        ...(models.prime ? { prime: models.prime } : {}),
        ...(models.naive ? { naive: models.naive } : {}),
      },
      ...(req.trainConfig ? { trainConfig: req.trainConfig } : {}),
      ...(req.search ? { searchConfig: req.search } : {}),
      ...(req.multiples ? { multiples: req.multiples } : {}),
    },
    {
      onProgress: async (p) => {
        await o.onProgress?.(p);
        await o.yieldNow?.();
      },
      signal: {
        get aborted() {
          return o.stopped();
        },
      },
      ...(o.clock ? { clock: o.clock } : {}),
    },
  );
  return {
    rows: c.rows.map(({ x: _x, ...r }) => r),
    ...(c.savings ? { savings: c.savings } : {}),
    zeroShot: c.zeroShot,
    reused: [...reused],
  };
}
