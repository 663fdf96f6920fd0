/** Human formatting helpers for the UI (SI prefixes, thousands separators; never e-notation). */

/**
 * `digits` significant digits in plain decimal notation with thousands separators: 12,350 rather than
 * `toPrecision`'s "1.235e+4", 0.000123 rather than "1.23e-4". An em dash for a missing value.
 */
export function num(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return '—';
  return v.toLocaleString('en-US', { maximumSignificantDigits: digits });
}

export function si(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return '—';
  const abs = Math.abs(v);
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [f, u] of units) if (abs >= f) return `${num(v / f, digits)} ${u}`;
  return num(v, digits);
}

/** A share (0…1) as a percentage with `digits` decimals, "—" when it is not a number. */
export function percent(share: number, digits = 1): string {
  return Number.isFinite(share) ? `${(share * 100).toFixed(digits)} %` : '—';
}

export function int(v: number): string {
  return Math.round(v).toLocaleString('en-US');
}

export function bytes(v: number): string {
  if (v >= 1024 * 1024) return `${(v / 1024 / 1024).toFixed(2)} MiB`;
  if (v >= 1024) return `${(v / 1024).toFixed(1)} KiB`;
  return `${v} B`;
}

/** A latency in ms as people read it: µs below 1 ms, ms above. */
export function latency(ms: number, digits = 4): string {
  if (!Number.isFinite(ms)) return '—';
  return ms < 1 ? `${num(ms * 1000, digits)} µs` : `${num(ms, digits)} ms`;
}

type Objective = 'latency' | 'energy' | 'edp' | 'multi';

/** What a study's scalar objective is, in words (src/core/study/metrics.ts `scoreDesign`). */
export function objectiveName(kind: Objective, aggregation: 'mean' | 'geomean', workloads: number): string {
  const agg = workloads > 1 ? (aggregation === 'geomean' ? 'geometric-mean ' : 'weighted-mean ') : '';
  switch (kind) {
    case 'latency':
      return `${agg}latency`;
    case 'energy':
      return `${agg}energy per inference`;
    case 'edp':
      return `${agg}energy × delay`;
    default:
      return 'log latency + log energy + log area';
  }
}

/** The unit of a study's scalar objective ('' for the multi-objective log sum, which has none). */
export const OBJECTIVE_UNIT: Record<Objective, string> = { latency: 'ms', energy: 'mJ', edp: 'mJ·ms', multi: '' };

/** An objective value with its unit: "1.234 ms", "0.8123 mJ·ms". */
export function objectiveValue(kind: Objective, v: number): string {
  if (!Number.isFinite(v)) return '—';
  const unit = OBJECTIVE_UNIT[kind];
  return unit ? `${num(v, 4)} ${unit}` : num(v, 4);
}

/** The convergence axis and table title of a study: "best feasible latency (ms)". */
export function bestObjectiveTitle(d: {
  objective: Objective;
  aggregation: 'mean' | 'geomean';
  workloads: readonly unknown[];
}): string {
  const unit = OBJECTIVE_UNIT[d.objective];
  return `best feasible ${objectiveName(d.objective, d.aggregation, d.workloads.length)}${unit ? ` (${unit})` : ''}`;
}
