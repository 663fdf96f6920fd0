import { requireTemplate } from '../core/arch';
import { optimizerLabel } from '../core/opt/optimizer';
import { usePrime } from '../state/prime-runs';
import { useStore } from '../state/store';
import { designParamsText } from './DesignEditor';
import { objectiveName } from './format';
import { zooName } from './prime-labels';

/**
 * What an exported chart image shows, written under its title (issue 17 §10): a PNG or SVG passed around on its own
 * must still say which design and workloads it is of. Read at export time, not rendered.
 */

/** A workload reference as people read it: "ResNet-50 (299×299)", an imported one by its name. */
function workloadName(w: { id: string; input?: number }): string {
  const s = useStore.getState();
  const name = s.imported[w.id]?.name ?? zooName(w.id);
  return w.input ? `${name} (${w.input}×${w.input})` : name;
}

/** "Edge TPU (PRIME / Apollo space), preset prime-baseline: PE columns 4, PE rows 4, …". */
export function designCaption(): string {
  const s = useStore.getState();
  const t = requireTemplate(s.template);
  return `${t.name}${s.preset ? `, preset ${s.preset}` : ''}: ${designParamsText(t, s.design)}`;
}

/** The explorer's charts: the workloads shown (or one of them) on the current design. */
export function explorerCaption(only?: string): string {
  const s = useStore.getState();
  const names = only ? [only] : s.workloads.map(workloadName);
  return `${names.join(', ')} on ${designCaption()}`;
}

/** The Exploration tab's charts: the study's workloads, objective, constraints and optimizers. */
export function studyCaption(): string {
  const d = useStore.getState().draft;
  const t = requireTemplate(d.template);
  const limits = [
    d.areaMm2 !== undefined ? `area ≤ ${d.areaMm2} mm²` : '',
    d.latencyMs !== undefined ? `latency ≤ ${d.latencyMs} ms` : '',
    d.powerW !== undefined ? `power ≤ ${d.powerW} W` : '',
  ].filter(Boolean);
  return [
    `Study on ${t.name}: ${d.workloads.map(workloadName).join(', ')}`,
    `minimising ${objectiveName(d.objective, d.aggregation, d.workloads.length)}`,
    limits.length ? limits.join(', ') : 'no constraints',
    `${d.optimizers.map(optimizerLabel).join(', ')}; seed ${d.seed}, ${d.seeds} seed(s) each, ${d.budget} evaluations`,
  ].join('; ');
}

/** The PRIME tab's charts: learned from which logged data, designing for which workloads. */
export function primeCaption(): string {
  const { config: c, fileName } = usePrime.getState();
  const data =
    c.source === 'file'
      ? `the logged-data file ${fileName ?? ''}`.trim()
      : c.source === 'study'
        ? "the Exploration study's evaluations"
        : `${c.count} simulated designs of ${c.train.map(zooName).join(', ')} (seed ${c.seed})`;
  return `PRIME trained on ${data}, designing for ${c.targets.map(zooName).join(', ')} within ${c.areaMm2} mm²`;
}
