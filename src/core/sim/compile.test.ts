import { describe, expect, it } from 'vitest';
import { layerWeights } from '../workload/layer';
import { workloadTotals } from '../workload/workload';
import { buildZooModel, ZOO } from '../workload/zoo';
import { compileWorkload, isMatrixOp, isVectorOp, OP_NAMES } from './compile';

describe('compileWorkload', () => {
  it('lowers every zoo layer to steps · g · kg · x · rd MACs, matching the IR count (REFERENCE.md §1)', () => {
    for (const e of ZOO) {
      const wl = e.build();
      const cw = compileWorkload(wl, 1);
      expect(cw.count).toBe(wl.layers.length);
      for (let i = 0; i < cw.count; i++) {
        const op = cw.ops[i] as number;
        const lowered = isMatrixOp(op)
          ? (cw.steps[i] as number) *
            (cw.g[i] as number) *
            (cw.kg[i] as number) *
            (cw.x[i] as number) *
            (cw.rd[i] as number)
          : 0;
        expect(lowered, `${e.id} ${cw.names[i]}`).toBe(cw.macs[i]);
      }
      const t = workloadTotals(wl);
      expect(cw.totalMacs, e.id).toBe(t.macs);
      expect(cw.totalWeightBytes, e.id).toBe(t.weightBytes);
    }
  });

  it('scales bytes with the element width and marks the network input and output', () => {
    const wl = buildZooModel('mobilenet_v2');
    const a = compileWorkload(wl, 1);
    const b = compileWorkload(wl, 2);
    expect(b.totalWeightBytes).toBe(2 * a.totalWeightBytes);
    expect(b.inBytes[0]).toBe(2 * 224 * 224 * 3);
    expect(Array.from(a.io).filter((v) => v !== 0)).toEqual([1, 2]);
    expect(a.io[0]).toBe(1);
    expect(a.io[a.count - 1]).toBe(2);
  });

  it('classes every op code exactly once: matrix layers have weights, vector layers none', () => {
    OP_NAMES.forEach((name, code) => {
      expect(isMatrixOp(code) !== isVectorOp(code), name).toBe(true);
    });
    expect(OP_NAMES.filter((_, code) => isMatrixOp(code))).toEqual(['conv', 'depthwise', 'fc', 'lstm']);
    // Over the zoo: a layer has weights exactly when its op is a matrix op.
    for (const e of ZOO) {
      const wl = e.build();
      const cw = compileWorkload(wl, 1);
      wl.layers.forEach((l, i) => {
        expect(layerWeights(l) > 0, `${e.id} ${l.name}`).toBe(isMatrixOp(cw.ops[i] as number));
      });
    }
  });
});
