import { useEffect, useMemo, useRef, useState } from 'react';
import { type ConvergenceSeries, drawConvergence } from '../charts/convergence';
import { groupColour } from '../charts/pareto';
import { drawScatter, type ScatterSeries } from '../charts/scatter';
import { optimizerLabel } from '../core/opt/optimizer';
import type { ModelReport, TrainProgress, VerifiedDesign } from '../core/prime/index';
import { ZOO } from '../core/workload/zoo';
import {
  cancelPrime,
  generateAndTrain,
  type ModelTag,
  type PrimeConfig,
  type PrimeSource,
  proposeDesigns,
  releasePrime,
  setPrimeConfig,
  setPrimeFile,
  usePrime,
} from '../state/prime-runs';
import { useStore } from '../state/store';
import { session as studySession } from '../state/study-runs';
import { ChartFrame } from './ChartFrame';
import { ErrorBoundary } from './ErrorBoundary';
import { Explain } from './Explain';
import { NumberField } from './NumberField';
import { openDesign, PrimePareto } from './PrimePareto';
import { useElementWidth } from './use-element-width';

const MODEL_LABEL: Record<ModelTag, string> = { prime: 'PRIME', naive: 'naive MBO (α = β = 0)' };
const zooName = (id: string) => ZOO.find((z) => z.id === id)?.name ?? id;
const fmt = (v: number, digits = 3) => (Number.isFinite(v) ? v.toPrecision(digits) : '—');

/** A list of zoo workloads with remove buttons and an "add…" select. */
function WorkloadList(props: { legend: string; ids: string[]; testId: string; onChange: (ids: string[]) => void }) {
  return (
    <fieldset data-testid={props.testId}>
      <legend>{props.legend}</legend>
      {props.ids.map((id) => (
        <div className="row" key={id}>
          <span className="grow">{zooName(id)}</span>
          {props.ids.length > 1 && (
            <button
              type="button"
              aria-label={`Remove ${id}`}
              onClick={() => props.onChange(props.ids.filter((x) => x !== id))}
            >
              ×
            </button>
          )}
        </div>
      ))}
      {props.ids.length < 8 && (
        <select
          value=""
          aria-label={`${props.legend}: add a workload`}
          onChange={(e) => e.target.value && props.onChange([...props.ids, e.target.value])}
        >
          <option value="">add a workload…</option>
          {ZOO.filter((z) => !props.ids.includes(z.id)).map((z) => (
            <option key={z.id} value={z.id}>
              {z.name}
            </option>
          ))}
        </select>
      )}
    </fieldset>
  );
}

const SOURCE_LABEL: Record<PrimeSource, string> = {
  generate: 'simulate random designs',
  study: 'the Exploration study',
  file: 'a logged-data file',
};

/** Largest logged-data file read in the browser (the parser's own limit is higher; a tab has less memory). */
const MAX_DATA_FILE_BYTES = 64 * 1024 * 1024;

function SourcePicker() {
  const c = usePrime((s) => s.config);
  const fileName = usePrime((s) => s.fileName);
  const _draft = useStore((s) => s.draft);
  const runs = useStore((s) => s.runs);
  const [fileError, setFileError] = useState<string | null>(null);
  const rows = runs.reduce((a, r) => a + r.evaluations, 0);
  const onFile = async (f: File | undefined) => {
    if (!f) return;
    setFileError(null);
    if (f.size > MAX_DATA_FILE_BYTES) {
      setFileError(`${f.name}: ${f.size} bytes is over the ${MAX_DATA_FILE_BYTES}-byte limit for data files`);
      return;
    }
    try {
      setPrimeFile(f.name, await f.text());
    } catch (e) {
      // e.g. the file changed or vanished after it was picked
      setFileError(`${f.name}: could not be read (${e instanceof Error ? e.message : String(e)})`);
    }
  };
  return (
    <fieldset data-testid="prime-source">
      <legend>Logged data</legend>
      {(Object.keys(SOURCE_LABEL) as PrimeSource[]).map((k) => (
        <label key={k} className="check">
          <input
            type="radio"
            name="prime-source"
            value={k}
            checked={c.source === k}
            onChange={() => setPrimeConfig({ source: k })}
            data-testid={`prime-source-${k}`}
          />{' '}
          {SOURCE_LABEL[k]}
        </label>
      ))}
      {c.source === 'study' && (
        <p className="small muted" data-testid="prime-study-info">
          {rows > 0
            ? `${rows.toLocaleString('en-US')} evaluated designs of ${(studySession.runs[0]?.spec.workloads ?? []).map((w) => zooName(w.id)).join(' + ')} (${runs.length} runs); the model trains on all of them.`
            : 'No study results yet: run a study in the Exploration tab first.'}
        </p>
      )}
      {c.source === 'file' && (
        <div>
          <input
            type="file"
            accept=".csv,.jsonl,.json,text/csv"
            aria-label="Logged-data file (CSV or JSONL)"
            data-testid="prime-file"
            onChange={(e) => void onFile(e.target.files?.[0])}
          />
          <p className="small muted">
            {fileName ? `Loaded ${fileName}. ` : ''}A CSV or JSONL from the CLI's <code>dataset</code> command, or an{' '}
            <code>optimize --out</code> CSV.
          </p>
          {fileError && (
            <p className="error" role="alert">
              {fileError}
            </p>
          )}
        </div>
      )}
    </fieldset>
  );
}

function modeOf(c: PrimeConfig): string {
  if (c.targets.some((t) => !c.train.includes(t))) return 'zero-shot (a target has no logged data)';
  return c.targets.length > 1 ? 'joint (several targets)' : 'single workload';
}

function Setup() {
  const c = usePrime((s) => s.config);
  const phase = usePrime((s) => s.phase);
  const trained = usePrime((s) => s.trained);
  const busy = phase === 'generating' || phase === 'training' || phase === 'proposing';
  return (
    <section className="panel" aria-label="PRIME setup">
      <h2>PRIME: offline design</h2>
      <p className="muted small">
        Logged designs (feasible and infeasible) train a conservative surrogate; it is optimised offline and only the
        top k proposals are simulated (Kumar et al., ICLR 2022).
      </p>
      <SourcePicker />
      {c.source === 'generate' && (
        <WorkloadList
          legend="Simulate designs on"
          ids={c.train}
          testId="prime-train-workloads"
          onChange={(train) => setPrimeConfig({ train })}
        />
      )}
      <WorkloadList
        legend="Design for"
        ids={c.targets}
        testId="prime-targets"
        onChange={(targets) => setPrimeConfig({ targets })}
      />
      <p className="small" data-testid="prime-mode">
        Mode: {modeOf(c)}
      </p>
      <div className="row">
        {c.source === 'generate' && (
          <NumberField
            label="designs"
            value={c.count}
            min={50}
            max={20000}
            integer
            testId="prime-count"
            onChange={(count) => setPrimeConfig({ count })}
          />
        )}
        <NumberField
          label="steps"
          value={c.steps}
          min={25}
          max={5000}
          integer
          testId="prime-steps"
          onChange={(steps) => setPrimeConfig({ steps })}
        />
        <NumberField
          label="seed"
          value={c.seed}
          min={0}
          max={0xffffffff}
          integer
          testId="prime-seed"
          onChange={(seed) => setPrimeConfig({ seed })}
        />
      </div>
      <div className="row">
        <NumberField
          label="α"
          value={c.alpha}
          min={0}
          max={10}
          testId="prime-alpha"
          onChange={(alpha) => setPrimeConfig({ alpha })}
        />
        <NumberField
          label="β"
          value={c.beta}
          min={0}
          max={10}
          testId="prime-beta"
          onChange={(beta) => setPrimeConfig({ beta })}
        />
        <NumberField
          label="area ≤"
          unit="mm²"
          value={c.areaMm2}
          min={0.1}
          max={10000}
          testId="prime-area"
          onChange={(areaMm2) => setPrimeConfig({ areaMm2 })}
        />
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={c.naive}
          onChange={(e) => setPrimeConfig({ naive: e.target.checked })}
          data-testid="prime-naive"
        />{' '}
        also train naive MBO (α = β = 0)
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={c.online}
          onChange={(e) => setPrimeConfig({ online: e.target.checked })}
          data-testid="prime-online"
        />{' '}
        compare: random, evolution, BO with k sims
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={c.gate}
          onChange={(e) => setPrimeConfig({ gate: e.target.checked })}
          data-testid="prime-gate"
        />{' '}
        gate the search by the feasibility head (P ≥ 0.5)
      </label>
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={busy || c.train.length === 0}
          onClick={() => void generateAndTrain()}
          data-testid="prime-train"
        >
          {c.source === 'generate' ? 'Generate & train' : 'Load & train'}
        </button>
        <button type="button" disabled={!busy} onClick={cancelPrime} data-testid="prime-cancel">
          Cancel
        </button>
      </div>
      <div className="row">
        <NumberField
          label="k"
          value={c.k}
          min={1}
          max={64}
          integer
          testId="prime-k"
          onChange={(k) => setPrimeConfig({ k })}
        />
        <button
          type="button"
          disabled={busy || trained.length === 0}
          onClick={() => void proposeDesigns()}
          data-testid="prime-propose"
        >
          Propose k designs
        </button>
      </div>
      <p className="small muted" data-testid="prime-phase" data-phase={phase} aria-live="polite">
        {PHASE_TEXT[phase]}
      </p>
    </section>
  );
}

const PHASE_TEXT: Record<string, string> = {
  idle: 'Choose the logged data and press Generate & train (or Load & train).',
  generating: 'Loading the logged designs…',
  training: 'Training the surrogate…',
  trained: 'Trained. Propose k designs to verify them in the simulator.',
  proposing: 'Optimising the surrogate and verifying the top k…',
  done: 'Done.',
  failed: 'Failed.',
  cancelled: 'Cancelled (the worker and its models were released).',
};

function DatasetSummaryView() {
  const s = usePrime((st) => st.summary);
  if (!s) return null;
  return (
    <section className="panel" data-testid="prime-dataset" data-designs={s.designs}>
      <h2>Logged data</h2>
      <p className="small">
        {s.designs.toLocaleString('en-US')} designs, area budget {s.areaBudgetMm2} mm². Feasible = every layer maps and
        area within budget.
      </p>
      <div className="table-wrap">
        <table className="layers">
          <thead>
            <tr>
              <th>workload</th>
              <th className="num">rows</th>
              <th className="num">feasible</th>
              <th className="num">share</th>
              <th className="num">best logged (ms)</th>
            </tr>
          </thead>
          <tbody>
            {s.workloads.map((w) => (
              <tr key={w.id}>
                <td>{zooName(w.id)}</td>
                <td className="num">{w.rows}</td>
                <td className="num">{w.feasible}</td>
                <td className="num">{(w.feasibleShare * 100).toFixed(1)} %</td>
                <td className="num">{fmt(w.bestLatencyMs, 4)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function curveSeries(
  curves: Record<ModelTag, TrainProgress[]>,
  cols: { key: keyof TrainProgress; name: string }[],
): ConvergenceSeries[] {
  const out: ConvergenceSeries[] = [];
  let k = 0;
  for (const tag of ['prime', 'naive'] as ModelTag[]) {
    const ps = curves[tag];
    for (const col of cols) {
      const colour = groupColour(k++);
      if (ps.length === 0 || ps.every((p) => p[col.key] === undefined)) continue;
      out.push({
        name: `${tag === 'prime' ? 'PRIME' : 'naive'} ${col.name}`,
        colour,
        x: ps.map((p) => p.step),
        median: ps.map((p) => (p[col.key] as number | undefined) ?? Number.NaN),
      });
    }
  }
  return out;
}

function CurveChart(props: {
  title: string;
  testId: string;
  yLabel: string;
  cols: { key: keyof TrainProgress; name: string }[];
}) {
  const svgRef = useRef<SVGSVGElement>(null);
  const [boxRef, width] = useElementWidth<HTMLDivElement>();
  const curves = usePrime((s) => s.curves);
  const last = curves.prime[curves.prime.length - 1];
  useEffect(() => {
    if (!svgRef.current || width === 0) return;
    drawConvergence(svgRef.current, curveSeries(curves, props.cols), {
      width,
      height: 240,
      yLabel: props.yLabel,
      xLabel: 'training step',
    });
  }, [curves, width, props.cols, props.yLabel]);
  return (
    <ChartFrame
      title={props.title}
      testId={props.testId}
      svgRef={svgRef}
      boxRef={boxRef}
      fileName={props.testId}
      label={`${props.title} against training step`}
      status={last ? `step ${last.step} / ${last.steps}` : 'no training yet'}
      table={() => <CurveTable curves={curves} cols={props.cols} title={props.title} />}
      // One ⓘ for both training charts: the explanation covers the fit and the gaps.
      {...(props.testId === 'prime-curves' ? { explain: 'prime-curves' as const } : {})}
    />
  );
}

/** Text alternative of a training chart: the plotted values at every reported step. */
function CurveTable(props: {
  curves: Record<ModelTag, TrainProgress[]>;
  cols: { key: keyof TrainProgress; name: string }[];
  title: string;
}) {
  const tags = (['prime', 'naive'] as ModelTag[]).filter((t) => props.curves[t].length > 0);
  return (
    <div className="table-wrap">
      <table className="layers">
        <caption className="small muted">{props.title}: the values drawn, at every reported training step</caption>
        <thead>
          <tr>
            <th scope="col">model</th>
            <th scope="col" className="num">
              step
            </th>
            {props.cols.map((c) => (
              <th scope="col" className="num" key={c.key}>
                {c.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {tags.flatMap((t) =>
            props.curves[t].map((p) => (
              <tr key={`${t}:${p.step}`}>
                <th scope="row">{t === 'prime' ? 'PRIME' : 'naive'}</th>
                <td className="num">{p.step}</td>
                {props.cols.map((c) => (
                  <td className="num" key={c.key}>
                    {fmt((p[c.key] as number | undefined) ?? Number.NaN, 4)}
                  </td>
                ))}
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}

const FIT_COLS: { key: keyof TrainProgress; name: string }[] = [
  { key: 'loss', name: 'loss' },
  { key: 'mse', name: 'MSE' },
  { key: 'validationMse', name: 'validation MSE' },
];
const GAP_COLS: { key: keyof TrainProgress; name: string }[] = [
  { key: 'negativeGap', name: 'mined-negative gap' },
  { key: 'infeasibleGap', name: 'infeasible gap' },
];

type ReportRow = { tag: ModelTag; r: ModelReport };

/** Its own component: the width observer must mount with the chart box, not before the report exists. */
function ReportScatter({ rows }: { rows: ReportRow[] }) {
  const svgRef = useRef<SVGSVGElement>(null);
  const [boxRef, width] = useElementWidth<HTMLDivElement>();
  useEffect(() => {
    if (!svgRef.current || width === 0) return;
    const series: ScatterSeries[] = rows.map(({ tag, r }) => ({
      name: `${tag === 'prime' ? 'PRIME' : 'naive'} · ${r.workload}`,
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
      label="Predicted against simulated latency on held-out feasible designs, log-log, with the y = x line"
      status="Feasible held-out designs; on the dashed line the model is exact."
      table={() => (
        <div className="table-wrap">
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
                      {tag === 'prime' ? 'PRIME' : 'naive'} · {r.workload}
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

function Report() {
  const reports = usePrime((s) => s.reports);
  const rows = useMemo(
    () => (['prime', 'naive'] as ModelTag[]).flatMap((tag) => reports[tag].map((r) => ({ tag, r }))),
    [reports],
  );
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
      <div className="table-wrap">
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

function openProposal(v: VerifiedDesign) {
  openDesign(v.design);
}

function Proposals() {
  const proposals = usePrime((s) => s.proposals);
  const bestLogged = usePrime((s) => s.bestLoggedMs);
  const online = usePrime((s) => s.online);
  const k = usePrime((s) => s.config.k);
  const phase = usePrime((s) => s.phase);
  const rows = (['prime', 'naive'] as ModelTag[]).flatMap((tag) => proposals[tag].map((v, i) => ({ tag, v, i })));
  if (rows.length === 0 && phase !== 'proposing') return null;
  const best = (tag: ModelTag) =>
    Math.min(...proposals[tag].filter((v) => v.feasible).map((v) => v.latencyMs), Number.POSITIVE_INFINITY);
  return (
    <section className="panel" data-testid="prime-proposals" aria-live="polite">
      <h2>Proposals, verified in the simulator</h2>
      <p className="small">
        Best logged design:{' '}
        {bestLogged !== null && Number.isFinite(bestLogged)
          ? `${fmt(bestLogged, 4)} ms`
          : 'n/a (a target has no logged data)'}
        {(['prime', 'naive'] as ModelTag[])
          .filter((t) => proposals[t].length > 0)
          .map((t) => {
            const b = best(t);
            const ratio = bestLogged && Number.isFinite(b) ? bestLogged / b : Number.NaN;
            return (
              <span key={t} data-testid={`prime-best-${t}`} data-value={Number.isFinite(b) ? b : ''}>
                {' '}
                · best {MODEL_LABEL[t]}: {Number.isFinite(b) ? `${fmt(b, 4)} ms` : 'none feasible'}
                {Number.isFinite(ratio) ? ` (${ratio.toFixed(2)}× vs logged)` : ''}
              </span>
            );
          })}
      </p>
      <div className="table-wrap">
        <table className="layers">
          <thead>
            <tr>
              <th>model</th>
              <th className="num">#</th>
              <th className="num">latency (ms)</th>
              <th className="num">predicted (ms)</th>
              <th className="num">area (mm²)</th>
              <th>feasible</th>
              <th className="num">vs best logged</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map(({ tag, v, i }) => (
              <tr key={`${tag}:${i}`} data-proposal={i} data-model={tag} data-feasible={v.feasible}>
                <td>{tag === 'prime' ? 'PRIME' : 'naive'}</td>
                <td className="num">{i + 1}</td>
                <td className="num">{fmt(v.latencyMs, 4)}</td>
                <td className="num">{fmt(v.predictedLatencyMs, 4)}</td>
                <td className="num">{fmt(v.areaMm2, 4)}</td>
                <td style={{ color: v.feasible ? 'var(--ok)' : 'var(--error)' }}>{v.feasible ? 'yes' : 'no'}</td>
                <td className="num">
                  {bestLogged && Number.isFinite(bestLogged) && v.feasible
                    ? `${(bestLogged / v.latencyMs).toFixed(2)}×`
                    : '—'}
                </td>
                <td>
                  <button type="button" onClick={() => openProposal(v)} data-testid="prime-open">
                    Open in explorer
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {Object.keys(online).length > 0 && (
        <p className="small" data-testid="prime-online-results">
          Simulator-driven optimizers with the same {k} simulations:{' '}
          {(['random', 'evolution', 'bo'] as const)
            .filter((o) => online[o] !== undefined)
            .map((o) => {
              const v = online[o] as number;
              return (
                <span key={o} data-testid={`prime-online-${o}`} data-value={Number.isFinite(v) ? v : ''}>
                  {optimizerLabel(o)} {Number.isFinite(v) ? `${fmt(v, 4)} ms` : 'none feasible'}{' '}
                </span>
              );
            })}
        </p>
      )}
    </section>
  );
}

/** The PRIME panel: logged data → conservative surrogate → offline proposals, verified with k simulations. */
export function PrimePanel() {
  const error = usePrime((s) => s.error);
  // Leaving the tab stops a running job (its worker goes with it); a trained idle model stays for a while.
  useEffect(() => releasePrime, []);
  return (
    // Stretch: on phones the view is one flex column, and start-aligned panels would size to their widest table.
    <div className="explorer" data-testid="prime-panel" style={{ alignItems: 'stretch' }}>
      <aside className="sidebar">
        <Setup />
      </aside>
      <div className="content">
        {error && (
          <p className="error" role="alert" data-testid="prime-error">
            {error}
          </p>
        )}
        <DatasetSummaryView />
        <ErrorBoundary name="training curves">
          <CurveChart title="Training: fit" testId="prime-curves" yLabel="standardised MSE / loss" cols={FIT_COLS} />
          <CurveChart
            title="Training: conservative gaps"
            testId="prime-gaps"
            yLabel="score gap vs feasible data (σ)"
            cols={GAP_COLS}
          />
        </ErrorBoundary>
        <ErrorBoundary name="model report">
          <Report />
        </ErrorBoundary>
        <ErrorBoundary name="PRIME Pareto plot">
          <PrimePareto />
        </ErrorBoundary>
        <Proposals />
      </div>
    </div>
  );
}
