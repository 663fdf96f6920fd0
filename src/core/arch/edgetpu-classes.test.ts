import { describe, expect, it } from 'vitest';
import { evaluate } from '../sim/evaluate';
import { buildZooModel } from '../workload/zoo/index';
import { EDGETPU, EDGETPU_CLASSES } from './edgetpu';
import { presetByName, validateDesign } from './index';

describe('Edge TPU classes (Seshadri et al. 2022, Table 1 as cited)', () => {
  const design = (preset: string) => presetByName(preset)?.design ?? {};

  it('have the published clocks and PE arrays', () => {
    const got = EDGETPU_CLASSES.map((c) => {
      const d = design(c.preset);
      return [c.id, d.clockMHz, d.peX, d.peY];
    });
    expect(got).toEqual([
      ['v1', 800, 4, 4],
      ['v2', 1066, 4, 4],
      ['v3', 1066, 4, 1],
    ]);
    for (const c of EDGETPU_CLASSES) expect(validateDesign(EDGETPU, design(c.preset))).toEqual([]);
  });

  it('V1 is coral at 800 MHz: the same array and PE memory, peak MACs/cycle 4,096', () => {
    const v1 = design('edgetpu-v1');
    const coral = design('coral');
    for (const k of ['peX', 'peY', 'cores', 'lanes', 'peMemory', 'dramBandwidth']) expect(v1[k]).toBe(coral[k]);
    const ev = evaluate(EDGETPU, v1, buildZooModel('mobilenet_v2'));
    expect(ev.peakMacsPerCycle).toBe(4096);
    expect(ev.clockMHz).toBe(800);
  });

  it('simulate off-grid clocks: latency in ms is cycles / clock for each class', () => {
    const wl = buildZooModel('mobilenet_edgetpu');
    for (const c of EDGETPU_CLASSES) {
      const ev = evaluate(EDGETPU, design(c.preset), wl);
      expect(ev.feasible).toBe(true);
      expect(ev.totals.latencyMs).toBeCloseTo(ev.totals.latencyCycles / (ev.clockMHz * 1e3), 9);
    }
    // Same array, faster clock and more on-chip memory: V2 is faster than V1 on every zoo mobile model.
    for (const id of ['mobilenet_v1', 'mobilenet_v2', 'efficientnet_b0']) {
      const m = buildZooModel(id);
      const v1 = evaluate(EDGETPU, design('edgetpu-v1'), m).totals.latencyMs;
      const v2 = evaluate(EDGETPU, design('edgetpu-v2'), m).totals.latencyMs;
      expect(v2).toBeLessThan(v1);
    }
  });
});
