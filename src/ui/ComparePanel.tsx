import { downloadText, toCsv } from '../charts/export';
import { requireTemplate } from '../core/arch';
import { type Evaluation, layerRows } from '../core/sim';
import { actions } from '../state/actions';
import { useStore } from '../state/store';
import { formatValue } from './DesignEditor';
import { Explain } from './Explain';
import { int, num } from './format';
import { scrollRegion } from './scroll-region';

function delta(a: number, b: number): string {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '—';
  const d = (a / b - 1) * 100;
  return `${d > 0 ? '+' : ''}${d.toFixed(1)} %`;
}

const METRICS: { key: 'latencyMs' | 'energyMj' | 'areaMm2' | 'powerW' | 'utilisation' | 'edp'; label: string }[] = [
  { key: 'latencyMs', label: 'latency (ms)' },
  { key: 'energyMj', label: 'energy (mJ)' },
  { key: 'areaMm2', label: 'area (mm²)' },
  { key: 'powerW', label: 'power (W)' },
  { key: 'utilisation', label: 'utilisation' },
  { key: 'edp', label: 'EDP (mJ·ms)' },
];

/** Per-layer results of an evaluation as CSV rows (the export). */
export function layerCsv(ev: Evaluation): string {
  return toCsv(
    layerRows(ev).map((r) => ({
      layer: r.name,
      op: r.op,
      macs: r.macs,
      computeCycles: r.computeCycles,
      memoryCycles: r.memoryCycles,
      overheadCycles: r.overheadCycles,
      cycles: r.cycles,
      dramBytes: r.dramBytes,
      energyMj: r.energyMj,
      utilisation: r.utilisation,
      bound: r.bound,
      mapping: r.mapping,
      feasible: r.feasible,
    })),
  );
}

export function ExportButtons() {
  const results = useStore((s) => s.results);
  const active = useStore((s) => s.activeIndex);
  const template = useStore((s) => s.template);
  const design = useStore((s) => s.design);
  const ev = results[active] ?? results[0];
  return (
    <div className="row export">
      <span className="muted small">Export:</span>
      <button
        type="button"
        data-testid="export-json"
        onClick={() =>
          downloadText(
            'archscope-design.json',
            JSON.stringify(
              {
                template,
                design,
                results: results.map((r) => ({
                  workload: r.workload,
                  feasible: r.feasible,
                  reasons: r.reasons,
                  totals: r.totals,
                  layers: layerRows(r),
                })),
              },
              null,
              2,
            ),
            'application/json',
          )
        }
      >
        design + results JSON
      </button>
      <button
        type="button"
        data-testid="export-csv"
        disabled={!ev}
        onClick={() => ev && downloadText(`archscope-layers-${ev.workload.id}.csv`, layerCsv(ev), 'text/csv')}
      >
        per-layer CSV
      </button>
    </div>
  );
}

export function ComparePanel() {
  const pinned = useStore((s) => s.pinned);
  const pinnedResults = useStore((s) => s.pinnedResults);
  const results = useStore((s) => s.results);
  const active = useStore((s) => s.activeIndex);
  const design = useStore((s) => s.design);
  const templateId = useStore((s) => s.template);
  const cur = results[active];
  const pin = pinnedResults[active];
  return (
    <section className="panel compare" data-testid="compare" aria-label="Compare designs">
      <h2>
        Compare
        <Explain topic="compare" />{' '}
        <span className="row inline">
          <button type="button" onClick={() => actions.pin()} data-testid="pin">
            {pinned ? 'Re-pin current' : 'Pin current design'}
          </button>
          {pinned && (
            <>
              <button type="button" onClick={() => actions.swapPinned()}>
                Swap
              </button>
              <button type="button" onClick={() => actions.unpin()}>
                Unpin
              </button>
            </>
          )}
        </span>
      </h2>
      {!pinned && <p className="muted small">Pin a design, then change the current one to see both side by side.</p>}
      {pinned && cur && pin && (
        <>
          <table className="layers compare-totals">
            <thead>
              <tr>
                <th>metric</th>
                <th className="num">current</th>
                <th className="num">pinned</th>
                <th className="num">Δ</th>
              </tr>
            </thead>
            <tbody>
              {METRICS.map((m) => (
                <tr key={m.key}>
                  <td>{m.label}</td>
                  <td className="num">{num(cur.totals[m.key], 4)}</td>
                  <td className="num">{num(pin.totals[m.key], 4)}</td>
                  <td className="num">{delta(cur.totals[m.key], pin.totals[m.key])}</td>
                </tr>
              ))}
              <tr>
                <td>feasible</td>
                <td className="num">{cur.feasible ? 'yes' : 'no'}</td>
                <td className="num">{pin.feasible ? 'yes' : 'no'}</td>
                <td />
              </tr>
            </tbody>
          </table>
          <DesignDiff a={design} b={pinned.design} templateId={templateId} pinnedTemplate={pinned.template} />
          <LayerDeltas cur={cur} pin={pin} />
        </>
      )}
    </section>
  );
}

function DesignDiff(props: {
  a: Record<string, number | string>;
  b: Record<string, number | string>;
  templateId: string;
  pinnedTemplate: string;
}) {
  if (props.templateId !== props.pinnedTemplate) {
    return (
      <p className="small">
        Templates differ: {props.pinnedTemplate} (pinned) vs {props.templateId} (current).
      </p>
    );
  }
  const t = requireTemplate(props.templateId);
  const specs = [...t.params, ...t.constants];
  const diffs = specs.filter((p) => props.a[p.key] !== props.b[p.key]);
  if (diffs.length === 0) return <p className="small muted">Same parameters as the pinned design.</p>;
  return (
    <p className="small">
      Changed:{' '}
      {diffs
        .map((p) => `${p.label} ${formatValue(props.b[p.key], p.unit)} → ${formatValue(props.a[p.key], p.unit)}`)
        .join('; ')}
    </p>
  );
}

function LayerDeltas({ cur, pin }: { cur: Evaluation; pin: Evaluation }) {
  const n = Math.min(cur.layers.name.length, pin.layers.name.length);
  const rows = Array.from({ length: n }, (_, i) => ({
    i,
    name: cur.layers.name[i] ?? '',
    a: cur.layers.cycles[i] ?? 0,
    b: pin.layers.cycles[i] ?? 0,
  }))
    .filter((r) => r.a !== r.b)
    .sort((x, y) => Math.abs(y.a - y.b) - Math.abs(x.a - x.b))
    .slice(0, 12);
  if (rows.length === 0) return <p className="small muted">No layer changed its cycle count.</p>;
  return (
    <div className="table-wrap short" {...scrollRegion('Layers whose cycles changed most')}>
      <table className="layers" data-testid="layer-deltas">
        <caption className="small muted">Layers whose cycles changed most</caption>
        <thead>
          <tr>
            <th>#</th>
            <th>layer</th>
            <th className="num">current cycles</th>
            <th className="num">pinned cycles</th>
            <th className="num">Δ</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.i}>
              <td>{r.i + 1}</td>
              <td>{r.name}</td>
              <td className="num">{int(r.a)}</td>
              <td className="num">{int(r.b)}</td>
              <td className="num">{delta(r.a, r.b)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
