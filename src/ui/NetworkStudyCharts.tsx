import { useEffect, useMemo, useRef, useState } from 'react';
import { drawEcdf, drawGroupedBars } from '../charts/corpus-charts';
import { CorpusScatter } from '../charts/corpus-scatter';
import { downloadPng, downloadSvg } from '../charts/export';
import { type CorpusSummary, FAMILIES, FAMILY_LABELS, familyOf } from '../core/corpus/page';
import { corpusActions, corpusStore, useCorpus } from '../state/corpus-runs';
import { ChartFrame, TableToggle } from './ChartFrame';
import { percent } from './format';
import { useElementWidth } from './use-element-width';

export const classLabel = (id: string) => id.toUpperCase();
const fmt3 = (v: number) => (Number.isFinite(v) ? v.toPrecision(3) : '—');
/** True when the study shown was evaluated by the learned cost model: its latencies and energies are predictions. */
export const usePredicted = () => useCorpus((s) => s.spec?.evaluator === 'model');
const PREDICTED = ' — predicted by the learned model';

/** One line about row `row` of the study on class `c` (hover text and the table). */
export function describeNetwork(row: number, c: number): string {
  const s = corpusStore();
  if (!s || row >= s.length) return '';
  const v = s.view();
  const C = v.classes;
  const fam = FAMILY_LABELS[FAMILIES[familyOf(v, row)] ?? 'ibn'];
  return `network #${v.index[row]} (${fam} family, ${v.net.resolution[row]} px): ${v.net.layers[row]} layers, ${(
    (v.net.macs[row] as number) / 1e6
  ).toFixed(1)} M MACs, ${((v.net.params[row] as number) / 1e6).toFixed(2)} M params — ${classLabel(
    s.spec.classes[c] ?? '',
  )} ${fmt3(v.cls.latencyMs[row * C + c] as number)} ms${s.spec.evaluator === 'model' ? ' (predicted)' : ''}. Click to open it in the explorer.`;
}

/** Latency vs MACs, every network on every class (canvas points, SVG axes). */
export function LatencyScatter() {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<CorpusScatter | null>(null);
  const [sizeRef, width] = useElementWidth<HTMLDivElement>();
  const rows = useCorpus((s) => s.rows);
  const spec = useCorpus((s) => s.spec);
  const predicted = usePredicted();
  const [hover, setHover] = useState<string | null>(null);
  const [showTable, setShowTable] = useState(false);
  const height = Math.max(300, Math.min(460, Math.round(width * 0.55)));
  const names = (spec?.classes ?? []).map(classLabel).join();

  useEffect(() => {
    if (!box.current || width === 0) return;
    if (!chart.current) {
      chart.current = new CorpusScatter(box.current, {
        width,
        height,
        xLabel: 'MACs per inference',
        yLabel: predicted ? 'predicted latency (ms)' : 'latency (ms)',
        seriesNames: names ? names.split(',') : [],
        onHover: (row, c) => setHover(row === null ? null : describeNetwork(row, c)),
        onClick: (row, c) => corpusActions.openNetwork(row, c),
      });
    } else chart.current.resize(width, height);
  }, [width, height, names, predicted]);
  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = null;
    },
    [],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: the rows live outside React; `rows` and `spec` say they changed
  useEffect(() => {
    const s = corpusStore();
    const c = chart.current;
    if (!c) return;
    if (!s) c.setData({ n: 0, series: 0, x: new Float64Array(0), y: new Float64Array(0) });
    else {
      const v = s.view();
      c.setData({ n: v.n, series: v.classes, x: v.net.macs, y: v.cls.latencyMs });
    }
  }, [rows, spec, width]);

  const exportAs = (kind: 'svg' | 'png') => {
    const c = chart.current;
    if (!c) return;
    const undo = c.withImage();
    if (kind === 'svg') {
      downloadSvg(c.svg, 'network-study-latency-vs-macs.svg');
      undo();
    } else void downloadPng(c.svg, 'network-study-latency-vs-macs.png').finally(undo);
  };
  return (
    <figure className="chart" data-testid="ns-scatter-figure">
      <figcaption>
        <span data-testid="ns-scatter-title">Latency vs MACs, per class{predicted ? PREDICTED : ''}</span>
        <span className="chart-controls">
          <TableToggle on={showTable} onToggle={setShowTable} testId="ns-scatter-table-toggle" />
          <button type="button" onClick={() => exportAs('svg')} aria-label="Export latency vs MACs as SVG">
            SVG
          </button>
          <button type="button" onClick={() => exportAs('png')} aria-label="Export latency vs MACs as PNG">
            PNG
          </button>
        </span>
      </figcaption>
      <div className="chart-status muted small" data-testid="ns-scatter-status">
        {hover ?? 'Hover a point for its network; click it to open the network in the explorer with its layers.'}
      </div>
      <div ref={sizeRef} className="chart-box">
        <div ref={box} data-testid="ns-scatter" style={{ height }} />
      </div>
      {showTable && (
        <div className="table-wrap short chart-table" data-testid="ns-scatter-table">
          <ScatterTable />
        </div>
      )}
    </figure>
  );
}

/** The scatter's text alternative: the first 200 networks with MACs and latency per class. */
function ScatterTable() {
  const s = corpusStore();
  if (!s) return null;
  const v = s.view();
  const C = v.classes;
  const n = Math.min(200, v.n);
  return (
    <table className="layers">
      <caption className="small muted">
        First {n} of {v.n} unique networks
      </caption>
      <thead>
        <tr>
          <th className="num">network</th>
          <th className="num">layers</th>
          <th className="num">M MACs</th>
          {s.spec.classes.map((c) => (
            <th key={c} className="num">
              {classLabel(c)} ms{s.spec.evaluator === 'model' ? ' (predicted)' : ''}
            </th>
          ))}
          <th />
        </tr>
      </thead>
      <tbody>
        {Array.from({ length: n }, (_, r) => (
          <tr key={v.index[r]}>
            <td className="num">{v.index[r]}</td>
            <td className="num">{v.net.layers[r]}</td>
            <td className="num">{((v.net.macs[r] as number) / 1e6).toFixed(1)}</td>
            {s.spec.classes.map((c, k) => (
              <td key={c} className="num">
                {fmt3(v.cls.latencyMs[r * C + k] as number)}
              </td>
            ))}
            <td>
              <button type="button" onClick={() => corpusActions.openNetwork(r, 0)}>
                Open
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A small SVG chart in a ChartFrame, redrawn when `draw`'s inputs change. */
function SvgChart(props: {
  title: string;
  testId: string;
  fileName: string;
  label: string;
  deps: unknown[];
  draw: (svg: SVGSVGElement, width: number) => void;
  table: () => React.ReactNode;
}) {
  const svgRef = useRef<SVGSVGElement>(null);
  const [boxRef, width] = useElementWidth<HTMLDivElement>();
  const { draw } = props;
  // biome-ignore lint/correctness/useExhaustiveDependencies: redrawn when the caller's data (deps) changes
  useEffect(() => {
    if (svgRef.current && width > 0) draw(svgRef.current, width);
  }, [width, ...props.deps]);
  return (
    <ChartFrame
      title={props.title}
      testId={props.testId}
      svgRef={svgRef}
      boxRef={boxRef}
      fileName={props.fileName}
      label={props.label}
      table={props.table}
    />
  );
}

export function LatencyEcdf() {
  const ecdf = useCorpus((s) => s.ecdf);
  const predicted = usePredicted();
  const series = useMemo(
    () =>
      (ecdf ?? []).map((e) => ({
        name: classLabel(e.id),
        n: e.n,
        points: Array.from(e.x, (x, j) => ({ x, p: e.p[j] as number })),
      })),
    [ecdf],
  );
  return (
    <SvgChart
      title={`Latency distribution per class (ECDF)${predicted ? PREDICTED : ''}`}
      testId="ns-ecdf"
      fileName="network-study-ecdf"
      label="Share of networks at or below each latency, per class"
      deps={[series, predicted]}
      draw={(svg, width) =>
        drawEcdf(svg, series, { width, height: 280, xLabel: predicted ? 'predicted latency (ms)' : 'latency (ms)' })
      }
      table={() => (
        <table className="layers">
          <thead>
            <tr>
              <th>class</th>
              <th className="num">networks</th>
              <th className="num">p10 ms</th>
              <th className="num">median ms</th>
              <th className="num">p90 ms</th>
            </tr>
          </thead>
          <tbody>
            {series.map((s) => {
              const q = (p: number) => s.points.find((pt) => pt.p >= p)?.x ?? Number.NaN;
              return (
                <tr key={s.name}>
                  <td>{s.name}</td>
                  <td className="num">{s.n}</td>
                  <td className="num">{fmt3(q(0.1))}</td>
                  <td className="num">{fmt3(q(0.5))}</td>
                  <td className="num">{fmt3(q(0.9))}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    />
  );
}

/** Picoseconds per MAC by block type or kernel size, one bar per class (from ClassSummary). */
export function PerMacBars({ summary, by }: { summary: CorpusSummary; by: 'type' | 'kernel' }) {
  const cats = by === 'type' ? FAMILIES.map((f) => FAMILY_LABELS[f]) : ['3×3', '5×5', '7×7'];
  const series = summary.classes.map((c) => ({
    name: classLabel(c.id),
    values: by === 'type' ? c.psPerMacByType : c.psPerMacByKernel,
  }));
  const what = by === 'type' ? 'block type' : 'kernel size';
  return (
    <SvgChart
      title={`Latency per MAC by ${what}`}
      testId={`ns-permac-${by}`}
      fileName={`network-study-per-mac-${by}`}
      label={`Picoseconds per MAC in the layers of each ${what}, per class`}
      deps={[summary]}
      draw={(svg, width) =>
        drawGroupedBars(svg, cats, series, { width, height: 260, xLabel: what, yLabel: 'ps per MAC' })
      }
      table={() => <BarsTable cats={cats} series={series} unit="ps per MAC" />}
    />
  );
}

/** Mean memory-bound share of cycles for networks whose parameters fit on chip vs those that do not. */
export function MemoryBoundBars({ summary }: { summary: CorpusSummary }) {
  const cats = ['parameters on chip', 'parameters off chip'];
  const series = summary.classes.map((c) => ({
    name: classLabel(c.id),
    values: [c.memoryBoundOnChip, c.memoryBoundOffChip],
  }));
  return (
    <SvgChart
      title="Memory-bound share vs parameters on chip"
      testId="ns-membound"
      fileName="network-study-memory-bound"
      label="Mean share of cycles in memory-bound layers, for networks whose parameters fit on chip and not"
      deps={[summary]}
      draw={(svg, width) =>
        drawGroupedBars(svg, cats, series, {
          width,
          height: 260,
          xLabel: 'networks',
          yLabel: 'memory-bound share of cycles',
          format: (v) => `${Math.round(v * 100)} %`,
        })
      }
      table={() => (
        <table className="layers">
          <thead>
            <tr>
              <th>class</th>
              <th className="num">share with parameters on chip</th>
              <th className="num">memory-bound, on chip</th>
              <th className="num">memory-bound, off chip</th>
            </tr>
          </thead>
          <tbody>
            {summary.classes.map((c) => (
              <tr key={c.id}>
                <td>{classLabel(c.id)}</td>
                <td className="num">{percent(c.paramsOnChipShare, 0)}</td>
                <td className="num">{percent(c.memoryBoundOnChip, 0)}</td>
                <td className="num">{percent(c.memoryBoundOffChip, 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    />
  );
}

function BarsTable(props: { cats: string[]; series: { name: string; values: readonly number[] }[]; unit: string }) {
  return (
    <table className="layers">
      <caption className="small muted">{props.unit}</caption>
      <thead>
        <tr>
          <th>class</th>
          {props.cats.map((c) => (
            <th key={c} className="num">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.series.map((s) => (
          <tr key={s.name}>
            <td>{s.name}</td>
            {s.values.map((v, j) => (
              <td key={props.cats[j]} className="num">
                {fmt3(v)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Which class is fastest, by network family (a table: it is one). */
export function WinsTable({ summary }: { summary: CorpusSummary }) {
  const predicted = usePredicted();
  return (
    <figure className="chart" data-testid="ns-wins">
      <figcaption>
        <span>Which class wins, by network family{predicted ? PREDICTED : ''}</span>
      </figcaption>
      <div className="table-wrap short">
        <table className="layers">
          <caption className="small muted">
            Networks of each family on which a class is the fastest (feasible ones)
          </caption>
          <thead>
            <tr>
              <th>family</th>
              <th className="num">networks</th>
              {summary.classes.map((c) => (
                <th key={c.id} className="num">
                  {classLabel(c.id)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {FAMILIES.map((f, k) => (
              <tr key={f} data-family={f}>
                <td>{FAMILY_LABELS[f]}</td>
                <td className="num">{summary.familyCounts[k]}</td>
                {summary.classes.map((c, j) => {
                  const wins = summary.wins[k]?.[j] ?? 0;
                  const n = summary.familyCounts[k] ?? 0;
                  return (
                    <td key={c.id} className="num">
                      {wins} ({n ? percent(wins / n, 0) : '—'})
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
