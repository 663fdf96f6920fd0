import { useEffect, useMemo, useRef, useState } from 'react';
import { drawRoofline, type RooflineInput, type RooflinePoint } from '../charts/roofline';
import type { Evaluation } from '../core/sim';
import { actions } from '../state/actions';
import { useStore } from '../state/store';
import { ChartFrame } from './ChartFrame';
import { explorerCaption } from './export-caption';
import { num, si } from './format';
import { useElementWidth } from './use-element-width';

/** Roofline input of one design over several workloads: one point per layer that does MACs. */
export function rooflineInput(results: Evaluation[]): RooflineInput | null {
  const first = results[0];
  if (!first) return null;
  const hz = first.clockMHz * 1e6;
  const points: RooflinePoint[] = [];
  for (const ev of results) {
    const L = ev.layers;
    for (let i = 0; i < L.name.length; i++) {
      points.push({
        workload: ev.workload.name,
        layer: L.name[i] ?? '',
        op: L.op[i] ?? 'conv',
        intensity: L.intensity[i] ?? 0,
        achieved: L.macsPerSecond[i] ?? 0,
        bound: L.bound[i] ?? 'compute',
        macs: L.macs[i] ?? 0,
      });
    }
  }
  return {
    peakMacsPerSec: first.peakMacsPerCycle * hz,
    dramBytesPerSec: first.dramBytesPerCycle * hz,
    points,
    workloads: results.map((r) => r.workload.name),
  };
}

/** The chart's text alternative: one row per drawn point. */
function RooflineTable({ input }: { input: RooflineInput }) {
  // The same points the chart draws (layers without MACs have no place on a roofline), capped to stay light.
  const shown = input.points.filter((p) => p.macs > 0 && p.achieved > 0 && p.intensity > 0);
  const rows = shown.slice(0, 500);
  return (
    <table className="layers">
      <caption className="small muted">
        Roofs: peak {si(input.peakMacsPerSec)}MAC/s, DRAM {si(input.dramBytesPerSec)}B/s
        {rows.length < shown.length ? ` — first ${rows.length} of ${shown.length} points` : ''}
      </caption>
      <thead>
        <tr>
          <th>workload</th>
          <th>layer</th>
          <th>op</th>
          <th className="num">MACs/B</th>
          <th className="num">achieved MAC/s</th>
          <th>bound</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: imported workloads may repeat layer names
          <tr key={`${p.workload}-${p.layer}-${i}`}>
            <td>{p.workload}</td>
            <td>{p.layer}</td>
            <td>{p.op}</td>
            <td className="num">{p.intensity === Number.POSITIVE_INFINITY ? '∞' : num(p.intensity)}</td>
            <td className="num">{si(p.achieved)}</td>
            <td>{p.bound}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function RooflinePanel() {
  const results = useStore((s) => s.results);
  const selected = useStore((s) => s.selected);
  const svgRef = useRef<SVGSVGElement>(null);
  const [boxRef, width] = useElementWidth<HTMLDivElement>();
  const [hover, setHover] = useState<RooflinePoint | null>(null);
  const input = useMemo(() => rooflineInput(results), [results]);
  useEffect(() => {
    if (!svgRef.current || !input || width === 0) return;
    // Drawn in a task of its own, after the breakdown: two charts in one task can pass 50 ms on a slow machine.
    const t = setTimeout(() => {
      if (!svgRef.current) return;
      drawRoofline(
        svgRef.current,
        { ...input, selected },
        {
          width,
          height: Math.max(260, Math.min(420, width * 0.62)),
          onSelect: (k) => actions.select(k),
          onHover: setHover,
        },
      );
    }, 0);
    return () => clearTimeout(t);
  }, [input, width, selected]);
  const status = hover
    ? `${hover.workload} / ${hover.layer} (${hover.op}): ${hover.intensity === Number.POSITIVE_INFINITY ? 'no DRAM traffic' : `${num(hover.intensity)} MAC/B`}, ${si(hover.achieved)}MAC/s, ${hover.bound}-bound`
    : input
      ? `peak ${si(input.peakMacsPerSec)}MAC/s, DRAM ${si(input.dramBytesPerSec)}B/s — click a point to select its layer`
      : 'simulating…';
  return (
    <ChartFrame
      title="Roofline"
      testId="roofline"
      svgRef={svgRef}
      boxRef={boxRef}
      fileName="roofline"
      caption={() => explorerCaption()}
      label="Roofline: achieved MAC/s against operational intensity for every layer"
      status={status}
      explain="roofline"
      table={() => (input ? <RooflineTable input={input} /> : null)}
    />
  );
}
