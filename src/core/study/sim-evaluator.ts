import { decodeDesign, presetByName, templateById } from '../arch/index';
import type { Design, DesignTemplate } from '../arch/types';
import { type CompiledWorkload, compileWorkload, evaluateTotals, newTotals } from '../sim/index';
import type { Totals } from '../sim/types';
import type { Workload } from '../workload/workload';
import type { Evaluator } from './evaluator';
import { allocColumns, scoreDesign, type WorkloadResult } from './metrics';
import { normalizeStudy, StudyError, type StudySpec } from './spec';

/** What an evaluation worker needs to evaluate a study's designs (structured-clonable). */
export interface StudyInit {
  kind: 'study';
  spec: StudySpec;
  /** The study's workloads, in `spec.workloads` order (zoo models built by the caller, imports as parsed). */
  workloads: Workload[];
}

/** Template and the constants (clock, overheads) every design of the study inherits from its preset. */
export function studyTemplate(spec: Pick<StudySpec, 'template' | 'preset'>): {
  template: DesignTemplate;
  base?: Design;
} {
  const template = templateById(spec.template);
  if (!template) throw new StudyError('template', `unknown template "${spec.template}"`);
  if (!spec.preset) return { template };
  const p = presetByName(spec.preset);
  if (!p || p.template.id !== template.id)
    throw new StudyError('preset', `no preset "${spec.preset}" for template ${template.id}`);
  return { template, base: p.design };
}

/** Value-set sizes of a template's searched parameters (the optimizers' space). */
export function templateSizes(template: DesignTemplate): number[] {
  return template.params.map((p) => p.values.length);
}

/** Per design × workload totals, for datasets (row-major n × workloads). */
export interface DetailedBatch {
  n: number;
  workloads: number;
  totals: Totals[];
}

/**
 * The simulator behind the Evaluator interface: decodes each index vector into a design of the
 * study's template, runs the allocation-free `evaluateTotals` on every (pre-compiled) workload and
 * scores the design (`scoreDesign`). A design the simulator throws on is recorded as infeasible
 * with infinite metrics instead of failing the batch.
 */
export function createSimEvaluator(
  init: StudyInit,
): Evaluator & { evaluateDetailed(codes: Int32Array, n: number): DetailedBatch } {
  const spec = normalizeStudy(init.spec);
  const { template, base } = studyTemplate(spec);
  if (init.workloads.length !== spec.workloads.length) throw new StudyError('workloads', 'one workload per spec entry');
  const bpe = (base?.bytesPerElement as number | undefined) ?? bytesPerElementDefault(template);
  const compiled: CompiledWorkload[] = init.workloads.map((w) => compileWorkload(w, bpe));
  const weights = spec.workloads.map((w) => w.weight ?? 1);
  const sizes = templateSizes(template);
  const dims = sizes.length;
  const totals = compiled.map(() => newTotals());
  const results: WorkloadResult[] = compiled.map(() => ({ latencyMs: 0, energyMj: 0, powerW: 0, feasible: true }));

  const designAt = (codes: Int32Array, i: number): Design =>
    decodeDesign(template, codes.subarray(i * dims, (i + 1) * dims), base);

  return {
    sizes,
    evaluate(codes, n) {
      const out = allocColumns(n);
      for (let i = 0; i < n; i++) {
        let area = Number.POSITIVE_INFINITY;
        try {
          const d = designAt(codes, i);
          for (let k = 0; k < compiled.length; k++) {
            const t = evaluateTotals(template, d, compiled[k] as CompiledWorkload, totals[k]);
            const r = results[k] as WorkloadResult;
            r.latencyMs = t.latencyMs;
            r.energyMj = t.energyMj;
            r.powerW = t.powerW;
            r.feasible = t.feasible;
            area = t.areaMm2;
          }
        } catch {
          for (const r of results) {
            r.latencyMs = Number.POSITIVE_INFINITY;
            r.energyMj = Number.POSITIVE_INFINITY;
            r.powerW = Number.POSITIVE_INFINITY;
            r.feasible = false;
          }
        }
        scoreDesign(spec.objective, spec.aggregation, spec.constraints, weights, results, area, out, i);
      }
      return out;
    },
    evaluateDetailed(codes, n) {
      const rows: Totals[] = [];
      for (let i = 0; i < n; i++) {
        const d = designAt(codes, i);
        for (const cw of compiled) rows.push(evaluateTotals(template, d, cw, newTotals()));
      }
      return { n, workloads: compiled.length, totals: rows };
    },
  };
}

function bytesPerElementDefault(t: DesignTemplate): number {
  return t.constants.find((c) => c.key === 'bytesPerElement')?.default ?? 1;
}
