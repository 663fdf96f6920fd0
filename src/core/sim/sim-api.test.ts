import { describe, expect, it } from 'vitest';
import { presetByName } from '../arch/index';
import type { Workload } from '../workload/workload';
import { buildZooModel } from '../workload/zoo/index';
import { evaluate } from './evaluate';
import { createSimApi, type EvalRequest } from './sim-api';

const coral = presetByName('coral');
if (!coral) throw new Error('coral preset missing');

const req = (workloads: EvalRequest['workloads'], design = coral.design): EvalRequest => ({
  template: coral.template.id,
  design,
  workloads,
  budgetMm2: 27,
});

describe('createSimApi (the explorer worker’s core)', () => {
  it('gives exactly what evaluate gives, per workload, and compiles each (id, input) once', () => {
    const api = createSimApi();
    const out = api.evaluate(req([{ id: 'mobilenet_v2' }, { id: 'resnet50', input: 299 }]));
    const direct = evaluate(coral.template, coral.design, buildZooModel('resnet50', 299), { areaBudgetMm2: 27 });
    expect(out).toHaveLength(2);
    const [a, b] = out;
    if (!a?.ok || !b?.ok) throw new Error('expected two evaluations');
    expect(b.evaluation.totals).toEqual(direct.totals);
    expect(a.evaluation.totals.latencyCycles).toBe(
      evaluate(coral.template, coral.design, buildZooModel('mobilenet_v2')).totals.latencyCycles,
    );
    expect(api.cached).toBe(2);
    api.evaluate(req([{ id: 'mobilenet_v2' }, { id: 'resnet50', input: 299 }]));
    expect(api.cached).toBe(2);
    // Another element width is another compiled form.
    api.evaluate(req([{ id: 'mobilenet_v2' }], { ...coral.design, bytesPerElement: 2 }));
    expect(api.cached).toBe(3);
  });

  it('reports a bad workload or design by name instead of failing the other workloads', () => {
    const api = createSimApi();
    const out = api.evaluate(req([{ id: 'no_such_net' }, { id: 'mobilenet_v2' }]));
    expect(out[0]).toMatchObject({ ok: false, workload: 'no_such_net' });
    expect(out[1]?.ok).toBe(true);
    const bad = api.evaluate(req([{ id: 'mobilenet_v2' }], { ...coral.design, peX: -3 }));
    expect(bad[0]).toMatchObject({ ok: false, workload: 'mobilenet_v2' });
    if (bad[0]?.ok === false) expect(bad[0].error).toMatch(/peX/);
    expect(() => api.evaluate({ ...req([]), template: 'nope' })).toThrow(/nope/);
  });

  it('evaluates a registered import, and re-registering replaces its compiled form', () => {
    const api = createSimApi();
    const base = buildZooModel('mobilenet_v2');
    const small: Workload = { ...base, id: 'imported:net', layers: base.layers.slice(0, 5) };
    api.registerWorkload(small);
    const [first] = api.evaluate(req([{ id: 'imported:net' }]));
    if (!first?.ok) throw new Error('expected an evaluation');
    expect(first.evaluation.layers.cycles.length).toBe(5);
    api.registerWorkload({ ...small, layers: base.layers.slice(0, 9) });
    const [second] = api.evaluate(req([{ id: 'imported:net' }]));
    if (!second?.ok) throw new Error('expected an evaluation');
    expect(second.evaluation.layers.cycles.length).toBe(9);
  });
});
