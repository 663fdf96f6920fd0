import { describe, expect, it } from 'vitest';
import { allocColumns, scoreDesign, type WorkloadResult } from './metrics';

const r = (latencyMs: number, energyMj: number, powerW: number, feasible = true): WorkloadResult => ({
  latencyMs,
  energyMj,
  powerW,
  feasible,
});

describe('scoreDesign', () => {
  it('aggregates latency by weighted mean or geometric mean; power is the peak', () => {
    const out = allocColumns(2);
    const res = [r(1, 2, 0.5), r(100, 8, 1.5)];
    scoreDesign('latency', 'mean', {}, [1, 1], res, 10, out, 0);
    scoreDesign('latency', 'geomean', {}, [1, 1], res, 10, out, 1);
    expect(out.metrics.latencyMs[0]).toBeCloseTo(50.5, 12);
    expect(out.metrics.latencyMs[1]).toBeCloseTo(10, 12); // √(1 · 100)
    expect(out.metrics.energyMj[1]).toBeCloseTo(4, 12); // √(2 · 8)
    expect(out.metrics.powerW[0]).toBe(1.5);
    // weights: 3:1 arithmetic mean of 1 and 100 = 25.75
    scoreDesign('latency', 'mean', {}, [3, 1], res, 10, out, 0);
    expect(out.metrics.latencyMs[0]).toBeCloseTo(25.75, 12);
  });

  it('objective kinds: energy, edp (ms·mJ) and multi (sum of logs)', () => {
    const out = allocColumns(3);
    const res = [r(4, 5, 1)];
    scoreDesign('energy', 'mean', {}, [1], res, 2, out, 0);
    scoreDesign('edp', 'mean', {}, [1], res, 2, out, 1);
    scoreDesign('multi', 'mean', {}, [1], res, 2, out, 2);
    expect(out.metrics.objective[0]).toBe(5);
    expect(out.metrics.objective[1]).toBe(20);
    expect(out.metrics.objective[2]).toBeCloseTo(Math.log(40), 12);
  });

  it('constraints: area, latency and power limits make a design infeasible with a relative violation', () => {
    const out = allocColumns(4);
    const res = [r(10, 1, 2)];
    scoreDesign('latency', 'mean', { areaMm2: 27 }, [1], res, 27, out, 0); // on the limit: feasible
    scoreDesign('latency', 'mean', { areaMm2: 27 }, [1], res, 54, out, 1); // 2× area: violation 1
    scoreDesign('latency', 'mean', { latencyMs: 5, powerW: 1 }, [1], res, 1, out, 2); // 1 + 1
    scoreDesign('latency', 'mean', {}, [1], [r(10, 1, 2, false)], 1, out, 3); // simulator rejected
    expect(Array.from(out.feasible)).toEqual([1, 0, 0, 0]);
    expect(Array.from(out.metrics.violation)).toEqual([0, 1, 2, 1]);
  });

  it('a workload without a finite latency gives an infinite, infeasible objective', () => {
    const out = allocColumns(1);
    scoreDesign('latency', 'geomean', {}, [1, 1], [r(1, 1, 1), r(Number.POSITIVE_INFINITY, 1, 1, false)], 1, out, 0);
    expect(out.metrics.objective[0]).toBe(Number.POSITIVE_INFINITY);
    expect(out.feasible[0]).toBe(0);
  });
});
