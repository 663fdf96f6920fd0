import { useMemo } from 'react';
import { CHECK_EVERY, heldOutFrom, predictionCheck } from '../core/corpus/page';
import { corpusStore, setNetstudyConfig, useCorpus } from '../state/corpus-runs';
import { useCostModels } from '../state/cost-models';
import { useStore } from '../state/store';
import { percent } from './format';
import { classLabel } from './NetworkStudyCharts';

const fmt = (v: number, d: number) => (Number.isFinite(v) ? v.toFixed(d) : '—');

/**
 * The Network study's evaluator: the simulator, or the learned cost model of each class (the one
 * trained or imported last in the cost-model panel below). The link keeps the choice, not the model.
 */
export function EvaluatorField() {
  const evaluator = useStore((s) => s.netstudy.evaluator);
  const classes = useStore((s) => s.netstudy.classes);
  const held = useCostModels((s) => s.models);
  return (
    <div className="ns-evaluator">
      <label>
        evaluator{' '}
        <select
          value={evaluator}
          data-testid="ns-evaluator"
          onChange={(e) => setNetstudyConfig({ evaluator: e.target.value === 'model' ? 'model' : 'simulator' })}
        >
          <option value="simulator">simulator</option>
          <option value="model">learned cost model (predicted)</option>
        </select>
      </label>
      {evaluator === 'model' && (
        <p className="small muted" data-testid="ns-evaluator-note">
          Latency and energy are predicted by each class's cost model — held now:{' '}
          {classes.map((c) => `${classLabel(c)} ${held[c] ? `(${held[c]?.source})` : '(none)'}`).join(', ')}. One
          network in {CHECK_EVERY} is also simulated, to show the model's error on this study. A link keeps this choice
          but cannot carry a model file: opened elsewhere, Run asks for a trained or imported model for every class
          first.
        </p>
      )}
    </div>
  );
}

/** A predicted study's error against the simulator, on the networks it also simulated. */
export function PredictionCheck() {
  const spec = useCorpus((s) => s.spec);
  const rows = useCorpus((s) => s.rows);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the rows live outside React; `rows` says they changed
  const check = useMemo(() => {
    const s = corpusStore();
    return s && spec?.evaluator === 'model'
      ? predictionCheck(s.view(), spec.classes, heldOutFrom(spec, spec.classes.length))
      : null;
  }, [spec, rows]);
  if (!spec || !check) return null;
  return (
    <section className="panel" aria-label="Prediction check" data-testid="ns-check">
      <h2>Predicted by the learned cost model: its error on this study</h2>
      <p className="muted small">
        Every latency and energy above is a prediction. Networks whose index is a multiple of {spec.checkEvery ?? 0}{' '}
        were simulated as well; the model is compared with the simulator on them, leaving out the networks it was
        trained on. Layer-level figures (latency per MAC by block type or kernel, memory-bound share) need the simulator
        and are not shown for a predicted study.
      </p>
      <div className="table-wrap short">
        <table className="layers">
          <thead>
            <tr>
              <th>class</th>
              <th className="num">simulated checks</th>
              <th className="num">left out (trained on)</th>
              <th className="num">latency MAPE</th>
              <th className="num">latency within ±10 %</th>
              <th className="num">latency Kendall τ</th>
              <th className="num">energy MAPE</th>
              <th className="num">energy within ±10 %</th>
              <th className="num">infeasible on the simulator</th>
            </tr>
          </thead>
          <tbody>
            {check.map((c) => (
              <tr
                key={c.id}
                data-class={c.id}
                data-checked={c.checked}
                data-in-training={c.inTraining}
                data-mape={c.latency.mape}
              >
                <td>{classLabel(c.id)}</td>
                <td className="num">{c.checked}</td>
                <td className="num">{c.inTraining}</td>
                <td className="num">{fmt(c.latency.mape, 2)} %</td>
                <td className="num">{percent(c.latency.within10, 1)}</td>
                <td className="num">{fmt(c.latency.kendall, 3)}</td>
                <td className="num">{fmt(c.energy.mape, 2)} %</td>
                <td className="num">{percent(c.energy.within10, 1)}</td>
                <td className="num">{c.infeasible}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
