import { describe, expect, it } from 'vitest';
import { decodeDesign, templateById } from '../arch/index';
import { parseWarmStart, WarmStartError } from './warm-start';

const t = templateById('edgetpu');
if (!t) throw new Error('edgetpu template missing');
const keys = t.params.map((p) => p.key);
const codesA = t.params.map((p) => p.values.length - 1);
const codesB = t.params.map(() => 0);

describe('parseWarmStart', () => {
  it('reads the CSV of optimize --out: designs to codes, objective, feasibility, simulator failures', () => {
    const row = (c: number[], obj: string, sim: string, feas: string) => {
      const d = decodeDesign(t, c);
      return [String(0), ...keys.map((k) => String(d[k])), obj, sim, feas].join(',');
    };
    const csv = [
      ['index', ...keys, 'objective', 'simFeasible', 'feasible'].join(','),
      row(codesA, '1.5', '1', '1'),
      row(codesB, 'Infinity', '0', '0'),
    ].join('\n');
    const w = parseWarmStart(csv, t);
    expect(w.points.map((p) => Array.from(p.x))).toEqual([codesA, codesB]);
    expect(w.points.map((p) => [p.y, p.feasible, p.failed])).toEqual([
      [1.5, true, false],
      [Number.POSITIVE_INFINITY, false, true],
    ]);
  });

  it('reads optimize --json history and skips off-grid designs', () => {
    const d = decodeDesign(t, codesA);
    const json = JSON.stringify({
      best: {},
      history: [
        { index: 0, design: d, objective: 2, feasible: true },
        { index: 1, design: { ...d, peX: 3 }, objective: 1, feasible: true },
        { index: 2, design: d, objective: null, feasible: false },
      ],
    });
    const w = parseWarmStart(json, t);
    expect(w.points).toHaveLength(2);
    expect(w.skipped).toBe(1);
    expect(w.points[1]?.y).toBe(Number.POSITIVE_INFINITY);
  });

  it('names the missing column', () => {
    expect(() => parseWarmStart('index,objective,feasible\n0,1,1', t)).toThrow(WarmStartError);
    expect(() => parseWarmStart('index,objective,feasible\n0,1,1', t)).toThrow(/peX/);
  });
});
