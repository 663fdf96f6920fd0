import { EDGETPU } from '../core/arch/edgetpu';
import { PRIME_DROP_TOP, PRIME_LOGGED_ROWS } from '../core/link/limits';
import { PRIME_APPLICATIONS, type PrimeApplication } from '../core/prime/applications';
import { formatBytes, LOGGED_MEMORY_LIMIT_BYTES, loggedMemory } from '../core/prime/logged-build';
import { setPrimeConfig, usePrime } from '../state/prime-runs';
import { NumberField } from './NumberField';
import { zooName } from './prime-labels';

/** The memory note of a logged-data size, or the refusal when it is over the tab's limit. */
export function loggedSizeCheck(apps: number, rows: number): { bytes: number; over: boolean; text: string } {
  const m = loggedMemory(EDGETPU, apps, rows);
  const over = m.total > LOGGED_MEMORY_LIMIT_BYTES;
  const all = `${m.rows.toLocaleString('en-US')} logged rows need about ${formatBytes(m.total)} in the PRIME worker (${m.perRow} B a row)`;
  if (!over) return { bytes: m.total, over, text: `${all}; the page holds none of it.` };
  const fit = Math.floor(LOGGED_MEMORY_LIMIT_BYTES / m.perRow / apps);
  return {
    bytes: m.total,
    over,
    text: `Too large: ${all}, over the tab's ${formatBytes(LOGGED_MEMORY_LIMIT_BYTES)}. Use at most ${fit.toLocaleString('en-US')} rows per application, or fewer applications.`,
  };
}

/**
 * Source "generated logged data": PRIME's application set (or part of it), rows per application
 * and, below, the form's seed. The data is computed in the pool of logged-data workers when
 * Generate & train is pressed.
 */
export function LoggedDataForm() {
  const apps = usePrime((s) => s.config.apps);
  const rows = usePrime((s) => s.config.rows);
  const dropTop = usePrime((s) => s.config.dropTop);
  const size = loggedSizeCheck(apps.length, rows);
  const toggle = (id: PrimeApplication, on: boolean) => {
    const next = PRIME_APPLICATIONS.filter((a) => (a === id ? on : apps.includes(a)));
    if (next.length > 0) setPrimeConfig({ apps: next });
  };
  const all = apps.length === PRIME_APPLICATIONS.length;
  return (
    <fieldset data-testid="prime-apps">
      <legend>Applications (logged separately, as in PRIME)</legend>
      <div className="app-list">
        {PRIME_APPLICATIONS.map((id) => (
          <label key={id} className="check">
            <input
              type="checkbox"
              checked={apps.includes(id)}
              // The last application stays: the data needs at least one.
              disabled={apps.length === 1 && apps.includes(id)}
              onChange={(e) => toggle(id, e.target.checked)}
              data-testid={`prime-app-${id}`}
            />{' '}
            {zooName(id)}
          </label>
        ))}
      </div>
      <div className="row">
        <button
          type="button"
          disabled={all}
          onClick={() => setPrimeConfig({ apps: [...PRIME_APPLICATIONS] })}
          data-testid="prime-apps-all"
        >
          PRIME's set
        </button>
      </div>
      <NumberField
        label="rows per application"
        value={rows}
        min={PRIME_LOGGED_ROWS.min}
        max={PRIME_LOGGED_ROWS.max}
        integer
        testId="prime-rows"
        onChange={(v) => v !== undefined && setPrimeConfig({ rows: v })}
      />
      <p
        className={size.over ? 'error' : 'small muted'}
        data-testid="prime-memory"
        data-bytes={Math.round(size.bytes)}
        data-over={size.over}
        {...(size.over ? { role: 'alert' } : {})}
      >
        {size.text}
      </p>
      <NumberField
        label="hold back the best share of feasible designs"
        value={dropTop}
        min={PRIME_DROP_TOP.min}
        max={PRIME_DROP_TOP.max}
        step={0.05}
        testId="prime-drop-top"
        onChange={(v) => v !== undefined && setPrimeConfig({ dropTop: v })}
      />
      <p className="small muted" data-testid="prime-drop-top-note">
        {dropTop > 0
          ? `The best ${Math.round(dropTop * 1000) / 10} % of each application's feasible designs are taken out before training (Design-Bench's protocol): the best logged design then leaves headroom, and the comparison shows whether a model finds designs better than any it saw (docs/prime.md §10.5).`
          : 'Every logged design is kept. Hold some back (e.g. 0.25) to leave headroom above the best logged design (Design-Bench, docs/prime.md §10.5).'}
      </p>
      <p className="small muted">
        Per application: regularized-evolution trajectories under 27–60 mm², random search, BO and random designs, 70–90
        % infeasible (docs/prime.md §9.2), computed in the page's worker pool.
      </p>
    </fieldset>
  );
}

const seconds = (s: number) =>
  !Number.isFinite(s) ? '…' : s < 90 ? `${Math.max(1, Math.round(s))} s` : `${Math.round(s / 60)} min`;

/** Progress of the logged-data generation: rows so far, the measured rate and the time left. */
export function GenerationStatus() {
  const g = usePrime((s) => s.generation);
  const phase = usePrime((s) => s.phase);
  if (!g) return null;
  const done = g.rows === g.total;
  const pct = g.total ? Math.floor((100 * g.rows) / g.total) : 0;
  const rate = Number.isFinite(g.rowsPerSecond) ? `${Math.round(g.rowsPerSecond).toLocaleString('en-US')} rows/s` : '';
  return (
    <section className="panel" aria-label="Logged-data generation">
      <p
        className="small"
        data-testid="prime-generation"
        data-rows={g.rows}
        data-total={g.total}
        aria-live="polite"
        aria-busy={!done && phase === 'generating'}
      >
        {done
          ? `Generated ${g.total.toLocaleString('en-US')} logged rows${rate ? ` (${rate})` : ''} in the worker pool.`
          : `Generating logged data: ${g.rows.toLocaleString('en-US')} / ${g.total.toLocaleString('en-US')} rows (${pct} %)${rate ? ` · ${rate} · about ${seconds(g.etaSeconds)} left` : ''}`}
      </p>
      <progress max={g.total} value={g.rows} aria-label="Logged rows generated" style={{ width: '100%' }} />
    </section>
  );
}

export { seconds as formatSeconds };
