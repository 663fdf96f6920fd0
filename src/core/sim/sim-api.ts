import { requireTemplate } from '../arch/index';
import type { Design } from '../arch/types';
import type { Workload } from '../workload/workload';
import { buildZooModel } from '../workload/zoo/index';
import { type CompiledWorkload, compileWorkload } from './compile';
import { evaluate } from './evaluate';
import type { Evaluation } from './types';

/** A workload by zoo id (at an optional input resolution) or by the id of a registered import. */
export interface WorkloadRef {
  id: string;
  input?: number;
}

/** One explorer evaluation: a design of `template` on every workload, against an area budget (mm²). */
export interface EvalRequest {
  template: string;
  design: Design;
  workloads: WorkloadRef[];
  budgetMm2: number;
}

/** One Evaluation per requested workload, or an error message naming the workload. */
export type EvalOutcome = { ok: true; evaluation: Evaluation } | { ok: false; workload: string; error: string };

/** Compiled workloads kept before the cache is emptied (a few dozen zoo models × input sizes). */
const MAX_COMPILED = 64;

/**
 * The design explorer's simulator API (workers/sim.worker.ts exposes it; tests call it directly):
 * imported workloads registered by id, and compiled workloads cached per (id, input, bytes per
 * element) — building DenseNet or U-Net on every slider move would waste most of the frame budget.
 */
export function createSimApi() {
  const imported = new Map<string, Workload>();
  const compiled = new Map<string, CompiledWorkload>();

  const compiledOf = (ref: WorkloadRef, bytesPerElement: number): CompiledWorkload => {
    const key = `${ref.id}@${ref.input ?? ''}@${bytesPerElement}`;
    let cw = compiled.get(key);
    if (!cw) {
      const wl = imported.get(ref.id) ?? buildZooModel(ref.id, ref.input);
      cw = compileWorkload(wl, bytesPerElement);
      if (compiled.size > MAX_COMPILED) compiled.clear();
      compiled.set(key, cw);
    }
    return cw;
  };

  return {
    /** Makes an imported workload available under its id (replacing an earlier one and its compiled forms). */
    registerWorkload(wl: Workload): void {
      imported.set(wl.id, wl);
      for (const k of compiled.keys()) if (k.startsWith(`${wl.id}@`)) compiled.delete(k);
    },
    /** Evaluates one design on every requested workload. Invalid designs or workloads come back as errors. */
    evaluate(req: EvalRequest): EvalOutcome[] {
      const template = requireTemplate(req.template);
      const bpe = typeof req.design.bytesPerElement === 'number' ? req.design.bytesPerElement : 1;
      return req.workloads.map((ref): EvalOutcome => {
        try {
          return {
            ok: true,
            evaluation: evaluate(template, req.design, compiledOf(ref, bpe), { areaBudgetMm2: req.budgetMm2 }),
          };
        } catch (e) {
          return { ok: false, workload: ref.id, error: e instanceof Error ? e.message : String(e) };
        }
      });
    },
    /** Compiled workloads held (for tests of the cache). */
    get cached(): number {
      return compiled.size;
    },
  };
}

export type SimApi = ReturnType<typeof createSimApi>;
