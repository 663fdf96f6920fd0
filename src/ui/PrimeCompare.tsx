import { downloadText, toCsv } from '../charts/export';
import type { CompareMethod, CompareSummary } from '../core/prime/index';
import { COMPARE_MULTIPLES, runComparison } from '../state/prime-compare';
import { usePrime } from '../state/prime-runs';
import { percent } from './format';
import { fmt } from './prime-labels';
import { scrollRegion } from './scroll-region';

const METHOD_LABEL: Record<CompareMethod, string> = {
  prime: 'PRIME',
  'prime-gated': 'PRIME, gated by its feasibility head',
  naive: 'naive MBO (α = β = 0)',
  'naive-gated': 'naive MBO, gated by its feasibility head (P ≥ 0.5)',
  logged: 'best logged design',
  random: 'random search',
  evolution: 'regularized evolution',
  bo: 'Bayesian optimisation',
};

type Row = CompareSummary['rows'][number];

/** Latency over PRIME's: above 1, PRIME's design is faster (the paper's "× better" ratios). */
function overPrime(r: Row, prime: Row | undefined): number {
  return prime?.feasible && r.feasible ? r.latencyMs / prime.latencyMs : Number.NaN;
}

/** The comparison as CSV rows (the table's export). */
export function comparisonCsv(c: CompareSummary): string {
  const prime = c.rows.find((r) => r.method === 'prime');
  return toCsv(
    c.rows.map((r) => ({
      method: r.method,
      newSimulations: r.simulations,
      budget: r.budget,
      latencyMs: r.feasible ? r.latencyMs : '',
      latencyOverPrime: Number.isFinite(overPrime(r, prime)) ? overPrime(r, prime) : '',
      feasibleProposals: r.feasibleProposals ?? '',
      predictedOverSimulated: Number.isFinite(r.predictedOverTrue ?? Number.NaN) ? (r.predictedOverTrue as number) : '',
      simulationMs: r.simMs,
    })),
  );
}

function SavingsLine({ c }: { c: CompareSummary }) {
  const s = c.savings;
  if (!s) return <p className="small">PRIME proposed no feasible design, so there is nothing to match.</p>;
  const m = s.matched;
  return (
    <p className="small" data-testid="prime-compare-savings" data-saved={s.savedShare} data-lower-bound={s.lowerBound}>
      {m
        ? `The quickest online run reached PRIME's ${fmt(s.targetMs, 4)} ms after ${m.simulations.toLocaleString('en-US')} simulations (${METHOD_LABEL[m.kind]}, budget ${m.budget.toLocaleString('en-US')}, ${fmt(m.simMs, 3)} ms of simulation): PRIME's ${c.rows.find((r) => r.method === 'prime')?.simulations ?? ''} save ${percent(s.savedShare)} of them.`
        : `No online run reached PRIME's ${fmt(s.targetMs, 4)} ms within ${s.searched.toLocaleString('en-US')} simulations: PRIME saves at least ${percent(s.savedShare)} of the simulations.`}
    </p>
  );
}

/**
 * The comparison table of the current task (issue 15 item 4, compare.ts): PRIME against naive MBO,
 * the best logged design and the online optimizers at k, 10·k and 100·k new simulations.
 */
export function PrimeComparison() {
  const trained = usePrime((s) => s.trained);
  const phase = usePrime((s) => s.phase);
  const comparison = usePrime((s) => s.comparison);
  const k = usePrime((s) => s.config.k);
  if (trained.length === 0 && !comparison.result && phase !== 'comparing') return null;
  const busy = phase === 'generating' || phase === 'training' || phase === 'proposing' || phase === 'comparing';
  const p = comparison.progress;
  const c = comparison.result;
  const prime = c?.rows.find((r) => r.method === 'prime');
  const budgets = COMPARE_MULTIPLES.map((m) => (m * k).toLocaleString('en-US')).join(', ');
  return (
    <section className="panel" data-testid="prime-compare-panel" aria-label="Comparison">
      <h2>Comparison: PRIME vs naive MBO, the logged data and online search</h2>
      <p className="small muted">
        PRIME and naive MBO verify k = {k} proposals; random search, evolution and BO search with {budgets} new
        simulations; the best logged design costs none. Latency is the targets' aggregate (ms), the best feasible design
        each found.
      </p>
      <div className="row">
        <button
          type="button"
          disabled={busy || trained.length === 0}
          onClick={() => void runComparison()}
          data-testid="prime-compare"
        >
          Compare (k, 10·k, 100·k simulations)
        </button>
        {c && (
          <button
            type="button"
            onClick={() => downloadText('prime-comparison.csv', comparisonCsv(c), 'text/csv')}
            data-testid="prime-compare-csv"
          >
            CSV
          </button>
        )}
      </div>
      {phase === 'comparing' && (
        <div className="progress" data-testid="prime-compare-progress" aria-busy="true">
          <span>
            {p
              ? `${p.stage}${p.train ? ` · step ${p.train.step} / ${p.train.steps}` : ''} (${p.done} / ${p.total} stages)`
              : 'Starting…'}
          </span>
          <progress max={p?.total ?? 1} value={p?.done ?? 0} aria-label="Comparison stages done" />
        </div>
      )}
      {c && (
        <>
          <p className="small muted">
            {c.zeroShot ? 'Zero-shot: a target has no logged data. ' : ''}
            {c.reused.length
              ? `Reused the tab's ${c.reused.join(' and ')} model${c.reused.length > 1 ? 's' : ''}; `
              : ''}
            {c.reused.includes('naive') ? '' : 'naive MBO was trained for this comparison on all logged rows. '}
            "× PRIME" is the method's latency over PRIME's: above 1, PRIME's design is faster. "Predicted / simulated"
            is the model's latency for its own feasible proposals over the simulator's (median): below 1 the model was
            optimistic about its picks, which is the error PRIME's conservatism is meant to remove.
          </p>
          <div className="table-wrap" {...scrollRegion('Comparison table')}>
            <table className="layers compare" data-testid="prime-compare-table" data-rows={c.rows.length}>
              <thead>
                <tr>
                  <th scope="col">method</th>
                  <th scope="col" className="num">
                    new simulations
                  </th>
                  <th scope="col" className="num">
                    best latency (ms)
                  </th>
                  <th scope="col" className="num">
                    × PRIME
                  </th>
                  <th scope="col" className="num">
                    feasible proposals
                  </th>
                  <th scope="col" className="num">
                    predicted / simulated
                  </th>
                  <th scope="col" className="num">
                    simulation time (ms)
                  </th>
                </tr>
              </thead>
              <tbody>
                {c.rows.map((r) => (
                  <tr key={`${r.method}:${r.budget}`} data-method={r.method} data-budget={r.budget}>
                    <th scope="row">{METHOD_LABEL[r.method]}</th>
                    <td className="num">{r.simulations.toLocaleString('en-US')}</td>
                    <td className="num" data-value={r.feasible ? r.latencyMs : ''}>
                      {r.feasible ? fmt(r.latencyMs, 4) : 'none feasible'}
                    </td>
                    <td className="num">{fmt(overPrime(r, prime), 3)}</td>
                    <td className="num">
                      {r.feasibleProposals === undefined ? '' : `${r.feasibleProposals} / ${r.simulations}`}
                    </td>
                    <td className="num" data-testid="prime-compare-optimism">
                      {fmt(r.predictedOverTrue ?? Number.NaN, 3)}
                    </td>
                    <td className="num">{fmt(r.simMs, 3)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <SavingsLine c={c} />
        </>
      )}
    </section>
  );
}
