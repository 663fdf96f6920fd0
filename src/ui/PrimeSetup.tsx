import {
  cancelPrime,
  generateAndTrain,
  type PrimeConfig,
  proposeDesigns,
  setPrimeConfig,
  usePrime,
} from '../state/prime-runs';
import { NumberField } from './NumberField';
import { SourcePicker, WorkloadList } from './PrimeData';
import { LoggedDataForm, loggedSizeCheck } from './PrimeLogged';

function modeOf(c: PrimeConfig): string {
  const data: readonly string[] = c.source === 'logged' ? c.apps : c.train;
  if (c.targets.some((t) => !data.includes(t))) return 'zero-shot (a target has no logged data)';
  return c.targets.length > 1 ? 'joint (several targets)' : 'single workload';
}

/** The PRIME form: data, workloads, training settings, and the train / cancel / propose buttons. */
export function PrimeSetup() {
  const c = usePrime((s) => s.config);
  const phase = usePrime((s) => s.phase);
  const trained = usePrime((s) => s.trained);
  const busy = phase === 'generating' || phase === 'training' || phase === 'proposing';
  const tooLarge = c.source === 'logged' && loggedSizeCheck(c.apps.length, c.rows).over;
  return (
    <section className="panel" aria-label="PRIME setup">
      <h2>PRIME: offline design</h2>
      <p className="muted small">
        Logged designs (feasible and infeasible) train a conservative surrogate; it is optimised offline and only the
        top k proposals are simulated (Kumar et al., ICLR 2022).
      </p>
      <SourcePicker />
      {c.source === 'logged' && <LoggedDataForm />}
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
          disabled={busy || c.train.length === 0 || tooLarge}
          onClick={() => void generateAndTrain()}
          data-testid="prime-train"
        >
          {c.source === 'generate' || c.source === 'logged' ? 'Generate & train' : 'Load & train'}
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
