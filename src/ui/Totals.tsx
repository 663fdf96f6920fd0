import type { Evaluation } from '../core/sim';
import { useStore } from '../state/store';
import { Explain } from './Explain';
import { latency, num, percent as pct, si } from './format';

/** Headline totals of the active workload; each total carries its value in data-value (ms, mJ, mm²). */
export function Totals() {
  const results = useStore((s) => s.results);
  const active = useStore((s) => s.activeIndex);
  const budget = useStore((s) => s.budgetMm2);
  const pending = useStore((s) => s.pending);
  const errors = useStore((s) => s.evalErrors);
  const ev: Evaluation | undefined = results[active] ?? results[0];
  if (!ev) {
    return (
      <section className="panel totals-panel" aria-busy={pending}>
        {errors.length ? (
          errors.map((e) => (
            <p key={e} className="error" role="alert">
              {e}
            </p>
          ))
        ) : (
          <p className="muted">Simulating…</p>
        )}
      </section>
    );
  }
  const t = ev.totals;
  // A design that does not compile is not a chip: its figures are what the model estimates for the layers it could
  // map, so they are marked rather than shown as if they were a result.
  const mark = ev.feasible ? null : <span className="infeasible-mark"> (infeasible)</span>;
  return (
    <section className="panel totals-panel" aria-label={`Totals for ${ev.workload.name}`} aria-busy={pending}>
      {!ev.feasible && (
        <p className="totals-infeasible" data-testid="totals-infeasible">
          ✗ Infeasible design: {ev.workload.name} does not compile onto it, so these totals are estimates for a chip
          that cannot run it (reasons below).
        </p>
      )}
      <dl className={ev.feasible ? 'totals' : 'totals infeasible'}>
        <div>
          <dt>
            Latency
            <Explain topic="latency" />
          </dt>
          <dd data-testid="total-latency" data-value={t.latencyMs}>
            {latency(t.latencyMs)}
            {mark}
          </dd>
          <dd className="sub">{si(t.throughputIps)} inferences/s</dd>
        </div>
        <div>
          <dt>
            Energy
            <Explain topic="energy" />
          </dt>
          <dd data-testid="total-energy" data-value={t.energyMj}>
            {num(t.energyMj)} mJ{mark}
          </dd>
          <dd className="sub">
            {num(t.powerW)} W average <Explain topic="power" />
          </dd>
        </div>
        <div className={ev.overBudget ? 'over' : ''}>
          <dt>
            Area
            <Explain topic="area" />
          </dt>
          <dd data-testid="total-area" data-value={t.areaMm2}>
            {num(t.areaMm2)} mm²
          </dd>
          <dd className="sub" data-testid="area-budget" data-value={budget ?? 'none'}>
            {budget === null
              ? 'no budget'
              : `${pct(t.areaMm2 / budget)} of ${budget} mm² budget${ev.overBudget ? ' — over budget' : ''}`}
          </dd>
        </div>
        <div>
          <dt>
            Utilisation
            <Explain topic="utilisation" />
          </dt>
          <dd data-testid="total-utilisation" data-value={t.utilisation}>
            {pct(t.utilisation)}
          </dd>
          <dd className="sub">peak {si(ev.peakMacsPerCycle * ev.clockMHz * 1e6 * 2)}OP/s</dd>
        </div>
        <div>
          <dt>
            EDP
            <Explain topic="edp" />
          </dt>
          <dd>
            {num(t.edp)} mJ·ms{mark}
          </dd>
          <dd className="sub">DRAM {si(t.dramBytes)}B / inference</dd>
        </div>
      </dl>
      <div
        className={`feasibility ${ev.feasible ? (ev.overBudget ? 'warn' : 'ok') : 'bad'}`}
        data-testid="feasibility"
        data-value={ev.feasible ? 'feasible' : 'infeasible'}
        role="status"
      >
        <Explain topic="feasibility" />
        {ev.feasible && ev.overBudget ? (
          <strong>
            ⚠ Compiles, but over the area budget: every layer of {ev.workload.name} maps onto this design, which is too
            big.
          </strong>
        ) : ev.feasible ? (
          <strong>✓ Feasible: every layer of {ev.workload.name} compiles onto this design.</strong>
        ) : (
          <>
            <strong>✗ Infeasible for {ev.workload.name}:</strong>
            <ul>
              {ev.reasons.slice(0, 6).map((r) => (
                <li key={r}>{r}</li>
              ))}
              {ev.reasons.length > 6 && <li>…and {ev.reasons.length - 6} more</li>}
            </ul>
          </>
        )}
        {ev.overBudget && (
          <p>
            Area {t.areaMm2.toFixed(1)} mm² is over the {budget} mm² budget (PRIME counts such designs as infeasible).
          </p>
        )}
      </div>
      {errors.map((e) => (
        <p key={e} className="error" role="alert">
          {e}
        </p>
      ))}
    </section>
  );
}
