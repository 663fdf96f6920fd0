import { useEffect, useMemo, useRef } from 'react';
import { drawScatter, type ScatterSeries } from '../charts/scatter';
import type { ModelReport } from '../core/prime/index';
import { type ModelTag, usePrime } from '../state/prime-runs';
import { ChartFrame } from './ChartFrame';
import { Explain } from './Explain';
import { primeCaption } from './export-caption';
import { fmt, MODEL_LABEL, MODEL_SHORT, MODEL_TAGS, zooName } from './prime-labels';
import { scrollRegion } from './scroll-region';
import { useElementWidth } from './use-element-width';

type ReportRow = { tag: ModelTag; r: ModelReport };

/** Its own component: the width observer must mount with the chart box, not before the report exists. */
function ReportScatter({ rows }: { rows: ReportRow[] }) {
  const svgRef = useRef<SVGSVGElement>(null);
  const [boxRef, width] = useElementWidth<HTMLDivElement>();
  useEffect(() => {
    if (!svgRef.current || width === 0) return;
    const series: ScatterSeries[] = rows.map(({ tag, r }) => ({
      name: `${MODEL_SHORT[tag]} · ${r.workload}`,
      points: r.points.map((p) => ({ x: p.actualMs, y: p.predictedMs })),
    }));
    drawScatter(svgRef.current, series, {
      width,
      height: Math.max(260, Math.min(420, width * 0.7)),
      xLabel: 'simulated latency (ms)',
      yLabel: 'predicted latency (ms)',
    });
  }, [rows, width]);
  return (
    <ChartFrame
      title="Predicted vs simulated latency"
      testId="prime-scatter"
      svgRef={svgRef}
      boxRef={boxRef}
      fileName="prime-predicted-vs-actual"
      caption={primeCaption}
      label="Predicted against simulated latency on held-out feasible designs, log-log, with the y = x line"
      status="Feasible held-out designs; on the dashed line the model is exact."
      table={() => (
        <div className="table-wrap" {...scrollRegion('Predicted and simulated latency: table')}>
          <table className="layers">
            <caption className="small muted">
              Predicted and simulated latency of each held-out feasible design (the scatter's points)
            </caption>
            <thead>
              <tr>
                <th scope="col">model · workload</th>
                <th scope="col" className="num">
                  simulated (ms)
                </th>
                <th scope="col" className="num">
                  predicted (ms)
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.flatMap(({ tag, r }) =>
                r.points.map((p, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: points have no identity beyond their order
                  <tr key={`${tag}:${r.workload}:${i}`}>
                    <th scope="row">
                      {MODEL_SHORT[tag]} · {r.workload}
                    </th>
                    <td className="num">{fmt(p.actualMs, 4)}</td>
                    <td className="num">{fmt(p.predictedMs, 4)}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      )}
    />
  );
}

/** How well each model predicts held-out designs: MAPE, Kendall τ, feasibility accuracy, and the scatter. */
export function PrimeReport() {
  const reports = usePrime((s) => s.reports);
  const rows = useMemo(() => MODEL_TAGS.flatMap((tag) => reports[tag].map((r) => ({ tag, r }))), [reports]);
  const first = reports.prime[0];
  if (!first) return null;
  return (
    <section
      className="panel"
      data-testid="prime-report"
      data-mape={first.latencyMape}
      data-tau={first.kendallTau}
      data-accuracy={first.feasibilityAccuracy}
    >
      <h2>
        Learned performance model (held-out 20 % of designs)
        <Explain topic="prime-report" />
      </h2>
      <div className="table-wrap" {...scrollRegion('Learned performance model')}>
        <table className="layers">
          <thead>
            <tr>
              <th>model</th>
              <th>workload</th>
              <th className="num">feasible / rows</th>
              <th className="num">latency MAPE</th>
              <th className="num">Kendall τ</th>
              <th className="num">feasibility acc.</th>
              <th className="num">balanced acc.</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ tag, r }) => (
              <tr key={`${tag}:${r.workload}`}>
                <td>{MODEL_LABEL[tag]}</td>
                <td>{zooName(r.workload)}</td>
                <td className="num">
                  {r.feasibleRows} / {r.rows}
                </td>
                <td className="num">{fmt(r.latencyMape)} %</td>
                <td className="num">{fmt(r.kendallTau)}</td>
                <td className="num">{fmt(r.feasibilityAccuracy * 100)} %</td>
                <td className="num">{fmt(r.feasibilityBalancedAccuracy * 100)} %</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="small muted">
        PRIME's conservative terms push predictions down off the data, so its MAPE is higher than a plain regression's;
        the ranking (τ) is what the search uses.
      </p>
      <ReportScatter rows={rows} />
    </section>
  );
}
