import { describe, expect, it } from 'vitest';
import { bestObjectiveTitle, latency, num, objectiveValue, si } from './format';

describe('format', () => {
  it('never writes e-notation: values toPrecision would print as 1.164e+4 or 1.23e-7', () => {
    expect((11640.405).toPrecision(4)).toBe('1.164e+4');
    expect(num(11640.405, 4)).toBe('11,640');
    expect(num(1.23e-7, 3)).toBe('0.000000123');
    expect(num(Number.NaN)).toBe('—');
    for (const v of [1e-9, 3.3e-5, 0.5, 12, 999.99, 1e5, 7.7e8, 1e21]) expect(num(v, 3)).not.toMatch(/e/i);
  });
  it('SI prefixes and latency units', () => {
    expect(si(1598.69)).toBe('1.6 k');
    expect(si(433296306)).toBe('433 M');
    expect(latency(0.6255)).toBe('625.5 µs');
    expect(latency(81.546864)).toBe('81.55 ms');
  });
  it('objectives carry their unit and aggregation', () => {
    expect(objectiveValue('edp', 11640.4)).toBe('11,640 mJ·ms');
    expect(objectiveValue('multi', 1.5)).toBe('1.5');
    expect(bestObjectiveTitle({ objective: 'latency', aggregation: 'geomean', workloads: [1] })).toBe(
      'best feasible latency (ms)',
    );
    expect(bestObjectiveTitle({ objective: 'energy', aggregation: 'geomean', workloads: [1, 2] })).toBe(
      'best feasible geometric-mean energy per inference (mJ)',
    );
  });
});
