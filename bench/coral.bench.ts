/**
 * Coral's published latency table against the `coral` preset (`npm run bench:coral`,
 * `npx tsx bench/coral.bench.ts [--json]`).
 *
 * Every row of Coral's "Edge TPU performance benchmarks" Table 1 (USB Accelerator on a desktop
 * host, USB 3.0, ms per inference; coral.ai/docs/edgetpu/benchmarks) that the zoo can build,
 * with the nearest zoo model when the published variant is not in the zoo (noted per row).
 * Rows the zoo has no model for are printed as "not in zoo" so the table stays complete.
 * The four calibration rows (REFERENCE.md §3) are asserted ±30 % in src/core/sim/edgetpu.test.ts.
 */
import { presetByName } from '../src/core/arch';
import { evaluate } from '../src/core/sim';
import { CORAL_PUBLISHED } from '../src/core/sim/coral-published';
import { buildZooModel } from '../src/core/workload/zoo';

const preset = presetByName('coral');
if (!preset) throw new Error('no coral preset');
const json = process.argv.includes('--json');
const rows = CORAL_PUBLISHED.map((r) => {
  if (!r.zoo) return { ...r, simulatedMs: null, errorPct: null };
  const ev = evaluate(preset.template, preset.design, buildZooModel(r.zoo, r.input));
  const ms = ev.totals.latencyMs;
  return { ...r, simulatedMs: ms, errorPct: (ms / r.publishedMs - 1) * 100, feasible: ev.feasible };
});
if (json) console.log(JSON.stringify(rows, null, 2));
else {
  console.log('| model | zoo model | published ms | Archscope ms | error |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) {
    const sim = r.simulatedMs === null ? 'not in zoo' : r.simulatedMs.toFixed(2);
    const err = r.errorPct === null ? '' : `${r.errorPct >= 0 ? '+' : '−'}${Math.abs(r.errorPct).toFixed(1)} %`;
    console.log(
      `| ${r.model} | ${r.zoo ? `${r.zoo}@${r.input}${r.proxy ? ` (${r.proxy})` : ''}` : '—'} | ${r.publishedMs} | ${sim} | ${err} |`,
    );
  }
}
