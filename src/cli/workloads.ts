import { layerSummary } from '../core/workload/import/summary';
import { workloadTotals } from '../core/workload/workload';
import { ZOO } from '../core/workload/zoo';
import { intFlag, parseFlags } from './args';
import { loadWorkloadFile } from './load-workload';

/** `workloads [--json] [--input H] [--import FILE]` */
export function workloadsCommand(argv: string[], out: (s: string) => void): number {
  const f = parseFlags(argv, { json: { type: 'boolean' }, import: { type: 'string' }, input: { type: 'string' } });
  if (f.import !== undefined) {
    const wl = loadWorkloadFile(f.import);
    const t = workloadTotals(wl);
    const obj = {
      id: wl.id,
      name: wl.name,
      macs: t.macs,
      params: t.params,
      layerCount: t.layers,
      notes: wl.notes ?? [],
      layers: wl.layers.map(layerSummary),
    };
    if (f.json) out(JSON.stringify(obj, null, 2));
    else {
      out(
        `${obj.name}: ${(t.macs / 1e6).toFixed(2)} M MACs, ${t.params.toLocaleString('en-US')} params, ${t.layers} layers`,
      );
      for (const n of obj.notes) out(`  note: ${n}`);
      for (const l of obj.layers) out(`  ${l.name.padEnd(28)} ${l.op.padEnd(10)} ${String(l.macs).padStart(14)} MACs`);
    }
    return 0;
  }
  const input = f.input === undefined ? undefined : intFlag('input', f.input, 8, 4096);
  const rows = ZOO.map((e) => {
    const wl = e.build(input ?? e.defaultInput);
    const t = workloadTotals(wl);
    return { id: e.id, name: e.name, input: input ?? e.defaultInput, macs: t.macs, params: t.params, layers: t.layers };
  });
  if (f.json) out(JSON.stringify(rows, null, 2));
  else {
    out(`${'id'.padEnd(24)} ${'MACs (M)'.padStart(12)} ${'params'.padStart(14)} layers  name`);
    for (const r of rows) {
      out(
        `${r.id.padEnd(24)} ${(r.macs / 1e6).toFixed(2).padStart(12)} ${r.params.toLocaleString('en-US').padStart(14)} ${String(r.layers).padStart(6)}  ${r.name}`,
      );
    }
  }
  return 0;
}
