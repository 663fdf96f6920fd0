import { expose } from 'comlink';
import { type Design, requireTemplate } from '../src/core/arch';
import { type CompiledWorkload, compileWorkload, type Evaluation, evaluate } from '../src/core/sim';
import type { Workload } from '../src/core/workload/workload';
import { buildZooModel } from '../src/core/workload/zoo';

/** A workload by zoo id (at an optional input resolution) or by the id of a registered import. */
export interface WorkloadRef {
  id: string;
  input?: number;
}

export interface EvalRequest {
  template: string;
  design: Design;
  workloads: WorkloadRef[];
  budgetMm2: number;
}

/** One Evaluation per requested workload, or an error message naming the workload. */
export type EvalOutcome = { ok: true; evaluation: Evaluation } | { ok: false; workload: string; error: string };

const imported = new Map<string, Workload>();
// Compiled workloads are cached per (id, input, bytes per element): building DenseNet or U-Net
// each slider move would waste most of the frame budget.
const compiled = new Map<string, CompiledWorkload>();

function compiledOf(ref: WorkloadRef, bytesPerElement: number): CompiledWorkload {
  const key = `${ref.id}@${ref.input ?? ''}@${bytesPerElement}`;
  let cw = compiled.get(key);
  if (!cw) {
    const wl = imported.get(ref.id) ?? buildZooModel(ref.id, ref.input);
    cw = compileWorkload(wl, bytesPerElement);
    if (compiled.size > 64) compiled.clear();
    compiled.set(key, cw);
  }
  return cw;
}

const api = {
  /** Makes an imported workload available under its id. */
  registerWorkload(wl: Workload): void {
    imported.set(wl.id, wl);
    for (const k of compiled.keys()) if (k.startsWith(`${wl.id}@`)) compiled.delete(k);
  },
  /** Evaluates one design on every requested workload. Invalid designs come back as errors. */
  evaluate(req: EvalRequest): EvalOutcome[] {
    const template = requireTemplate(req.template);
    const bpe = typeof req.design.bytesPerElement === 'number' ? req.design.bytesPerElement : 1;
    return req.workloads.map((ref) => {
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
};

export type SimApi = typeof api;
expose(api);
