import { useEffect, useRef } from 'react';
import { downloadText } from '../charts/export';
import { drawScatter } from '../charts/scatter';
import { EDGETPU_CLASSES } from '../core/arch/edgetpu';
import { COSTMODEL_TRAIN } from '../core/link/limits';
import { setNetstudyConfig } from '../state/corpus-runs';
import { type CostCheck, costActions, useCost } from '../state/cost-runs';
import { useStore } from '../state/store';
import { ChartFrame } from './ChartFrame';
import { percent } from './format';
import { classLabel } from './NetworkStudyCharts';
import { NumberField } from './NumberField';
import { useElementWidth } from './use-element-width';

const f = (v: number, d = 3) => (Number.isFinite(v) ? v.toFixed(d) : '—');

/** The report of each trained class: accuracy on held-out networks and zoo models, and the timings. */
function ReportTable() {
  const reports = useCost((s) => s.reports);
  const ids = Object.keys(reports).sort();
  if (ids.length === 0) return null;
  return (
    <div className="table-wrap">
      <table className="layers" data-testid="ns-cost-report">
        <caption className="small muted">
          Latency unless marked; MAPE = mean absolute % error against the simulator; within ±10 % is nn-Meter's measure
        </caption>
        <thead>
          <tr>
            <th>class</th>
            <th>test set</th>
            <th className="num">networks</th>
            <th className="num">MAPE %</th>
            <th className="num">within ±10 %</th>
            <th className="num">Kendall τ</th>
          </tr>
        </thead>
        <tbody>
          {ids.flatMap((id) => {
            const r = reports[id];
            if (!r) return [];
            const rows: [string, { n: number; mape: number; within10: number; kendall: number }][] = [
              ['held out', r.heldOut],
              ['held out, energy', { ...r.heldOutEnergy }],
              ['MACs-only baseline', r.baseline],
              ['zoo (zero-shot)', r.zoo],
              ['zoo, energy', r.zooEnergy],
            ];
            return rows.map(([name, a]) => (
              <tr key={`${id}-${name}`} data-class={id} data-set={name}>
                <td>{classLabel(id)}</td>
                <td>{name}</td>
                <td className="num">{a.n}</td>
                <td className="num" data-metric="mape">
                  {f(a.mape, 2)}
                </td>
                <td className="num" data-metric="within10">
                  {percent(a.within10)}
                </td>
                <td className="num" data-metric="kendall">
                  {f(a.kendall)}
                </td>
              </tr>
            ));
          })}
        </tbody>
      </table>
      <table className="layers" data-testid="ns-cost-timing">
        <thead>
          <tr>
            <th>class</th>
            <th className="num">predict µs / network</th>
            <th className="num">simulate µs / network</th>
            <th className="num">speed-up</th>
            <th className="num">training s</th>
          </tr>
        </thead>
        <tbody>
          {ids.map((id) => {
            const r = reports[id];
            if (!r) return null;
            return (
              <tr key={id} data-class={id}>
                <td>{classLabel(id)}</td>
                <td className="num" data-metric="predict">
                  {f(r.predictUsPerNetwork, 1)}
                </td>
                <td className="num" data-metric="simulate">
                  {f(r.simulateUsPerNetwork, 1)}
                </td>
                <td className="num">{f(r.simulateUsPerNetwork / r.predictUsPerNetwork, 1)}×</td>
                <td className="num">{f(r.trainSeconds, 1)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Predicted vs simulated latency: the study's networks the model did not see, and the zoo's models. */
function CheckScatter() {
  const check = useCost((s) => s.check);
  // Mounted with its figure, so the figure's width observer finds its box.
  return check ? <CheckScatterChart check={check} /> : null;
}

function CheckScatterChart({ check }: { check: CostCheck }) {
  const reports = useCost((s) => s.reports);
  const svgRef = useRef<SVGSVGElement>(null);
  const [boxRef, width] = useElementWidth<HTMLDivElement>();
  const zoo = check ? reports[check.classId]?.zoo.models : undefined;
  useEffect(() => {
    if (!svgRef.current || width === 0) return;
    drawScatter(
      svgRef.current,
      [
        {
          name: `study networks (${check.source})`,
          points: Array.from(check.simulatedMs, (x, i) => ({ x, y: check.predictedMs[i] as number })),
        },
        ...(zoo ? [{ name: 'zoo models', points: zoo.map((m) => ({ x: m.simulatedMs, y: m.predictedMs })) }] : []),
      ],
      { width, height: 320, xLabel: 'simulated latency (ms)', yLabel: 'predicted latency (ms)' },
    );
  }, [check, zoo, width]);
  const a = check.accuracy;
  return (
    <ChartFrame
      title={`Predicted vs simulated latency — ${classLabel(check.classId)}`}
      testId="ns-cost-scatter"
      svgRef={svgRef}
      boxRef={boxRef}
      fileName="network-study-cost-model"
      label="Cost-model prediction against the simulator, log axes"
      status={
        <span data-testid="ns-cost-check" data-mape={a.mape} data-within10={a.within10} data-kendall={a.kendall}>
          {a.n} networks of the study ({check.source}): MAPE {f(a.mape, 2)} %, {percent(a.within10)} within ±10 %,
          Kendall τ {f(a.kendall)}
        </span>
      }
      table={() => (
        <table className="layers">
          <thead>
            <tr>
              <th className="num">network</th>
              <th className="num">simulated ms</th>
              <th className="num">predicted ms</th>
            </tr>
          </thead>
          <tbody>
            {Array.from(check.index.subarray(0, 200), (idx, i) => (
              <tr key={idx}>
                <td className="num">{idx}</td>
                <td className="num">{f(check.simulatedMs[i] as number, 4)}</td>
                <td className="num">{f(check.predictedMs[i] as number, 4)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    />
  );
}

/** The learned cost model: train in a worker, report, export / import the model JSON. */
export function NetworkCostModel() {
  const cfg = useStore((s) => s.netstudy);
  const state = useCost((s) => s.state);
  const error = useCost((s) => s.error);
  const wallMs = useCost((s) => s.wallMs);
  const reports = useCost((s) => s.reports);
  const file = useRef<HTMLInputElement>(null);
  const busy = state === 'training' || state === 'scoring';
  const model = reports[cfg.modelClass]?.model;
  return (
    <section className="panel" aria-label="Learned cost model" data-testid="ns-cost">
      <h2>Learned cost model</h2>
      <p className="muted small">
        An MLP on per-layer features summed over the network, with analytical anchors (docs/corpus.md §4), trained in a
        worker (TensorFlow.js, cpu) on networks of the study's space and seed; tested on held-out networks and,
        zero-shot, on the zoo's CNNs.
      </p>
      <div className="row">
        <label className="field">
          <span>class</span>
          <select
            value={cfg.modelClass}
            onChange={(e) => setNetstudyConfig({ modelClass: e.target.value as 'v1' | 'v2' | 'v3' })}
            data-testid="ns-model-class"
          >
            {EDGETPU_CLASSES.map((c) => (
              <option key={c.id} value={c.id}>
                {c.id.toUpperCase()}
              </option>
            ))}
          </select>
        </label>
        <NumberField
          label="training networks"
          value={cfg.modelTrain}
          min={COSTMODEL_TRAIN.min}
          max={COSTMODEL_TRAIN.max}
          integer
          testId="ns-model-train"
          onChange={(modelTrain) => modelTrain !== undefined && setNetstudyConfig({ modelTrain })}
        />
        <button type="button" onClick={() => void costActions.train()} disabled={busy} data-testid="ns-model-run">
          Train
        </button>
        <button type="button" onClick={() => costActions.cancel()} disabled={!busy}>
          Cancel
        </button>
        <button
          type="button"
          disabled={!model}
          onClick={() =>
            model && downloadText(`costmodel-${cfg.modelClass}.json`, JSON.stringify(model), 'application/json')
          }
          data-testid="ns-model-export"
        >
          Export model
        </button>
        <button type="button" onClick={() => file.current?.click()} disabled={busy}>
          Import model…
        </button>
        <input
          ref={file}
          type="file"
          accept="application/json,.json"
          hidden
          data-testid="ns-model-file"
          onChange={(e) => {
            const fl = e.target.files?.[0];
            if (fl) void fl.text().then((t) => costActions.importModel(fl.name, t));
            e.target.value = '';
          }}
        />
      </div>
      <p className="small" data-testid="ns-cost-state" data-state={state}>
        {state === 'training'
          ? `Training the ${cfg.modelClass.toUpperCase()} model on ${cfg.modelTrain} networks…`
          : state === 'scoring'
            ? 'Checking the model on the study’s networks…'
            : wallMs > 0
              ? `Last training and report took ${(wallMs / 1000).toFixed(1)} s in the worker.`
              : 'Not trained yet.'}
      </p>
      {error && (
        <p className="error small" role="alert" data-testid="ns-cost-error">
          {error}
        </p>
      )}
      <ReportTable />
      <CheckScatter />
    </section>
  );
}
