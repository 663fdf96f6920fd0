import type { CorpusBatch } from './batch';
import type { CostModelJson } from './cost-model';
import { type AccuracyReport, accuracy } from './rank';

/**
 * The error of a network study evaluated by the learned cost model (src/core/corpus/model-evaluate.ts),
 * measured on the study itself: the networks it also simulated (one in `checkEvery`). Page-safe (no
 * TensorFlow.js): the tab and the CLI report it from the stored columns.
 */

/** Default sampling of the simulator check: network indices divisible by 50 (2 % of a study). */
export const CHECK_EVERY = 50;

/** True when network `index` is simulated as a check (every > 0 and index a multiple of it). */
export function isCheckedIndex(index: number, every: number): boolean {
  return every > 0 && index % every === 0;
}

/**
 * Per class, the first network index the class's model was not trained on: its training networks
 * 0…n−1 when it was trained on this study's space and seed (CostModelJson.trainedOn), else 0.
 */
export function heldOutFrom(
  spec: { space: string; seed: number; models?: readonly Pick<CostModelJson, 'trainedOn'>[] },
  classes: number,
): number[] {
  return Array.from({ length: classes }, (_, c) => {
    const t = spec.models?.[c]?.trainedOn;
    return t && t.space === spec.space && t.seed === spec.seed ? t.networks : 0;
  });
}

export interface ClassCheck {
  id: string;
  /** Checked networks left out because the model was trained on them. */
  inTraining: number;
  /** Checked networks that compiled on the class (the accuracy is over these). */
  checked: number;
  /** Checked networks the simulator found infeasible (the model predicted them as if they ran). */
  infeasible: number;
  latency: AccuracyReport;
  energy: AccuracyReport;
}

/**
 * Per class: the model's latency and energy against the simulator's on the checked rows of `b`
 * (rows whose simLatencyMs is finite). A simulated study checks against itself (MAPE 0), so call
 * this for predicted studies only. Rows with a network index below `from[c]` (the model's own
 * training networks, `heldOutFrom`) are left out and counted as `inTraining`.
 */
export function predictionCheck(
  b: CorpusBatch,
  classIds: readonly string[],
  from: readonly number[] = [],
): ClassCheck[] {
  const C = b.classes;
  return classIds.map((id, c) => {
    const pl: number[] = [];
    const sl: number[] = [];
    const pe: number[] = [];
    const se: number[] = [];
    let infeasible = 0;
    let inTraining = 0;
    const lo = from[c] ?? 0;
    for (let i = 0; i < b.n; i++) {
      const r = i * C + c;
      const s = b.cls.simLatencyMs[r] as number;
      if ((b.index[i] as number) < lo) {
        if (Number.isFinite(s)) inTraining++;
        continue;
      }
      if (b.cls.feasible[r] !== 1) {
        if (!Number.isNaN(b.cls.utilisation[r] as number) || Number.isFinite(s)) infeasible++;
        continue;
      }
      if (!Number.isFinite(s) || s <= 0) continue;
      pl.push(b.cls.latencyMs[r] as number);
      sl.push(s);
      pe.push(b.cls.energyMj[r] as number);
      se.push(b.cls.simEnergyMj[r] as number);
    }
    return { id, inTraining, checked: sl.length, infeasible, latency: accuracy(pl, sl), energy: accuracy(pe, se) };
  });
}
