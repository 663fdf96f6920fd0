import { readFileSync } from 'node:fs';
import type { CorpusBatch } from '../core/corpus/batch';
import { CostModel, type CostModelJson } from '../core/corpus/cost-model';
import type { CorpusInit } from '../core/corpus/evaluate';
import { modelsForClasses } from '../core/corpus/model-evaluate';
import { type ClassCheck, heldOutFrom, predictionCheck } from '../core/corpus/prediction-check';
import { intFlag, quoted, UsageError } from './args';

/**
 * `corpus --model FILE[,FILE…]`: the learned cost model as the corpus's evaluator
 * (src/core/corpus/model-evaluate.ts). One exported model (`costmodel --out`) per class, in
 * `--classes` order; without `--classes`, the classes are the models' own, in file order.
 */

/** Reads the model files; a file that cannot be read, parsed or imported is a UsageError naming it (and its bad field). */
export function readModelFiles(list: string): CostModelJson[] {
  return list.split(',').map((path) => {
    const p = path.trim();
    let text: string;
    try {
      text = readFileSync(p, 'utf8');
    } catch {
      throw new UsageError(`--model: cannot read ${quoted(p)}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new UsageError(`--model ${quoted(p)}: not a JSON file`);
    }
    try {
      return CostModel.fromJSON(json).toJSON();
    } catch (e) {
      throw new UsageError(`--model ${quoted(p)}: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
}

/** The classes `--model` implies when `--classes` is absent (each model's classId, in file order). */
export function modelClasses(models: readonly CostModelJson[]): string {
  return models.map((m) => (typeof m?.classId === 'string' ? m.classId : '?')).join(',');
}

/** `init` evaluated by the models, or a UsageError naming `--model` and the bad field. */
export function withModels(init: CorpusInit, models: CostModelJson[], checkEvery: string | undefined): CorpusInit {
  try {
    modelsForClasses(init, models);
  } catch (e) {
    throw new UsageError(`--model: ${e instanceof Error ? e.message : String(e)}`);
  }
  return { ...init, models, checkEvery: intFlag('check-every', checkEvery, 0, 1_000_000, 50) };
}

const round = (x: number, d = 4) => (Number.isFinite(x) ? Number(x.toFixed(d)) : null);

/**
 * The `check` block of the JSON output: the model against the simulator on the checked networks
 * (a model's own training networks, when they are networks of this space and seed, left out).
 */
export function checkJson(view: CorpusBatch, init: CorpusInit, every: number) {
  const classes = init.classes.map((c) => c.id);
  const from = heldOutFrom({ space: init.space, seed: init.seed, models: init.models }, classes.length);
  const acc = (a: ClassCheck['latency']) => ({
    mape: round(a.mape, 3),
    within10: round(a.within10),
    kendall: round(a.kendall),
  });
  return {
    every,
    classes: Object.fromEntries(
      predictionCheck(view, classes, from).map((c) => [
        c.id,
        {
          checked: c.checked,
          inTraining: c.inTraining,
          infeasible: c.infeasible,
          latency: acc(c.latency),
          energy: acc(c.energy),
        },
      ]),
    ),
  };
}

/** CSV names of a predicted run's model outputs: `latencyMs` → `predictedLatencyMs`, `energyMj` → `predictedEnergyMj`. */
export function predictedColumn(m: string): string {
  return m === 'latencyMs' ? 'predictedLatencyMs' : m === 'energyMj' ? 'predictedEnergyMj' : m;
}
