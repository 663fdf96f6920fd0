import { useEffect, useMemo, useRef, useState } from 'react';
import { drawLayerBars } from '../charts/layer-bars';
import { opColor } from '../charts/op-colour';
import { layerInputBytes, layerMacs, layerOutputBytes, layerParams, layerWeightBytes } from '../core/workload/layer';
import { type Workload, workloadTotals } from '../core/workload/workload';
import { ZOO, zooEntry } from '../core/workload/zoo';
import { actions } from '../state/actions';
import { useStore } from '../state/store';
import { bytes, int, si } from './format';
import { ImportButton } from './ImportButton';
import { scrollRegion } from './scroll-region';
import { useElementWidth } from './use-element-width';

function useActiveWorkload(): { wl: Workload | null; error: string | null } {
  const id = useStore((s) => s.browserId);
  const imported = useStore((s) => s.imported);
  const inputs = useStore((s) => s.inputs);
  return useMemo(() => {
    const imp = imported[id];
    if (imp) return { wl: imp, error: null };
    const e = zooEntry(id);
    if (!e) return { wl: null, error: `unknown workload ${id}` };
    try {
      return { wl: e.build(inputs[id] ?? e.defaultInput), error: null };
    } catch (err) {
      return {
        wl: null,
        error: `${e.name} at input ${inputs[id]}: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
  }, [id, imported, inputs]);
}

export function WorkloadBrowser() {
  const id = useStore((s) => s.browserId);
  const imported = useStore((s) => s.imported);
  const importError = useStore((s) => s.importError);
  const inputs = useStore((s) => s.inputs);
  const { wl, error: buildError } = useActiveWorkload();
  const totals = useMemo(() => (wl ? workloadTotals(wl) : null), [wl]);
  const entry = zooEntry(id);
  return (
    <div className="workload-browser">
      <div className="toolbar">
        <label>
          Workload{' '}
          <select value={id} onChange={(e) => actions.browse(e.target.value)} data-testid="workload-select">
            <optgroup label="Model zoo">
              {ZOO.map((z) => (
                <option key={z.id} value={z.id}>
                  {z.name}
                </option>
              ))}
            </optgroup>
            {Object.keys(imported).length > 0 && (
              <optgroup label="Imported">
                {Object.values(imported).map((w) => (
                  <option key={w.id} value={w.id}>
                    {w.name}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </label>
        {entry && (
          <label>
            Input{' '}
            <input
              type="number"
              min={32}
              max={1024}
              step={1}
              value={inputs[id] ?? entry.defaultInput}
              onChange={(e) => {
                const v = Number(e.target.value);
                if (Number.isInteger(v) && v >= 32 && v <= 1024) actions.setBrowserInput(id, v);
              }}
              aria-label="Input resolution"
            />
          </label>
        )}
        <ImportButton />
      </div>
      {importError && (
        <p className="error" role="alert" data-testid="import-error">
          {importError}
        </p>
      )}
      {buildError && (
        <p className="error" role="alert">
          {buildError}
        </p>
      )}
      {wl && totals && (
        <>
          <dl className="totals">
            <div>
              <dt>MACs</dt>
              <dd data-testid="workload-macs" data-value={totals.macs}>
                {si(totals.macs, 4)}
              </dd>
            </div>
            <div>
              <dt>Parameters</dt>
              <dd data-testid="workload-params" data-value={totals.params}>
                {int(totals.params)}
              </dd>
            </div>
            <div>
              <dt>Layers</dt>
              <dd data-testid="workload-layers">{totals.layers}</dd>
            </div>
            <div>
              <dt>Weights (int8)</dt>
              <dd>{bytes(totals.weightBytes)}</dd>
            </div>
          </dl>
          {entry && <p className="muted small">Reference: {entry.reference}</p>}
          {wl.notes && wl.notes.length > 0 && (
            <ul className="muted small" data-testid="import-notes">
              {wl.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          <MacsChart wl={wl} />
          <LayerTable wl={wl} />
        </>
      )}
    </div>
  );
}

function MacsChart({ wl }: { wl: Workload }) {
  const ref = useRef<SVGSVGElement>(null);
  const [box, width] = useElementWidth<HTMLDivElement>();
  const [hover, setHover] = useState<string | null>(null);
  useEffect(() => {
    if (!ref.current || width === 0) return;
    drawLayerBars(
      ref.current,
      wl.layers.map((l) => ({ name: l.name, op: l.op, value: layerMacs(l) })),
      {
        width,
        height: 260,
        yLabel: 'MACs',
        colorOf: opColor,
        onHover: (d) => setHover(d ? `${d.name} (${d.op}): ${si(d.value)} MACs` : null),
      },
    );
  }, [wl, width]);
  return (
    <figure className="chart" ref={box} data-testid="macs-chart">
      <figcaption>MACs per layer</figcaption>
      <div className="chart-status muted small" data-testid="macs-status">
        {hover ?? 'Hover a bar for its layer and MACs.'}
      </div>
      <svg ref={ref} role="img" aria-label={`MACs per layer of ${wl.name}`} />
    </figure>
  );
}

function LayerTable({ wl }: { wl: Workload }) {
  return (
    <div className="table-wrap" {...scrollRegion(`Layers of ${wl.name}`)}>
      <table className="layers" data-testid="layer-table">
        <thead>
          <tr>
            <th>#</th>
            <th>layer</th>
            <th>op</th>
            <th>source / note</th>
            <th>input c×h×w</th>
            <th>output k×p×q</th>
            <th>filter</th>
            <th>stride</th>
            <th className="num">MACs</th>
            <th className="num">params</th>
            <th className="num">weights</th>
            <th className="num">in / out act.</th>
          </tr>
        </thead>
        <tbody>
          {wl.layers.map((l, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the layer order is fixed and imported names may repeat
            <tr key={`${l.name}-${i}`}>
              <td>{i + 1}</td>
              <td>{l.name}</td>
              <td>
                <span className="op-dot" style={{ background: opColor(l.op) }} />
                {l.op}
                {l.groups > 1 && l.op === 'conv' ? ` /g${l.groups}` : ''}
              </td>
              <td className="muted">{l.note ?? ''}</td>
              <td>
                {l.c}×{l.h}×{l.w}
              </td>
              <td>
                {l.k}×{l.p}×{l.q}
              </td>
              <td>
                {l.r}×{l.s}
              </td>
              <td>{l.strideH}</td>
              <td className="num">{int(layerMacs(l))}</td>
              <td className="num">{int(layerParams(l))}</td>
              <td className="num">{bytes(layerWeightBytes(l))}</td>
              <td className="num">
                {bytes(layerInputBytes(l))} / {bytes(layerOutputBytes(l))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
