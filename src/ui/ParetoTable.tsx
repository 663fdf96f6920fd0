import { useEffect, useState } from 'react';
import { OPTIMIZER_COLOUR, PRIME_COLOUR } from '../charts/optimizer-colour';
import { POINT_STATUS } from '../core/analysis/point-status';
import { requireTemplate } from '../core/arch';
import { OPTIMIZER_KINDS, optimizerLabel } from '../core/opt/optimizer';
import {
  designOfPoint,
  onSessionChange,
  PRIME_GROUP,
  PRIME_GROUP_LABEL,
  pointSource,
  session,
} from '../state/study-runs';
import { formatValue } from './DesignEditor';
import { num } from './format';
import { Swatch } from './Swatch';

/**
 * Re-renders the calling component at most once per `ms` while a study streams rows in. Tables are text
 * alternatives, mounted only while shown: following every batch would cost more than the chart they describe.
 */
export function useSessionTick(ms = 1000): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    let t = 0;
    const off = onSessionChange(() => {
      if (t) return;
      t = window.setTimeout(() => {
        t = 0;
        setTick((k) => k + 1);
      }, ms);
    });
    return () => {
      off();
      if (t) clearTimeout(t);
    };
  }, [ms]);
}

const fmt = (v: number) => num(v, 4);

interface OptimizerSummary {
  name: string;
  colour: string;
  evaluations: number;
  feasible: number;
  bestX: number;
  bestY: number;
}

/** Per optimizer (all seeds) over the plotted points: evaluations, feasible ones, best feasible x and y. */
function summaries(): OptimizerSummary[] {
  const p = session.plot;
  const present = new Set(session.runs.map((r) => OPTIMIZER_KINDS.indexOf(r.optimizer)));
  const out = new Map<number, OptimizerSummary>();
  for (const g of [...present].sort((a, b) => a - b)) {
    const kind = OPTIMIZER_KINDS[g];
    if (kind)
      out.set(g, {
        name: optimizerLabel(kind),
        colour: OPTIMIZER_COLOUR[kind],
        evaluations: 0,
        feasible: 0,
        bestX: Infinity,
        bestY: Infinity,
      });
  }
  if (session.overlays.length > 0)
    out.set(PRIME_GROUP, {
      name: PRIME_GROUP_LABEL,
      colour: PRIME_COLOUR,
      evaluations: 0,
      feasible: 0,
      bestX: Infinity,
      bestY: Infinity,
    });
  for (let i = 0; i < p.count; i++) {
    const s = out.get(p.group[i] ?? 0);
    if (!s) continue;
    s.evaluations++;
    if (p.status[i] !== POINT_STATUS.feasible) continue;
    s.feasible++;
    s.bestX = Math.min(s.bestX, p.x[i] ?? Infinity);
    s.bestY = Math.min(s.bestY, p.y[i] ?? Infinity);
  }
  return [...out.values()];
}

/** The searched parameters of a plotted point's design, e.g. "peX 4, peY 4, lanes 64, …". */
function designText(i: number): string {
  const d = designOfPoint(i);
  if (!d) return '';
  return requireTemplate(d.template)
    .params.map((sp) => `${sp.key} ${formatValue(d.design[sp.key], sp.unit)}`)
    .join(', ');
}

/**
 * The Pareto plot's text alternative. The canvas may hold 10^5 points, so the table lists the front (every design on
 * it, sorted by x) and one summary row per optimizer, not every point; each front row opens its design in the
 * explorer, as clicking the point does.
 */
export function ParetoTable({
  xLabel,
  yLabel,
  onOpen,
}: {
  xLabel: string;
  yLabel: string;
  onOpen: (point: number) => void;
}) {
  useSessionTick();
  const p = session.plot;
  if (p.count === 0) return <p className="small muted">No designs yet: run a study to fill the plot and this table.</p>;
  const front = [...p.front];
  const rows = summaries();
  const seeded = new Set(session.runs.map((r) => r.seed)).size > 1;
  return (
    <>
      <table className="layers pareto-front" data-testid="pareto-front-table" data-rows={front.length}>
        <caption className="small muted">
          Pareto front: the {front.length} feasible design{front.length === 1 ? '' : 's'} that no other feasible design
          beats on both {xLabel} and {yLabel}, sorted by {xLabel}, lowest first. The plot's other{' '}
          {p.count - front.length} points are not listed; they are summarised per optimizer below.
        </caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">optimizer</th>
            <th scope="col" className="num">
              evaluation
            </th>
            <th scope="col" className="num">
              {xLabel}
            </th>
            <th scope="col" className="num">
              {yLabel}
            </th>
            <th scope="col">design</th>
            <th scope="col">
              <span className="visually-hidden">action</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {front.map((i, k) => {
            const who = pointSource(i, seeded);
            const row = (p.row[i] ?? 0) + 1;
            return (
              <tr key={i} data-testid="pareto-front-row" data-point={i} data-x={p.x[i]} data-y={p.y[i]}>
                <th scope="row">{k + 1}</th>
                <td>{who}</td>
                <td className="num">{row}</td>
                <td className="num">{fmt(p.x[i] ?? Number.NaN)}</td>
                <td className="num">{fmt(p.y[i] ?? Number.NaN)}</td>
                <td className="wrap">{designText(i)}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => onOpen(i)}
                    aria-label={`Open front design ${k + 1} (${who}, evaluation ${row}) in the explorer`}
                    data-testid="pareto-front-open"
                  >
                    Open
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <table className="layers pareto-summary" data-testid="pareto-summary-table">
        <caption className="small muted">
          Every plotted point, per optimizer over all seeds: evaluations, how many are feasible (the simulator maps them
          and they meet the study's constraints), and the best feasible value on each axis (— = none yet).
        </caption>
        <thead>
          <tr>
            <th scope="col">optimizer</th>
            <th scope="col" className="num">
              evaluations
            </th>
            <th scope="col" className="num">
              feasible
            </th>
            <th scope="col" className="num">
              best {xLabel}
            </th>
            <th scope="col" className="num">
              best {yLabel}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.name} data-testid="pareto-summary-row">
              <th scope="row">
                <Swatch colour={s.colour} />
                {s.name}
              </th>
              <td className="num">{s.evaluations}</td>
              <td className="num">{s.feasible}</td>
              <td className="num">{fmt(s.bestX)}</td>
              <td className="num">{fmt(s.bestY)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
