import { describe, expect, it } from 'vitest';
import { POINT_STATUS, POINT_STATUS_LABEL, pointStatus } from './point-status';

describe('pointStatus', () => {
  it('feasible wins; otherwise mapped designs are over budget and unmapped ones infeasible', () => {
    expect(pointStatus(true, true)).toBe(POINT_STATUS.feasible);
    expect(pointStatus(false, true)).toBe(POINT_STATUS.overBudget);
    expect(pointStatus(false, false)).toBe(POINT_STATUS.unmapped);
  });

  it('has one distinct byte and one legend name per status', () => {
    const codes = Object.values(POINT_STATUS);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toBe(new Uint8Array([c])[0]);
    expect(codes.map((c) => POINT_STATUS_LABEL[c])).toEqual(['feasible', 'infeasible', 'over budget']);
  });
});
