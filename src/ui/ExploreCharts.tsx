import { useEffect, useRef, useState } from 'react';
import { type ConvergenceSeries, drawConvergence } from '../charts/convergence';
import { OPTIMIZER_COLOUR, PRIME_COLOUR } from '../charts/optimizer-colour';
import { ParetoChart } from '../charts/pareto';
import { convergenceSeries } from '../core/analysis/convergence';
import { POINT_STATUS, type PointStatus } from '../core/analysis/point-status';
import { requireTemplate } from '../core/arch';
import { OPTIMIZER_KINDS, optimizerLabel } from '../core/opt/optimizer';
import { type StudyMetric, useStore } from '../state/store';
import {
  designOfPoint,
  onSessionChange,
  PRIME_GROUP,
  PRIME_GROUP_LABEL,
  pointSource,
  session,
  setAxes,
} from '../state/study-runs';
import { ChartFrame, TableToggle } from './ChartFrame';
import { designParamsText } from './DesignEditor';
import { Explain } from './Explain';
import { studyCaption } from './export-caption';
import { bestObjectiveTitle, num } from './format';
import { ParetoTable, useSessionTick } from './ParetoTable';
import { Swatch } from './Swatch';
import { scrollRegion } from './scroll-region';
import { useElementWidth } from './use-element-width';

/** Pareto groups are OPTIMIZER_KINDS indices, then PRIME's overlay: their colours in that order. */
const GROUP_COLOURS = [...OPTIMIZER_KINDS.map((k) => OPTIMIZER_COLOUR[k]), PRIME_COLOUR];

/** Legend names in OPTIMIZER_KINDS order: the study's optimizers (those run, else those ticked), '' for the rest. */
function legendNames(): string[] {
  const kinds = new Set(
    session.runs.length > 0 ? session.runs.map((r) => r.optimizer) : useStore.getState().draft.optimizers,
  );
  return OPTIMIZER_KINDS.map((k) => (kinds.has(k) ? optimizerLabel(k) : ''));
}

export const METRIC_LABEL: Record<StudyMetric, string> = {
  latencyMs: 'latency (ms)',
  energyMj: 'energy (mJ)',
  areaMm2: 'area (mm²)',
  powerW: 'power (W)',
  edp: 'energy × delay (mJ·ms)',
};

/** Opens plotted point `i` in the design explorer, with the study's workloads. */
export function openPoint(i: number) {
  const p = designOfPoint(i);
  if (!p) return;
  const draft = useStore.getState().draft;
  useStore.setState({
    template: p.template,
    design: p.design,
    preset: null,
    workloads: draft.workloads.map((w) => (w.input ? { id: w.id, input: w.input } : { id: w.id })),
    activeIndex: 0,
    // The study's area constraint becomes the explorer's budget; a study without one opens with no budget.
    budgetMm2: draft.areaMm2 ?? null,
    view: 'explorer',
  });
}

const STATUS_TEXT: Record<PointStatus, string> = {
  [POINT_STATUS.feasible]: 'feasible',
  [POINT_STATUS.unmapped]: 'infeasible (does not map)',
  [POINT_STATUS.overBudget]: 'violates a constraint',
};

function describePoint(i: number): string {
  const p = designOfPoint(i);
  if (!p) return '';
  const t = requireTemplate(p.template);
  const s = session.plot;
  const status = STATUS_TEXT[(s.status[i] ?? POINT_STATUS.feasible) as PointStatus];
  return `${pointSource(i)} #${p.row + 1} (${status}): ${designParamsText(t, p.design)}`;
}

/** Plot indices of overlaid PRIME proposals. */
function primeRings(): number[] {
  const p = session.plot;
  const out: number[] = [];
  if (session.overlays.length === 0) return out;
  for (let i = 0; i < p.count; i++) if (p.group[i] === PRIME_GROUP) out.push(i);
  return out;
}

export function ParetoPanel() {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ParetoChart | null>(null);
  const [sizeRef, width] = useElementWidth<HTMLDivElement>();
  const xm = useStore((s) => s.paretoX);
  const ym = useStore((s) => s.paretoY);
  const colorBy = useStore((s) => s.colorBy);
  const area = useStore((s) => s.draft.areaMm2);
  const latency = useStore((s) => s.draft.latencyMs);
  const [hover, setHover] = useState<string | null>(null);
  const [brushed, setBrushed] = useState<number[]>([]);
  const brushedRef = useRef<number[]>([]);
  const [mode, setMode] = useState<'zoom' | 'brush'>('zoom');
  const [showTable, setShowTable] = useState(false);
  const height = Math.max(300, Math.min(520, Math.round(width * 0.6)));

  useEffect(() => {
    if (!box.current || width === 0) return;
    if (!chart.current) {
      chart.current = new ParetoChart(box.current, {
        width,
        height,
        xLabel: METRIC_LABEL[useStore.getState().paretoX],
        yLabel: METRIC_LABEL[useStore.getState().paretoY],
        xLog: true,
        yLog: true,
        groupNames: legendNames(),
        groupColours: GROUP_COLOURS,
        onHover: (i) => setHover(i === null ? null : describePoint(i)),
        onClick: (i) => openPoint(i),
        onBrush: (idx) => {
          setBrushed(idx);
          brushedRef.current = idx.slice(0, 200);
          chart.current?.highlight([...brushedRef.current, ...primeRings()]);
        },
      });
      const sync = () => {
        const c = chart.current;
        if (!c) return;
        c.setData(session.plot);
        c.setFront(session.plot.front);
        // PRIME's proposals (trained on this study's rows, in the PRIME tab) get a legend entry once there are any.
        const names = legendNames();
        const withPrime = session.overlays.length > 0;
        const shown = withPrime ? [...names, PRIME_GROUP_LABEL] : names;
        if (shown.join('|') !== shownNames) {
          shownNames = shown.join('|');
          c.setGroupNames(shown);
        }
        // A handful of proposals among 10^4 evaluations: rings make them findable.
        const rings = primeRings();
        // (Re-set whenever there are any: a re-plot on new axes renumbers the points.)
        if (rings.length > 0 || rings.length !== ringCount) {
          ringCount = rings.length;
          c.highlight([...brushedRef.current, ...rings]);
        }
        c.invalidate();
      };
      let shownNames = legendNames().join('|');
      let ringCount = 0;
      sync();
      const off = onSessionChange(sync);
      return () => {
        off();
        chart.current?.destroy();
        chart.current = null;
      };
    }
    chart.current.resize(width, height);
    return undefined;
  }, [width, height]);

  useEffect(() => {
    chart.current?.setAxes({ xLabel: METRIC_LABEL[xm], yLabel: METRIC_LABEL[ym], xLog: true, yLog: true });
    chart.current?.setData(session.plot);
    chart.current?.setFront(session.plot.front);
    chart.current?.invalidate();
  }, [xm, ym]);
  const ticked = useStore((s) => s.draft.optimizers);
  useEffect(() => {
    // Before a study runs, the legend follows the ticked optimizers.
    if (ticked && session.runs.length === 0) chart.current?.setGroupNames(legendNames());
  }, [ticked]);
  useEffect(() => chart.current?.setColorMode(colorBy), [colorBy]);
  // When the last run stops, fit the axes to the data (streaming left them with headroom for more).
  const streaming = useStore((s) => s.runs.some((r) => r.state === 'running' || r.state === 'cancelling'));
  useEffect(() => {
    if (!streaming) chart.current?.fit();
  }, [streaming]);
  useEffect(() => chart.current?.setMode(mode), [mode]);
  useEffect(() => {
    const line =
      xm === 'areaMm2' && area
        ? ({ axis: 'x', value: area, label: `area budget ${area} mm²` } as const)
        : ym === 'areaMm2' && area
          ? ({ axis: 'y', value: area, label: `area budget ${area} mm²` } as const)
          : xm === 'latencyMs' && latency
            ? ({ axis: 'x', value: latency, label: `latency ≤ ${latency} ms` } as const)
            : ym === 'latencyMs' && latency
              ? ({ axis: 'y', value: latency, label: `latency ≤ ${latency} ms` } as const)
              : null;
    chart.current?.setBudget(line);
  }, [xm, ym, area, latency]);

  const axisSelect = (value: StudyMetric, onChange: (m: StudyMetric) => void, label: string) => (
    <select value={value} onChange={(e) => onChange(e.target.value as StudyMetric)} aria-label={label}>
      {(Object.keys(METRIC_LABEL) as StudyMetric[]).map((m) => (
        <option key={m} value={m}>
          {METRIC_LABEL[m]}
        </option>
      ))}
    </select>
  );
  return (
    <figure className="chart">
      <figcaption>
        <span>
          Designs and Pareto front
          <Explain topic="pareto" />
        </span>
        <span className="chart-controls">
          x {axisSelect(xm, (m) => setAxes(m, ym), 'x axis')} y {axisSelect(ym, (m) => setAxes(xm, m), 'y axis')}
          <select
            value={colorBy}
            onChange={(e) => useStore.setState({ colorBy: e.target.value as 'group' | 'order' })}
            aria-label="Colour by"
          >
            <option value="group">colour: optimizer</option>
            <option value="order">colour: evaluation order</option>
          </select>
          <button
            type="button"
            aria-pressed={mode === 'brush'}
            onClick={() => setMode(mode === 'zoom' ? 'brush' : 'zoom')}
          >
            {mode === 'zoom' ? 'Select (brush)' : 'Zoom / pan'}
          </button>
          <button type="button" onClick={() => chart.current?.resetZoom()}>
            Reset zoom
          </button>
          {/* ChartFrame's Table toggle (this chart is a canvas, so it has its own figure). */}
          <TableToggle on={showTable} onToggle={setShowTable} testId="pareto-table-toggle" />
        </span>
      </figcaption>
      <div className="chart-status muted small" data-testid="pareto-status">
        {hover ??
          'Hover a point for its design; click it to open it in the explorer. Wheel zooms, drag pans, double-click resets.'}
      </div>
      <div ref={sizeRef} className="chart-box">
        <div ref={box} className="pareto-box" data-testid="pareto" style={{ height }} />
      </div>
      {showTable && (
        <div className="table-wrap chart-table" data-testid="pareto-table" {...scrollRegion('Pareto plot: table')}>
          <ParetoTable xLabel={METRIC_LABEL[xm]} yLabel={METRIC_LABEL[ym]} onOpen={openPoint} />
        </div>
      )}
      {brushed.length > 0 && (
        <div className="table-wrap short" {...scrollRegion('Selected designs')}>
          <table className="layers" data-testid="brushed">
            <caption className="small muted">{brushed.length} designs selected (first 20 shown)</caption>
            <tbody>
              {brushed.slice(0, 20).map((i) => (
                <tr key={i}>
                  <td>{describePoint(i)}</td>
                  <td>
                    <button type="button" onClick={() => openPoint(i)}>
                      Open
                    </button>{' '}
                    <button
                      type="button"
                      onClick={() => {
                        const p = designOfPoint(i);
                        if (p)
                          useStore.setState({
                            pinned: { template: p.template, design: p.design, label: `${p.key} #${p.row + 1}` },
                          });
                      }}
                    >
                      Pin for compare
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </figure>
  );
}

/** The convergence chart's text alternative: per optimizer, the median best at ~10 evaluation counts. */
function ConvergenceTable({ mode, unit }: { mode: 'hypervolume' | 'objective'; unit: string }) {
  // Mounted only while the table is shown: it follows the running study at most once a second, and costs nothing
  // while closed.
  useSessionTick();
  const series: ConvergenceSeries[] = convergenceSeries(
    session.runs.map((r) => ({ group: optimizerLabel(r.optimizer), store: r.store })),
    mode,
  );
  const colourOf = new Map(OPTIMIZER_KINDS.map((k) => [optimizerLabel(k), OPTIMIZER_COLOUR[k]]));
  const fmt = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '—' : num(v, 4));
  return (
    <table className="layers">
      <caption className="small muted">{unit}, median over seeds (— = no feasible design yet)</caption>
      <thead>
        <tr>
          <th>optimizer</th>
          <th className="num">evaluations</th>
          <th className="num">median best</th>
        </tr>
      </thead>
      <tbody>
        {series.flatMap((s) => {
          const n = s.x.length;
          const idx = [
            ...new Set(
              Array.from({ length: Math.min(10, n) }, (_, k) => Math.round(((k + 1) * n) / Math.min(10, n)) - 1),
            ),
          ];
          return idx.map((i) => (
            <tr key={`${s.name}-${i}`}>
              <td>
                <Swatch colour={colourOf.get(s.name)} />
                {s.name}
              </td>
              <td className="num">{s.x[i]}</td>
              <td className="num">{fmt(s.median[i])}</td>
            </tr>
          ));
        })}
      </tbody>
    </table>
  );
}

export function ConvergencePanel() {
  const svgRef = useRef<SVGSVGElement>(null);
  const [boxRef, width] = useElementWidth<HTMLDivElement>();
  const objective = useStore((s) => s.draft.objective);
  const objectiveTitle = useStore((s) => bestObjectiveTitle(s.draft));
  useEffect(() => {
    if (!svgRef.current || width === 0) return;
    let frame = 0;
    let last = 0;
    const draw = () => {
      frame = 0;
      last = performance.now();
      if (!svgRef.current) return;
      const mode = objective === 'multi' ? 'hypervolume' : 'objective';
      const series = convergenceSeries(
        session.runs.map((r) => ({ group: optimizerLabel(r.optimizer), store: r.store })),
        mode,
      ).map((s) => {
        // Each curve in its optimizer's colour (as in the Pareto plot), not the colour of its place in the list.
        const kind = OPTIMIZER_KINDS.find((k) => optimizerLabel(k) === s.name);
        return kind ? { ...s, colour: OPTIMIZER_COLOUR[kind] } : s;
      });
      drawConvergence(svgRef.current, series, {
        width,
        height: 280,
        yLabel: mode === 'hypervolume' ? 'hypervolume of the latency–energy front (higher is better)' : objectiveTitle,
        yLog: mode === 'objective',
        xLabel: 'evaluations',
      });
    };
    // At most ~4 redraws a second: the curves summarise every row, and a frame is better spent on the scatter.
    const schedule = () => {
      if (frame) return;
      const wait = Math.max(0, 250 - (performance.now() - last));
      frame = window.setTimeout(() => requestAnimationFrame(draw), wait);
    };
    draw();
    const off = onSessionChange(schedule);
    return () => {
      off();
      if (frame) clearTimeout(frame);
    };
  }, [width, objective, objectiveTitle]);
  return (
    <ChartFrame
      title={objective === 'multi' ? 'Hypervolume vs evaluations' : 'Convergence'}
      testId="convergence"
      svgRef={svgRef}
      boxRef={boxRef}
      fileName="convergence"
      caption={studyCaption}
      label="Best feasible objective against evaluations, per optimizer"
      status="Median over seeds, band = range over seeds."
      explain="convergence"
      table={() => (
        <ConvergenceTable
          mode={objective === 'multi' ? 'hypervolume' : 'objective'}
          unit={objective === 'multi' ? 'hypervolume (higher is better)' : objectiveTitle}
        />
      )}
    />
  );
}
