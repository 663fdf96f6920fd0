import { OPTIMIZER_COLOUR } from '../charts/optimizer-colour';
import { requireTemplate, TEMPLATES } from '../core/arch';
import {
  AREA_BUDGET_MM2,
  inRange,
  LATENCY_LIMIT_MS,
  MAX_WORKLOADS,
  POWER_LIMIT_W,
  STUDY_BUDGET,
  STUDY_SEED,
  STUDY_SEEDS,
  templateAreaBudget,
  WORKLOAD_WEIGHT,
} from '../core/link/limits';
import { OPTIMIZER_KINDS, optimizerLabel } from '../core/opt/optimizer';
import { ZOO } from '../core/workload/zoo';
import { type OptimizerKind, type StudyDraft, useStore } from '../state/store';
import { cancelAll, pauseAll, resumeAll, runStudy } from '../state/study-runs';
import { num, objectiveName, objectiveValue, si } from './format';
import { NumberField } from './NumberField';

function setDraft(patch: Partial<StudyDraft>) {
  useStore.setState((s) => ({ draft: { ...s.draft, ...patch } }));
}

export function StudyPanel() {
  const d = useStore((s) => s.draft);
  const runs = useStore((s) => s.runs);
  const elapsed = useStore((s) => s.elapsedMs);
  const running = runs.some((r) => r.state === 'running');
  const paused = runs.some((r) => r.state === 'paused');
  const evaluations = runs.reduce((a, r) => a + r.evaluations, 0);
  const budget = runs.reduce((a, r) => a + r.budget, 0);
  const rate = runs.reduce((a, r) => a + (r.state === 'running' ? r.evalsPerSecond : 0), 0);
  const best = Math.min(...runs.map((r) => r.best), Number.POSITIVE_INFINITY);
  const toggleOptimizer = (o: OptimizerKind, on: boolean) =>
    setDraft({
      optimizers: on
        ? OPTIMIZER_KINDS.filter((k) => k === o || d.optimizers.includes(k))
        : d.optimizers.filter((k) => k !== o),
    });
  return (
    <section className="panel study-panel" aria-label="Study">
      <h2>Study</h2>
      <label className="field">
        <span>Template</span>
        <select
          value={d.template}
          onChange={(e) => {
            const template = e.target.value as StudyDraft['template'];
            // The area constraint starts at the template's budget: none for a template without one.
            const areaMm2 = templateAreaBudget(requireTemplate(template)) ?? undefined;
            setDraft({ template, preset: undefined, areaMm2 });
          }}
          data-testid="study-template"
        >
          {TEMPLATES.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>Workloads and weights</legend>
        {d.workloads.map((w, i) => (
          <div className="row" key={w.id}>
            <span className="grow">{ZOO.find((z) => z.id === w.id)?.name ?? w.id}</span>
            <input
              type="number"
              min={WORKLOAD_WEIGHT.min}
              max={WORKLOAD_WEIGHT.max}
              step="any"
              value={w.weight ?? 1}
              aria-label={`Weight of ${w.id}`}
              onChange={(e) => {
                const v = Number(e.target.value);
                if (inRange(WORKLOAD_WEIGHT, v))
                  setDraft({ workloads: d.workloads.map((x, j) => (j === i ? { ...x, weight: v } : x)) });
              }}
            />
            {d.workloads.length > 1 && (
              <button
                type="button"
                aria-label={`Remove ${w.id}`}
                onClick={() => setDraft({ workloads: d.workloads.filter((_, j) => j !== i) })}
              >
                ×
              </button>
            )}
          </div>
        ))}
        {d.workloads.length < MAX_WORKLOADS && (
          <select
            value=""
            aria-label="Add a workload to the study"
            data-testid="study-add-workload"
            onChange={(e) => e.target.value && setDraft({ workloads: [...d.workloads, { id: e.target.value }] })}
          >
            <option value="">add a workload…</option>
            {ZOO.filter((z) => !d.workloads.some((w) => w.id === z.id)).map((z) => (
              <option key={z.id} value={z.id}>
                {z.name}
              </option>
            ))}
          </select>
        )}
      </fieldset>
      <div className="row">
        <label className="field">
          <span>Objective</span>
          <select
            value={d.objective}
            onChange={(e) => setDraft({ objective: e.target.value as StudyDraft['objective'] })}
            data-testid="study-objective"
          >
            <option value="latency">latency</option>
            <option value="energy">energy</option>
            <option value="edp">energy × delay</option>
            <option value="multi">multi-objective (latency, energy, area)</option>
          </select>
        </label>
        <label className="field">
          <span>Across workloads</span>
          <select
            value={d.aggregation}
            onChange={(e) => setDraft({ aggregation: e.target.value as StudyDraft['aggregation'] })}
            data-testid="study-aggregation"
          >
            <option value="geomean">geometric mean</option>
            <option value="mean">weighted mean</option>
          </select>
        </label>
      </div>
      <fieldset>
        <legend>Constraints</legend>
        <div className="row">
          <NumberField
            label="area ≤"
            unit="mm²"
            value={d.areaMm2}
            min={AREA_BUDGET_MM2.min}
            max={AREA_BUDGET_MM2.max}
            optional
            onChange={(v) => setDraft({ areaMm2: v })}
            testId="study-area"
          />
          <NumberField
            label="latency ≤"
            unit="ms"
            value={d.latencyMs}
            min={LATENCY_LIMIT_MS.min}
            max={LATENCY_LIMIT_MS.max}
            optional
            onChange={(v) => setDraft({ latencyMs: v })}
            testId="study-latency"
          />
          <NumberField
            label="power ≤"
            unit="W"
            value={d.powerW}
            min={POWER_LIMIT_W.min}
            max={POWER_LIMIT_W.max}
            optional
            onChange={(v) => setDraft({ powerW: v })}
            testId="study-power"
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>Optimizers (run side by side)</legend>
        <div className="row">
          {OPTIMIZER_KINDS.map((o) => (
            <label key={o} className="check">
              <input
                type="checkbox"
                checked={d.optimizers.includes(o)}
                disabled={d.optimizers.length === 1 && d.optimizers.includes(o)}
                onChange={(e) => toggleOptimizer(o, e.target.checked)}
                data-testid={`study-opt-${o}`}
              />{' '}
              {optimizerLabel(o)}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="row">
        <NumberField
          label="budget"
          value={d.budget}
          min={STUDY_BUDGET.min}
          max={STUDY_BUDGET.max}
          integer
          onChange={(v) => v && setDraft({ budget: v })}
          testId="study-budget"
        />
        <NumberField
          label="seed"
          value={d.seed}
          min={STUDY_SEED.min}
          max={STUDY_SEED.max}
          integer
          onChange={(v) => v !== undefined && setDraft({ seed: v })}
          testId="study-seed"
        />
        <NumberField
          label="seeds each"
          value={d.seeds}
          min={STUDY_SEEDS.min}
          max={STUDY_SEEDS.max}
          integer
          onChange={(v) => v && setDraft({ seeds: v })}
          testId="study-seeds"
        />
      </div>
      <div className="row">
        <button
          type="button"
          className="primary"
          data-testid="study-run"
          disabled={running}
          onClick={() => void runStudy(useStore.getState().draft)}
        >
          {runs.length ? 'Run again' : 'Run'}
        </button>
        <button type="button" disabled={!running} onClick={pauseAll} data-testid="study-pause">
          Pause
        </button>
        <button type="button" disabled={!paused} onClick={resumeAll} data-testid="study-resume">
          Resume
        </button>
        <button
          type="button"
          disabled={!running && !paused}
          onClick={() => void cancelAll()}
          data-testid="study-cancel"
        >
          Cancel
        </button>
      </div>
      <div className="progress" data-testid="study-progress" data-evaluations={evaluations} aria-live="polite">
        <progress max={Math.max(1, budget)} value={evaluations} />
        <span>
          {evaluations.toLocaleString('en-US')} / {budget.toLocaleString('en-US')} evaluations · {si(rate)}{' '}
          evaluations/s · {num(elapsed / 1000)} s
        </span>
        <span data-testid="best-design" data-value={Number.isFinite(best) ? best : ''}>
          best feasible {objectiveName(d.objective, d.aggregation, d.workloads.length)}:{' '}
          {Number.isFinite(best) ? objectiveValue(d.objective, best) : 'none yet'}
        </span>
      </div>
      {runs.length > 0 && (
        <table className="layers runs" data-testid="runs">
          <thead>
            <tr>
              <th>run</th>
              <th>state</th>
              <th className="num">evaluations</th>
              <th className="num">best {objectiveName(d.objective, d.aggregation, d.workloads.length)}</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.key} data-state={r.state} data-in-flight={r.inFlight}>
                <td>
                  <Swatch colour={OPTIMIZER_COLOUR[r.optimizer]} />
                  {optimizerLabel(r.optimizer)} · seed {r.seed}
                </td>
                <td>{r.state}</td>
                <td className="num">
                  {r.evaluations}
                  {r.replayed ? ` (${r.replayed} restored)` : ''}
                </td>
                <td className="num">{Number.isFinite(r.best) ? objectiveValue(d.objective, r.best) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

import { Swatch } from './Swatch';
