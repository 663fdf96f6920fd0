import { describe, expect, it } from 'vitest';
import { ParetoArchive } from '../analysis/pareto';
import { encodeDesign, presetByName } from '../arch/index';
import { evaluateTotals } from '../sim/index';
import { buildZooModel } from '../workload/zoo/index';
import { createSimEvaluator } from './sim-evaluator';
import type { StudySpec } from './spec';
import { createStudyRunner, inlineExecutor } from './study';

const wl = [buildZooModel('mobilenet_v2'), buildZooModel('resnet50')];
const spec = (o: Partial<StudySpec> = {}): StudySpec => ({
  template: 'edgetpu',
  workloads: [{ id: 'mobilenet_v2' }, { id: 'resnet50', weight: 3 }],
  objective: 'latency',
  aggregation: 'geomean',
  constraints: { areaMm2: 27 },
  optimizer: { kind: 'random' },
  seed: 1,
  budget: 10,
  ...o,
});

describe('simulator evaluator', () => {
  it('scores a design exactly as the simulator totals, aggregated and constrained', () => {
    const p = presetByName('prime-baseline');
    if (!p) throw new Error('prime-baseline preset missing');
    const codes = encodeDesign(p.template, p.design);
    const direct = wl.map((w) => evaluateTotals(p.template, p.design, w));
    const out = createSimEvaluator({ kind: 'study', spec: spec(), workloads: wl }).evaluate(codes, 1);
    // weighted geomean: exp((1·log a + 3·log b) / 4)
    const geo = Math.exp((Math.log(direct[0]?.latencyMs as number) + 3 * Math.log(direct[1]?.latencyMs as number)) / 4);
    expect(out.metrics.latencyMs[0]).toBeCloseTo(geo, 12);
    expect(out.metrics.areaMm2[0]).toBe(direct[0]?.areaMm2);
    const ok = direct.every((d) => d.feasible) && (direct[0]?.areaMm2 as number) <= 27;
    expect(out.feasible[0]).toBe(ok ? 1 : 0);
    // a tighter area limit than the design's area makes it infeasible with violation area/limit − 1
    const limit = (direct[0]?.areaMm2 as number) / 2;
    const tight = createSimEvaluator({ kind: 'study', spec: spec({ constraints: { areaMm2: limit } }), workloads: wl });
    const t = tight.evaluate(codes, 1);
    expect(t.feasible[0]).toBe(0);
    expect(t.metrics.violation[0]).toBeCloseTo(1 + (direct.every((d) => d.feasible) ? 0 : 1), 9);
  });

  it('runs a multi-objective NSGA-II study: 3 objectives, every feasible row within the area limit', async () => {
    const s = spec({
      objective: 'multi',
      optimizer: { kind: 'nsga2' },
      budget: 160,
      workloads: [{ id: 'mobilenet_v2' }],
    });
    const ev = createSimEvaluator({ kind: 'study', spec: s, workloads: [wl[0] as (typeof wl)[number]] });
    const { runner, store } = createStudyRunner({ spec: s, sizes: ev.sizes, executor: inlineExecutor(ev.evaluate) });
    await runner.run();
    expect(store.length).toBe(160);
    const front = new ParetoArchive(3, [1e3, 1e3, 27]);
    const feas = store.feasible();
    for (let i = 0; i < store.length; i++) {
      if (!feas[i]) continue;
      expect(store.metric('areaMm2')[i]).toBeLessThanOrEqual(27);
      front.insert(i, [
        store.metric('latencyMs')[i] as number,
        store.metric('energyMj')[i] as number,
        store.metric('areaMm2')[i] as number,
      ]);
    }
    expect(front.size).toBeGreaterThan(1);
    expect(front.hypervolume()).toBeGreaterThan(0);
  });
});
