import { evaluate, layerRows } from '../core/sim';
import { intFlag, numFlag, parseFlags, UsageError } from './args';
import { designFromFlags } from './design-flags';
import { loadWorkload } from './load-workload';

/**
 * `simulate --workload <id|file.csv|model.json> [--input H] [--template edgetpu|systolic]
 *  [--preset NAME] [--set key=value,...] [--area-max A] [--json]` (DESIGN.md CLI contract).
 */
export function simulateCommand(argv: string[], out: (s: string) => void): number {
  const f = parseFlags(argv, {
    workload: { type: 'string' },
    input: { type: 'string' },
    template: { type: 'string' },
    preset: { type: 'string' },
    set: { type: 'string' },
    'area-max': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!f.workload) throw new UsageError('--workload is required (a zoo id, a SCALE-Sim .csv or a model.json)');
  const input = f.input === undefined ? undefined : intFlag('input', f.input, 32, 1024);
  const { template, design, preset } = designFromFlags(f);
  const areaBudgetMm2 = numFlag('area-max', f['area-max'], 0.01, 1e5);
  const wl = loadWorkload(f.workload, input);
  const ev = evaluate(template, design, wl, areaBudgetMm2 === undefined ? {} : { areaBudgetMm2 });
  const t = ev.totals;
  const rows = layerRows(ev);
  const result = {
    workload: ev.workload,
    template: template.id,
    preset,
    design,
    feasible: ev.feasible,
    reasons: ev.reasons,
    overBudget: ev.overBudget,
    latencyMs: t.latencyMs,
    latencyCycles: t.latencyCycles,
    throughputIps: t.throughputIps,
    energyMj: t.energyMj,
    powerW: t.powerW,
    areaMm2: t.areaMm2,
    utilisation: t.utilisation,
    edp: t.edp,
    macs: t.macs,
    dramBytes: t.dramBytes,
    layers: rows.map((r) => ({
      name: r.name,
      op: r.op,
      macs: r.macs,
      computeCycles: r.computeCycles,
      memoryCycles: r.memoryCycles,
      overheadCycles: r.overheadCycles,
      cycles: r.cycles,
      dramBytes: r.dramBytes,
      energyMj: r.energyMj,
      utilisation: r.utilisation,
      bound: r.bound,
      mapping: r.mapping,
    })),
  };
  if (f.json) {
    out(JSON.stringify(result, null, 2));
    return 0;
  }
  out(`${ev.workload.name} on ${template.id} (${preset}${f.set ? ` + ${f.set}` : ''})`);
  out(`  latency ${t.latencyMs.toFixed(3)} ms (${Math.round(t.latencyCycles).toLocaleString('en-US')} cycles)`);
  out(`  energy ${t.energyMj.toFixed(4)} mJ, power ${t.powerW.toFixed(3)} W, area ${t.areaMm2.toFixed(2)} mm²`);
  out(`  utilisation ${(t.utilisation * 100).toFixed(1)} %, DRAM ${(t.dramBytes / 1e6).toFixed(2)} MB/inference`);
  out(`  ${ev.feasible ? 'feasible' : 'INFEASIBLE'}${ev.overBudget ? ', over the area budget' : ''}`);
  for (const r of ev.reasons) out(`    - ${r}`);
  return 0;
}
