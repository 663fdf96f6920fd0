/**
 * Archscope's analytical accelerator simulator (docs/simulator.md).
 *
 *   const { template, design } = presetByName('coral')!;
 *   const ev = evaluate(template, design, buildZooModel('mobilenet_v2'));
 *   ev.totals.latencyMs, ev.feasible, ev.reasons, ev.layers.cycles …
 *
 * Optimizers compile a workload once and call the allocation-free fast path:
 *   const cw = compileWorkload(wl, 1); const t = newTotals();
 *   evaluateTotals(template, design, cw, t);
 */
export { type CompiledWorkload, compiledFor, compileWorkload, InvalidWorkloadError, OP_NAMES } from './compile';
export { evaluate, evaluateTotals, InvalidDesignError, layerRows, newTotals } from './evaluate';
export { formatBytes } from './reasons';
export { type ScaleSimShape, scaleSimComputeCycles, scaleSimFolds, scaleSimShape } from './scalesim';
export type { Bound, EvaluateOptions, Evaluation, LayerColumns, LayerRow, Totals } from './types';
