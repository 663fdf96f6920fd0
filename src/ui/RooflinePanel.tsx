import { useEffect, useMemo, useRef, useState } from 'react';
import { drawRoofline, type RooflineInput, type RooflinePoint } from '../charts/roofline';
import type { Evaluation } from '../core/sim';
import { actions } from '../state/actions';
import { useStore } from '../state/store';
import { ChartFrame } from './ChartFrame';
import { si } from './format';
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
    ? `${hover.workload} / ${hover.layer} (${hover.op}): ${hover.intensity === Number.POSITIVE_INFINITY ? 'no DRAM traffic' : `${hover.intensity.toPrecision(3)} MAC/B`}, ${si(hover.achieved)}MAC/s, ${hover.bound}-bound`
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
      label="Roofline: achieved MAC/s against operational intensity for every layer"
      status={status}
    />
  );
}
