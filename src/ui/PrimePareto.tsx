import { useEffect, useMemo, useRef, useState } from 'react';
import { ParetoChart, type ParetoData } from '../charts/pareto';
import { paretoFront2d } from '../core/analysis/front-2d';
import { POINT_STATUS, type PointStatus } from '../core/analysis/point-status';
import { decodeDesign, presetByName, requireTemplate } from '../core/arch';
import type { Design } from '../core/arch/types';
import { aggregate } from '../core/prime/dataset';
import type { VerifiedDesign } from '../core/prime/run';
import { type LoggedPoints, type ModelTag, usePrime } from '../state/prime-runs';
import { useStore } from '../state/store';
import { TableToggle } from './ChartFrame';
import { num } from './format';
import { scrollRegion } from './scroll-region';
import { useElementWidth } from './use-element-width';

/** Groups of the PRIME Pareto plot, in legend (and colour) order. */
const GROUPS = ['logged designs', 'PRIME proposals', 'naive MBO proposals'] as const;
const GROUP_OF: Record<ModelTag, number> = { prime: 1, naive: 2 };

interface PlotPoint {
  x: number;
  y: number;
  status: PointStatus;
  group: number;
  /** A proposal, or the index of a logged point. */
  proposal?: { tag: ModelTag; i: number; v: VerifiedDesign };
  logged?: number;
}

/** Latency to place a proposal by: its aggregate, or (infeasible on area only) the aggregate of what was simulated. */
function proposalLatency(v: VerifiedDesign): number {
  if (Number.isFinite(v.latencyMs)) return v.latencyMs;
  const per = v.perWorkloadMs.filter((x) => Number.isFinite(x) && x > 0);
  return per.length === v.perWorkloadMs.length ? aggregate(per, 'geomean') : Number.NaN;
}

/** Points of the plot: logged designs first, then each model's verified proposals. */
export function plotPoints(
  logged: LoggedPoints | null,
  proposals: Record<ModelTag, VerifiedDesign[]>,
  areaMm2: number,
): PlotPoint[] {
  const pts: PlotPoint[] = [];
  if (logged) {
    for (let k = 0; k < logged.count; k++) {
      pts.push({
        x: logged.areaMm2[k] as number,
        y: logged.latencyMs[k] as number,
        status: logged.status[k] as PointStatus,
        group: 0,
        logged: k,
      });
    }
  }
  for (const tag of ['prime', 'naive'] as ModelTag[]) {
    proposals[tag].forEach((v, i) => {
      if (!v) return;
      const y = proposalLatency(v);
      // A proposal the simulator could not map has no latency: it is listed in the table, not plotted.
      if (!Number.isFinite(y)) return;
      pts.push({
        x: v.areaMm2,
        y,
        status: v.feasible
          ? POINT_STATUS.feasible
          : v.areaMm2 > areaMm2
            ? POINT_STATUS.overBudget
            : POINT_STATUS.unmapped,
        group: GROUP_OF[tag],
        proposal: { tag, i, v },
      });
    });
  }
  return pts;
}

/** Opens a design in the explorer with the data's template, preset constants and area budget, on the targets. */
export function openDesign(design: Design) {
  const { config: c, preset, data } = usePrime.getState();
  useStore.setState({
    template: (data?.templateId ?? 'edgetpu') as 'edgetpu' | 'systolic',
    design,
    preset,
    workloads: c.targets.map((id) => ({ id })),
    activeIndex: 0,
    budgetMm2: data?.areaMm2 ?? c.areaMm2,
    view: 'explorer',
  });
}

function designOf(p: PlotPoint, logged: LoggedPoints | null): Design | null {
  if (p.proposal) return p.proposal.v.design;
  if (p.logged === undefined || !logged) return null;
  const { preset, data } = usePrime.getState();
  const template = requireTemplate(data?.templateId ?? 'edgetpu');
  const base = preset ? presetByName(preset)?.design : undefined;
  return decodeDesign(template, logged.codes.subarray(p.logged * logged.dims, (p.logged + 1) * logged.dims), base);
}

const fmt = (v: number) => num(v, 4);
const STATUS_NOTE: Record<PointStatus, string> = {
  [POINT_STATUS.feasible]: '',
  [POINT_STATUS.unmapped]: ' (infeasible)',
  [POINT_STATUS.overBudget]: ' (over the area budget)',
};

/**
 * Area against latency on the targets: the logged designs (feasible dots, infeasible crosses, over-budget rings)
 * and the proposals as they are verified, PRIME's ringed, with the front of everything feasible and the area
 * budget. Clicking a point opens it in the explorer.
 */
export function PrimePareto() {
  const logged = usePrime((s) => s.logged);
  const proposals = usePrime((s) => s.proposals);
  if (!logged && proposals.prime.length === 0 && proposals.naive.length === 0) return null;
  return <PrimeParetoChart />;
}

/** Its own component: the width observer must mount with the chart box, not before there is data. */
function PrimeParetoChart() {
  const logged = usePrime((s) => s.logged);
  const proposals = usePrime((s) => s.proposals);
  // The budget the data was loaded (and the proposals searched and verified) under, not the field's current value.
  const areaMm2 = usePrime((s) => s.data?.areaMm2 ?? s.config.areaMm2);
  const [boxRef, width] = useElementWidth<HTMLDivElement>();
  const plotRef = useRef<HTMLDivElement>(null);
  const chart = useRef<ParetoChart | null>(null);
  const [showTable, setShowTable] = useState(false);
  const [hover, setHover] = useState<string | null>(null);
  const pts = useMemo(() => plotPoints(logged, proposals, areaMm2), [logged, proposals, areaMm2]);
  // Of the feasible points only, smallest area first (the order the step line is drawn in).
  const front = useMemo(
    () =>
      paretoFront2d(
        pts.map((p) => p.x),
        pts.map((p) => p.y),
        pts.length,
        (i) => pts[i]?.status === POINT_STATUS.feasible,
      ),
    [pts],
  );
  const fittedTo = useRef<LoggedPoints | null | undefined>(undefined);
  const ptsRef = useRef(pts);
  ptsRef.current = pts;
  const height = Math.max(280, Math.min(460, Math.round(width * 0.55)));

  useEffect(() => {
    if (!plotRef.current || width === 0) return;
    if (!chart.current) {
      chart.current = new ParetoChart(plotRef.current, {
        width,
        height,
        xLabel: 'area (mm²)',
        yLabel: 'latency on the targets (ms)',
        xLog: true,
        yLog: true,
        groupNames: [...GROUPS],
        onHover: (i) => {
          const p = i === null ? undefined : ptsRef.current[i];
          setHover(
            p
              ? `${GROUPS[p.group]}${p.proposal ? ` #${p.proposal.i + 1}` : ''}: ${fmt(p.x)} mm², ${fmt(p.y)} ms${STATUS_NOTE[p.status]}`
              : null,
          );
        },
        onClick: (i) => {
          const p = ptsRef.current[i];
          const d = p && designOf(p, usePrime.getState().logged);
          if (d) openDesign(d);
        },
      });
    } else chart.current.resize(width, height);
  }, [width, height]);
  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = null;
    },
    [],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: width: the chart is created once the box has a width
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const data: ParetoData = {
      count: pts.length,
      x: pts.map((p) => p.x),
      y: pts.map((p) => p.y),
      status: pts.map((p) => p.status),
      group: pts.map((p) => p.group),
      order: pts.map((_, i) => i),
    };
    c.setData(data);
    c.setFront(front);
    c.setBudget({ axis: 'x', value: areaMm2, label: `area budget ${areaMm2} mm²` });
    // PRIME's proposals wear rings so they stand out of thousands of logged dots.
    c.highlight(pts.flatMap((p, i) => (p.group === GROUP_OF.prime ? [i] : [])));
    // Refit on new logged data only: a proposal streaming in must not undo the user's zoom.
    if (fittedTo.current !== logged) {
      fittedTo.current = logged;
      c.resetZoom();
    } else c.redraw();
  }, [pts, front, areaMm2, width, logged]);

  const nPrime = pts.filter((p) => p.group === 1).length;
  const nLogged = logged?.count ?? 0;
  return (
    <figure className="chart" data-testid="prime-pareto" data-logged={nLogged} data-prime={nPrime}>
      <figcaption>
        <span>Logged designs and proposals: area vs latency</span>
        <span className="chart-controls">
          <TableToggle on={showTable} onToggle={setShowTable} testId="prime-pareto-table-toggle" />
        </span>
      </figcaption>
      <div className="chart-status muted small" aria-live="polite">
        {hover ??
          `${nLogged.toLocaleString('en-US')} logged designs${logged?.count ? '' : ' (none logged on these targets: zero-shot)'}, ${nPrime} PRIME proposals (ringed). Click a point to open it in the explorer.`}
      </div>
      <div ref={boxRef} className="chart-box">
        <div
          ref={plotRef}
          role="img"
          aria-label="Area against latency of the logged designs and the verified proposals, log-log, with the Pareto front and the area budget"
        />
      </div>
      {showTable && (
        <div className="table-wrap" data-testid="prime-pareto-table" {...scrollRegion('PRIME Pareto front: table')}>
          <table className="layers">
            <caption className="small muted">
              The Pareto front (area vs latency) of every feasible point shown, smallest area first; the full list of
              proposals is in the table below.
            </caption>
            <thead>
              <tr>
                <th scope="col">source</th>
                <th scope="col" className="num">
                  area (mm²)
                </th>
                <th scope="col" className="num">
                  latency (ms)
                </th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {front.map((i) => {
                const p = pts[i] as PlotPoint;
                return (
                  <tr key={i}>
                    <th scope="row">
                      {GROUPS[p.group]}
                      {p.proposal ? ` #${p.proposal.i + 1}` : ''}
                    </th>
                    <td className="num">{fmt(p.x)}</td>
                    <td className="num">{fmt(p.y)}</td>
                    <td>
                      <button
                        type="button"
                        onClick={() => {
                          const d = designOf(p, logged);
                          if (d) openDesign(d);
                        }}
                      >
                        Open
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </figure>
  );
}
