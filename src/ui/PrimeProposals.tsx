import { OPTIMIZER_COLOUR } from '../charts/optimizer-colour';
import { optimizerLabel } from '../core/opt/optimizer';
import type { VerifiedDesign } from '../core/prime/index';
import { type ModelTag, usePrime } from '../state/prime-runs';
import { openDesign } from './PrimePareto';
import { fmt, MODEL_LABEL, MODEL_SHORT, MODEL_TAGS } from './prime-labels';
import { scrollRegion } from './scroll-region';

function openProposal(v: VerifiedDesign) {
  openDesign(v.design);
}

/** The top-k proposals as the simulator verified them, against the best logged design and the online optimizers. */
export function PrimeProposals() {
  const proposals = usePrime((s) => s.proposals);
  const bestLogged = usePrime((s) => s.bestLoggedMs);
  const online = usePrime((s) => s.online);
  const k = usePrime((s) => s.config.k);
  const phase = usePrime((s) => s.phase);
  const rows = MODEL_TAGS.flatMap((tag) => proposals[tag].map((v, i) => ({ tag, v, i })));
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
        {MODEL_TAGS.filter((t) => proposals[t].length > 0).map((t) => {
          const b = best(t);
          // Latency ratio against the best logged design: below 1 means the proposal is faster.
          const ratio = bestLogged && Number.isFinite(b) ? b / bestLogged : Number.NaN;
          return (
            <span key={t} data-testid={`prime-best-${t}`} data-value={Number.isFinite(b) ? b : ''}>
              {' '}
              · best {MODEL_LABEL[t]}: {Number.isFinite(b) ? `${fmt(b, 4)} ms` : 'none feasible'}
              {Number.isFinite(ratio)
                ? ` (${ratio.toFixed(2)}× the best logged design's latency; lower is better)`
                : ''}
            </span>
          );
        })}
      </p>
      <div className="table-wrap" {...scrollRegion('Proposals, verified in the simulator')}>
        <table className="layers">
          <thead>
            <tr>
              <th>model</th>
              <th className="num">#</th>
              <th className="num">latency (ms)</th>
              <th className="num">predicted (ms)</th>
              <th className="num">area (mm²)</th>
              <th>feasible</th>
              <th className="num">latency vs best logged (lower is better)</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map(({ tag, v, i }) => (
              <tr key={`${tag}:${i}`} data-proposal={i} data-model={tag} data-feasible={v.feasible}>
                <td>{MODEL_SHORT[tag]}</td>
                <td className="num">{i + 1}</td>
                <td className="num">{fmt(v.latencyMs, 4)}</td>
                <td className="num">{fmt(v.predictedLatencyMs, 4)}</td>
                <td className="num">{fmt(v.areaMm2, 4)}</td>
                <td style={{ color: v.feasible ? 'var(--ok)' : 'var(--error)' }}>{v.feasible ? 'yes' : 'no'}</td>
                <td className="num">
                  {bestLogged && Number.isFinite(bestLogged) && v.feasible
                    ? `${(v.latencyMs / bestLogged).toFixed(2)}×`
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
                  <Swatch colour={OPTIMIZER_COLOUR[o]} />
                  {optimizerLabel(o)} {Number.isFinite(v) ? `${fmt(v, 4)} ms` : 'none feasible'}{' '}
                </span>
              );
            })}
        </p>
      )}
    </section>
  );
}

import { Swatch } from './Swatch';
