import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EDGETPU, SYSTOLIC } from '../arch';
import { MAC_ENERGY_PJ } from '../arch/tech';
import type { Design, DesignTemplate, ParamSpec } from '../arch/types';
import { buildZooModel } from '../workload/zoo';
import { type CompiledWorkload, compileWorkload } from './compile';
import { evaluateTotals } from './evaluate';

/**
 * Invariants of the simulator (issue 3, item 8), over thousands of random designs — grid values
 * and off-grid manual values — and zoo workloads covering every op (conv, depthwise, fc, pool,
 * eltwise, norm, lstm, transposed conv). The model is built so these hold by construction:
 * the compiler's mapping set does not depend on bandwidth and only grows when memories grow.
 */
const SEED = 20240611;
const RUNS = 2000;

const WORKLOADS: Record<string, CompiledWorkload> = Object.fromEntries(
  ['mobilenet_v2', 'resnet18', 'squeezenet1_1', 'efficientnet_b0', 'densenet121', 'unet', 'lstm_decoder'].map((id) => [
    id,
    compileWorkload(buildZooModel(id), 1),
  ]),
);
const workload = fc.constantFrom(...Object.keys(WORKLOADS));

function paramValue(p: ParamSpec): fc.Arbitrary<number | string> {
  const grid = fc.constantFrom(...p.values);
  if (typeof p.values[0] === 'string' || p.min === undefined || p.max === undefined) return grid;
  const manual = p.integer
    ? fc.integer({ min: p.min, max: Math.min(p.max, 4 * (p.values[p.values.length - 1] as number)) })
    : fc.double({ min: p.min, max: p.max, noNaN: true, noDefaultInfinity: true });
  return fc.oneof({ weight: 4, arbitrary: grid }, { weight: 1, arbitrary: manual });
}

function designOf(t: DesignTemplate): fc.Arbitrary<Design> {
  return fc.record(Object.fromEntries(t.params.map((p) => [p.key, paramValue(p)]))) as fc.Arbitrary<Design>;
}

const MEMORIES: Record<string, string[]> = {
  edgetpu: ['peMemory', 'coreMemory', 'instructionMemory', 'parameterMemory', 'activationMemory'],
  systolic: ['ifmapSramKiB', 'filterSramKiB', 'ofmapSramKiB'],
};
const SIZES: Record<string, string[]> = {
  edgetpu: ['peX', 'peY', 'lanes', 'cores', 'dramBandwidth', ...(MEMORIES.edgetpu as string[])],
  systolic: ['rows', 'cols', 'dramBandwidth', ...(MEMORIES.systolic as string[])],
};

function peak(t: DesignTemplate, d: Design): number {
  const n = (k: string) => d[k] as number;
  return t.id === 'edgetpu' ? n('peX') * n('peY') * n('cores') * n('lanes') : n('rows') * n('cols');
}

function bytesPerCycle(t: DesignTemplate, d: Design): number {
  const clock = t.id === 'edgetpu' ? 500 : (d.clockMHz as number);
  return ((d.dramBandwidth as number) * 1000) / clock;
}

/** `d` with `key` scaled up by `factor` (> 1), kept inside the manual range and integral where required. */
function grown(t: DesignTemplate, d: Design, key: string, factor: number): Design | undefined {
  const p = t.params.find((x) => x.key === key) as ParamSpec;
  const v = d[key] as number;
  let g = v * factor;
  if (p.integer) g = Math.max(Math.ceil(g), v + 1);
  if (g > (p.max as number)) return undefined;
  return { ...d, [key]: g };
}

const prop = (name: string, run: () => void) => it(name, run, 120_000);

for (const t of [EDGETPU, SYSTOLIC]) {
  describe(`${t.id} invariants (fast-check, seed ${SEED}, ${RUNS} runs each)`, () => {
    const opts = { seed: SEED, numRuns: RUNS };

    prop('results are finite and latency is positive', () => {
      fc.assert(
        fc.property(designOf(t), workload, (d, w) => {
          const r = evaluateTotals(t, d, WORKLOADS[w] as CompiledWorkload);
          for (const [k, v] of Object.entries(r)) {
            if (typeof v === 'number') expect(Number.isFinite(v), k).toBe(true);
          }
          expect(r.latencyCycles).toBeGreaterThan(0);
        }),
        opts,
      );
    });

    prop('more DRAM bandwidth never increases latency', () => {
      fc.assert(
        fc.property(designOf(t), workload, fc.double({ min: 1.01, max: 100, noNaN: true }), (d, w, f) => {
          const more = grown(t, d, 'dramBandwidth', f);
          if (!more) return;
          const cw = WORKLOADS[w] as CompiledWorkload;
          expect(evaluateTotals(t, more, cw).latencyCycles).toBeLessThanOrEqual(evaluateTotals(t, d, cw).latencyCycles);
        }),
        opts,
      );
    });

    prop('latency ≥ MACs / peak MACs per cycle, and ≥ DRAM bytes / bandwidth', () => {
      fc.assert(
        fc.property(designOf(t), workload, (d, w) => {
          const r = evaluateTotals(t, d, WORKLOADS[w] as CompiledWorkload);
          expect(r.latencyCycles).toBeGreaterThanOrEqual((r.macs / peak(t, d)) * (1 - 1e-12));
          expect(r.latencyCycles).toBeGreaterThanOrEqual((r.dramBytes / bytesPerCycle(t, d)) * (1 - 1e-12));
          expect(r.utilisation).toBeLessThanOrEqual(1 + 1e-12);
        }),
        opts,
      );
    });

    prop('energy ≥ MACs × MAC energy', () => {
      fc.assert(
        fc.property(designOf(t), workload, (d, w) => {
          const r = evaluateTotals(t, d, WORKLOADS[w] as CompiledWorkload);
          expect(r.energyMj).toBeGreaterThanOrEqual(r.macs * MAC_ENERGY_PJ * 1e-9 * (1 - 1e-12));
        }),
        opts,
      );
    });

    prop('area strictly grows with every size parameter', () => {
      const keys = SIZES[t.id] as string[];
      fc.assert(
        fc.property(designOf(t), fc.constantFrom(...keys), fc.double({ min: 1.01, max: 8, noNaN: true }), (d, k, f) => {
          const g = grown(t, d, k, f);
          if (!g) return;
          expect(t.areaTotal(g), k).toBeGreaterThan(t.areaTotal(d));
        }),
        opts,
      );
    });

    prop('a feasible design stays feasible when any memory grows', () => {
      const keys = MEMORIES[t.id] as string[];
      fc.assert(
        fc.property(
          designOf(t),
          workload,
          fc.constantFrom(...keys),
          fc.double({ min: 1.01, max: 16, noNaN: true }),
          (d, w, k, f) => {
            const cw = WORKLOADS[w] as CompiledWorkload;
            if (!evaluateTotals(t, d, cw).feasible) return;
            const g = grown(t, d, k, f);
            if (!g) return;
            expect(evaluateTotals(t, g, cw).feasible, k).toBe(true);
          },
        ),
        opts,
      );
    });
  });
}

describe('graph edges (docs/simulator.md §1.1, §2.1)', () => {
  // The same networks with `from` removed: a chain, as an importer without graph info gives.
  const GRAPHS = ['resnet18', 'squeezenet1_1', 'efficientnet_b0', 'densenet121', 'unet'];
  const pairs = Object.fromEntries(
    GRAPHS.map((id) => {
      const wl = buildZooModel(id);
      const chain = { ...wl, layers: wl.layers.map(({ from: _, ...l }) => l) };
      return [id, [WORKLOADS[id] as CompiledWorkload, compileWorkload(chain, 1)] as const];
    }),
  );

  it('only add traffic: live skips and branches never lower DRAM bytes, latency or feasibility', () => {
    let more = 0;
    fc.assert(
      fc.property(designOf(EDGETPU), fc.constantFrom(...GRAPHS), (d, id) => {
        const [graph, chain] = pairs[id] as readonly [CompiledWorkload, CompiledWorkload];
        const g = evaluateTotals(EDGETPU, d, graph);
        const c = evaluateTotals(EDGETPU, d, chain);
        expect(g.dramBytes).toBeGreaterThanOrEqual(c.dramBytes);
        if (g.dramBytes > c.dramBytes) more++;
        expect(g.latencyCycles).toBeGreaterThanOrEqual(c.latencyCycles * (1 - 1e-12));
        if (g.feasible) expect(c.feasible).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // Not vacuous: on many random designs the graph does cost DRAM traffic.
    expect(more).toBeGreaterThan(RUNS / 20);
  });
});
