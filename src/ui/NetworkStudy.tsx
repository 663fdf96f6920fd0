import { EDGETPU_CLASSES } from '../core/arch/edgetpu';
import { NETSTUDY_COUNT, STUDY_SEED } from '../core/link/limits';
import { corpusActions, setNetstudyConfig, useCorpus } from '../state/corpus-runs';
import { useStore } from '../state/store';
import { NetworkCostModel } from './NetworkCostModel';
import { LatencyEcdf, LatencyScatter, MemoryBoundBars, PerMacBars, WinsTable } from './NetworkStudyCharts';
import { EvaluatorField, PredictionCheck } from './NetworkStudyEvaluator';
import { NumberField } from './NumberField';

/** The form: space seed, network count, classes, and the run buttons. */
function Controls() {
  const cfg = useStore((s) => s.netstudy);
  const state = useCorpus((s) => s.state);
  const running = state === 'running';
  const active = useCorpus((s) => s.active);
  // A cancelled study keeps its rows: once its last batches are in, Resume continues it from there.
  const paused = state === 'paused';
  const resumable = paused || (state === 'cancelled' && !active);
  const toggle = (id: 'v1' | 'v2' | 'v3', on: boolean) => {
    const next = EDGETPU_CLASSES.map((c) => c.id).filter((c) => (c === id ? on : cfg.classes.includes(c)));
    if (next.length > 0) setNetstudyConfig({ classes: next });
  };
  return (
    <section className="panel" aria-label="Network study setup">
      <h2>Network study: Edge TPU classes across generated CNNs</h2>
      <p className="muted small">
        The dual of a design study (Seshadri et al., IISWC 2022): the hardware is fixed to three Edge TPU classes and
        the network varies — MobileNet/EfficientNet-EdgeTPU-style CNNs sampled from a seeded space, duplicates dropped.
        Everything below is computed from the simulated corpus.
      </p>
      <div className="row">
        <NumberField
          label="space seed"
          value={cfg.seed}
          min={STUDY_SEED.min}
          max={STUDY_SEED.max}
          integer
          testId="ns-seed"
          onChange={(seed) => seed !== undefined && setNetstudyConfig({ seed })}
        />
        <NumberField
          label="networks"
          value={cfg.count}
          min={NETSTUDY_COUNT.min}
          max={NETSTUDY_COUNT.max}
          integer
          testId="ns-count"
          onChange={(count) => count !== undefined && setNetstudyConfig({ count })}
        />
        <fieldset className="inline" data-testid="ns-classes">
          <legend className="small">classes</legend>
          {EDGETPU_CLASSES.map((c) => (
            <label key={c.id} title={c.label}>
              <input
                type="checkbox"
                checked={cfg.classes.includes(c.id)}
                onChange={(e) => toggle(c.id, e.target.checked)}
                data-testid={`ns-class-${c.id}`}
              />{' '}
              {c.id.toUpperCase()}
            </label>
          ))}
        </fieldset>
        <EvaluatorField />
      </div>
      <div className="row">
        <button type="button" onClick={() => void corpusActions.start()} disabled={running} data-testid="ns-run">
          Run
        </button>
        <button type="button" onClick={() => corpusActions.pause()} disabled={!running} data-testid="ns-pause">
          Pause
        </button>
        <button type="button" onClick={() => corpusActions.resume()} disabled={!resumable} data-testid="ns-resume">
          Resume
        </button>
        <button
          type="button"
          onClick={() => corpusActions.cancel()}
          disabled={!running && !paused}
          data-testid="ns-cancel"
        >
          Cancel
        </button>
      </div>
      <Progress />
    </section>
  );
}

function Progress() {
  const p = useCorpus((s) => s.progress);
  const state = useCorpus((s) => s.state);
  const spec = useCorpus((s) => s.spec);
  const error = useCorpus((s) => s.error);
  const restored = useCorpus((s) => s.restored);
  const rows = useCorpus((s) => s.rows);
  const active = useCorpus((s) => s.active);
  return (
    <>
      <p
        className="small"
        data-testid="ns-progress"
        data-state={state}
        data-generated={p?.generated ?? 0}
        data-unique={p?.unique ?? rows}
        data-target={spec?.count ?? 0}
        data-active={active}
        aria-busy={active}
      >
        {spec && p
          ? `${state}: ${p.generated.toLocaleString('en')} of ${spec.count.toLocaleString('en')} networks generated, ${p.unique.toLocaleString('en')} unique (${p.duplicates} duplicates) on ${spec.classes.map((c) => c.toUpperCase()).join(', ')} (seed ${spec.seed})${spec.evaluator === 'model' ? ' — latency and energy predicted by the learned model' : ''}${
              p.networksPerSecond > 0 ? ` — ${Math.round(p.networksPerSecond).toLocaleString('en')} networks/s` : ''
            }${restored ? ' — restored from this browser' : ''}`
          : state === 'restoring'
            ? 'Looking for a saved study…'
            : 'No study yet: choose the seed, count and classes, then Run.'}
      </p>
      {spec && p && (
        <progress max={spec.count} value={p.generated} aria-label="Networks generated" style={{ width: '100%' }} />
      )}
      {error && (
        <p className="error small" role="alert" data-testid="ns-error">
          {error}
        </p>
      )}
    </>
  );
}

/**
 * The generated insight sentences, as text. The panel is there as soon as a study is, so the page
 * below it does not jump when the first summary arrives; `data-networks` is the row count the
 * sentences were computed from (the summary worker lags the rows by up to a refresh).
 */
function Insights() {
  const summary = useCorpus((s) => s.summary);
  const spec = useCorpus((s) => s.spec);
  const unique = useCorpus((s) => s.progress?.unique ?? s.rows);
  if (!spec) return null;
  const current = summary !== null && summary.networks === unique;
  return (
    <section
      className="panel"
      aria-label="Insights"
      data-testid="ns-insights"
      data-networks={summary?.networks ?? 0}
      data-current={current}
      aria-busy={!current}
    >
      <h2>What the data says</h2>
      <p className="muted small">
        {summary && summary.networks > 0
          ? `Generated from ${current ? 'the' : 'the first'} ${summary.networks.toLocaleString('en')} networks above by summarizeCorpus — they change when the simulator or the corpus does.${current ? '' : ' Updating…'}`
          : unique > 0
            ? 'Summarizing the networks above…'
            : 'The sentences appear with the first simulated networks.'}
      </p>
      {summary && summary.insights.length > 0 && (
        <ul>
          {summary.insights.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Charts() {
  const summary = useCorpus((s) => s.summary);
  const spec = useCorpus((s) => s.spec);
  if (!spec) return null;
  return (
    <section className="ns-charts" aria-label="Network study charts">
      <LatencyScatter key={`${spec.classes.join()}:${spec.evaluator ?? 'simulator'}`} />
      {summary && (
        <div className="ns-grid">
          <LatencyEcdf />
          {/* Layer-level figures need the simulator: a study evaluated by the learned model has none. */}
          {spec.evaluator !== 'model' && (
            <>
              <PerMacBars summary={summary} by="type" />
              <PerMacBars summary={summary} by="kernel" />
              <MemoryBoundBars summary={summary} />
            </>
          )}
          <WinsTable summary={summary} />
        </div>
      )}
    </section>
  );
}

/** The Network-study tab. */
export function NetworkStudy() {
  return (
    <div className="network-study">
      <Controls />
      <PredictionCheck />
      <Insights />
      <Charts />
      <NetworkCostModel />
    </div>
  );
}
