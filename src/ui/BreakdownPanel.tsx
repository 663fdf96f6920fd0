import { useEffect, useMemo, useRef, useState } from 'react';
import { type BreakdownInput, drawLayerBreakdown } from '../charts/layer-breakdown';
import type { Evaluation } from '../core/sim';
import { layerMacs } from '../core/workload/layer';
import { actions } from '../state/actions';
import { useStore } from '../state/store';
import { ChartFrame } from './ChartFrame';
import { explorerCaption } from './export-caption';
import { bytes, int, num, si } from './format';
import { useElementWidth } from './use-element-width';
import { useWorkloadLayers } from './use-workload-layers';

const SRAM_LABELS: Record<string, string> = {
  peMemory: 'PE memory',
  coreMemory: 'core memory',
  parameterMemory: 'parameter memory',
  activationMemory: 'activation memory',
  ifmapSram: 'ifmap SRAM',
  filterSram: 'filter SRAM',
  ofmapSram: 'ofmap SRAM',
};

/** Per-layer cycle split: compute, memory stall (memory time not hidden behind compute) and fixed overhead. */
export function cycleSegments(ev: Evaluation, i: number): number[] {
  const L = ev.layers;
  const cycles = L.cycles[i] ?? 0;
  const overhead = Math.min(cycles, L.overheadCycles[i] ?? 0);
  const stall = Math.max(0, cycles - overhead - (L.computeCycles[i] ?? 0));
  return [Math.max(0, cycles - overhead - stall), stall, overhead];
}

/** Chart input of one evaluation: cycles or energy (µJ) per layer. */
export function breakdownInput(ev: Evaluation, mode: 'cycles' | 'energy', sort: 'order' | 'cost'): BreakdownInput {
  const L = ev.layers;
  const n = L.name.length;
  if (mode === 'cycles') {
    return {
      mode,
      sort,
      unit: 'cycles',
      segmentNames: ['compute', 'memory stall', 'overhead'],
      layers: Array.from({ length: n }, (_, i) => ({
        name: L.name[i] ?? '',
        op: L.op[i] ?? 'conv',
        segments: cycleSegments(ev, i),
      })),
    };
  }
  const levels = ev.sramLevels;
  return {
    mode,
    sort,
    unit: 'µJ',
    segmentNames: ['MAC', ...levels.map((l) => SRAM_LABELS[l] ?? l), 'DRAM', 'leakage'],
    layers: Array.from({ length: n }, (_, i) => ({
      name: L.name[i] ?? '',
      op: L.op[i] ?? 'conv',
      segments: [
        (L.energy.mac[i] ?? 0) * 1e3,
        ...levels.map((l) => (L.energy.sram[l]?.[i] ?? 0) * 1e3),
        (L.energy.dram[i] ?? 0) * 1e3,
        (L.energy.leakage[i] ?? 0) * 1e3,
      ],
    })),
  };
}

/** The chart's text alternative: one row per drawn bar, in the chart's order, with each segment and the total. */
function BreakdownTable({ input }: { input: BreakdownInput }) {
  const rows = input.layers.map((l, i) => ({ ...l, i, total: l.segments.reduce((a, b) => a + b, 0) }));
  if (input.sort === 'cost') rows.sort((a, b) => b.total - a.total);
  const f = (v: number) => (input.mode === 'cycles' ? int(v) : num(v));
  return (
    <table className="layers">
      <caption className="small muted">
        Per-layer {input.mode} ({input.unit})
      </caption>
      <thead>
        <tr>
          <th>layer</th>
          <th>op</th>
          {input.segmentNames.map((n) => (
            <th key={n} className="num">
              {n}
            </th>
          ))}
          <th className="num">total</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.i}>
            <td>{r.name}</td>
            <td>{r.op}</td>
            {r.segments.map((v, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional
              <td key={j} className="num">
                {f(v)}
              </td>
            ))}
            <td className="num">{f(r.total)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function BreakdownPanel() {
  const results = useStore((s) => s.results);
  const pinnedResults = useStore((s) => s.pinnedResults);
  const active = useStore((s) => s.activeIndex);
  const mode = useStore((s) => s.breakdown);
  const sort = useStore((s) => s.sort);
  const selected = useStore((s) => s.selected);
  const workloads = useStore((s) => s.workloads);
  const ev = results[active] ?? results[0];
  const pinnedEv = pinnedResults[active];
  const layers = useWorkloadLayers(workloads[active]);
  const svgRef = useRef<SVGSVGElement>(null);
  const [box, width] = useElementWidth<HTMLDivElement>();
  const [hover, setHover] = useState<number | null>(null);
  const input = useMemo(() => (ev ? breakdownInput(ev, mode, sort) : null), [ev, mode, sort]);
  const compare = useMemo(() => {
    if (!pinnedEv || !ev || pinnedEv.layers.name.length !== ev.layers.name.length) return undefined;
    return breakdownInput(pinnedEv, mode, sort).layers.map((l) => l.segments.reduce((a, b) => a + b, 0));
  }, [pinnedEv, ev, mode, sort]);
  const wlName = ev?.workload.name;
  useEffect(() => {
    if (!svgRef.current || !input || width === 0) return;
    drawLayerBreakdown(
      svgRef.current,
      {
        ...input,
        selected: selected && selected.workload === wlName ? selected.layer : null,
        ...(compare ? { compare } : {}),
      },
      {
        width,
        height: 300,
        onSelect: (layer) => actions.select(layer && wlName ? { workload: wlName, layer } : null),
        onHover: (i) => setHover(i),
      },
    );
  }, [input, width, selected, wlName, compare]);
  const status = (() => {
    if (!ev) return 'simulating…';
    const L = ev.layers;
    // Hovered layer first, else the selected one (keyboard users select through the menu).
    const selIndex = selected && selected.workload === wlName ? L.name.indexOf(selected.layer) : -1;
    const i = hover ?? (selIndex >= 0 ? selIndex : null);
    if (i === null) return `${L.name.length} layers — hover a bar for details, click to highlight it in the roofline`;
    const l = layers[i];
    const shape = l ? `${l.c}×${l.h}×${l.w} → ${l.k}×${l.p}×${l.q}, ${l.r}×${l.s}/${l.strideH}` : '';
    return `${L.name[i]} (${L.op[i]}${shape ? `, ${shape}` : ''}): ${si(l ? layerMacs(l) : (L.macs[i] ?? 0))} MACs, ${int(
      L.cycles[i] ?? 0,
    )} cycles, DRAM ${bytes(L.dramBytes[i] ?? 0)}, utilisation ${((L.utilisation[i] ?? 0) * 100).toFixed(1)} %, ${
      L.bound[i]
    }-bound, mapping ${L.mapping[i]}`;
  })();
  return (
    <ChartFrame
      title={`Per-layer ${mode === 'cycles' ? 'latency' : 'energy'}${wlName ? ` — ${wlName}` : ''}`}
      testId="layer-breakdown"
      svgRef={svgRef}
      boxRef={box}
      fileName={`breakdown-${mode}`}
      caption={() => explorerCaption(wlName)}
      label={`Per-layer ${mode} of ${wlName ?? 'the workload'}`}
      status={<span data-testid="breakdown-status">{status}</span>}
      explain="breakdown"
      table={() => (input ? <BreakdownTable input={input} /> : null)}
      controls={
        <>
          <select
            value={mode}
            onChange={(e) => actions.setBreakdown(e.target.value as 'cycles' | 'energy')}
            aria-label="Breakdown metric"
          >
            <option value="cycles">cycles</option>
            <option value="energy">energy</option>
          </select>
          <select
            value={sort}
            onChange={(e) => actions.setSort(e.target.value as 'order' | 'cost')}
            aria-label="Sort layers"
          >
            <option value="order">network order</option>
            <option value="cost">by cost</option>
          </select>
          <select
            value={selected && selected.workload === wlName ? selected.layer : ''}
            onChange={(e) =>
              actions.select(e.target.value && wlName ? { workload: wlName, layer: e.target.value } : null)
            }
            aria-label="Highlight a layer"
            data-testid="layer-select"
          >
            <option value="">highlight layer…</option>
            {ev?.layers.name.map((n, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: imported workloads may repeat layer names
              <option key={`${n}-${i}`} value={n}>
                {i + 1}. {n}
              </option>
            ))}
          </select>
        </>
      }
    />
  );
}
