import { useEffect, useRef } from 'react';
import { type ConvergenceSeries, drawConvergence } from '../charts/convergence';
import { groupColour } from '../charts/pareto';
import type { TrainProgress } from '../core/prime/index';
import { type ModelTag, type TimedProgress, usePrime } from '../state/prime-runs';
import { ChartFrame } from './ChartFrame';
import { primeCaption } from './export-caption';
import { formatSeconds } from './PrimeLogged';
import { fmt, MODEL_SHORT, MODEL_TAGS } from './prime-labels';
import { scrollRegion } from './scroll-region';
import { useElementWidth } from './use-element-width';

function curveSeries(
  curves: Record<ModelTag, TrainProgress[]>,
  cols: { key: keyof TrainProgress; name: string }[],
): ConvergenceSeries[] {
  const out: ConvergenceSeries[] = [];
  let k = 0;
  for (const tag of MODEL_TAGS) {
    const ps = curves[tag];
    for (const col of cols) {
      const colour = groupColour(k++);
      if (ps.length === 0 || ps.every((p) => p[col.key] === undefined)) continue;
      out.push({
        name: `${MODEL_SHORT[tag]} ${col.name}`,
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
      caption={primeCaption}
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
  curves: Record<ModelTag, TimedProgress[]>;
  cols: { key: keyof TrainProgress; name: string }[];
  title: string;
}) {
  const tags = MODEL_TAGS.filter((t) => props.curves[t].length > 0);
  return (
    <div className="table-wrap" {...scrollRegion(`${props.title}: table`)}>
      <table className="layers">
        <caption className="small muted">
          {props.title}: the values drawn, at every reported training step, and the seconds since that model's training
          started
        </caption>
        <thead>
          <tr>
            <th scope="col">model</th>
            <th scope="col" className="num">
              step
            </th>
            <th scope="col" className="num">
              time (s)
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
                <th scope="row">{MODEL_SHORT[t]}</th>
                <td className="num">{p.step}</td>
                <td className="num">{fmt(p.atMs / 1000, 3)}</td>
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

/** Which tfjs backend the worker trains on (wasm with SIMD normally; cpu, and why, when wasm failed). */
function BackendStatus() {
  const backend = usePrime((s) => s.backend);
  if (!backend) return null;
  return (
    <p className="small muted" data-testid="prime-backend" data-backend={backend.label}>
      backend: {backend.label}
      {backend.note ? ` — ${backend.note}` : ''}
    </p>
  );
}

/**
 * Training speed and time left, from the measured steps/s: over the last ten progress reports (the
 * first report's rate includes encoding the rows, so a window of recent reports tracks the
 * steady state). Exported for the bench and tests of the tab.
 */
export function trainingRate(ps: readonly TimedProgress[]): { stepsPerSecond: number; etaSeconds: number } {
  const last = ps[ps.length - 1];
  if (!last) return { stepsPerSecond: Number.NaN, etaSeconds: Number.NaN };
  const first = ps.length > 1 ? (ps[Math.max(0, ps.length - 11)] as TimedProgress) : { step: 0, atMs: 0 };
  const dt = (last.atMs - first.atMs) / 1000;
  const rate = dt > 0 ? (last.step - first.step) / dt : Number.NaN;
  return { stepsPerSecond: rate, etaSeconds: rate > 0 ? (last.steps - last.step) / rate : Number.NaN };
}

/** Per model: "step 300 / 2,000 · 38 steps/s · about 45 s left", or its total time once done. */
function TrainingEta() {
  const curves = usePrime((s) => s.curves);
  const tags = MODEL_TAGS.filter((t) => curves[t].length > 0);
  if (tags.length === 0) return null;
  return (
    <p className="small" data-testid="prime-eta" aria-live="polite">
      {tags.map((t) => {
        const ps = curves[t];
        const last = ps[ps.length - 1] as TimedProgress;
        const r = trainingRate(ps);
        const rate = Number.isFinite(r.stepsPerSecond) ? `${fmt(r.stepsPerSecond, 3)} steps/s` : '';
        const text =
          last.step >= last.steps
            ? `${MODEL_SHORT[t]}: ${last.steps.toLocaleString('en-US')} steps in ${formatSeconds(last.atMs / 1000)}${rate ? ` (${rate})` : ''}`
            : `${MODEL_SHORT[t]}: step ${last.step.toLocaleString('en-US')} / ${last.steps.toLocaleString('en-US')}${rate ? ` · ${rate} · about ${formatSeconds(r.etaSeconds)} left` : ''}`;
        return (
          <span key={t} data-model={t} data-step={last.step} data-steps={last.steps} data-rate={r.stepsPerSecond}>
            {text}
            <br />
          </span>
        );
      })}
    </p>
  );
}

/** Both training charts: the fit (loss, MSE) and the conservative gaps, per model, against training step. */
export function TrainingCharts() {
  return (
    <>
      <BackendStatus />
      <TrainingEta />
      <CurveChart title="Training: fit" testId="prime-curves" yLabel="standardised MSE / loss" cols={FIT_COLS} />
      <CurveChart
        title="Training: conservative gaps"
        testId="prime-gaps"
        yLabel="score gap vs feasible data (σ)"
        cols={GAP_COLS}
      />
    </>
  );
}
