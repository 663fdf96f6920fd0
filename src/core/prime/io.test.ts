import { csvFormatRows } from 'd3-dsv';
import { describe, expect, it } from 'vitest';
import { decodeDesign, EDGETPU } from '../arch/index';
import { buildZooModel } from '../workload/zoo/index';
import { bestLogged, datasetSummary, generateDataset, selectWorkloads, splitDesigns, withAreaBudget } from './dataset';
import { PrimeDataError, parseLoggedData } from './io';

const keys = EDGETPU.params.map((p) => p.key);
const wls = [buildZooModel('mobilenet_v2'), buildZooModel('squeezenet1_1')];
const gen = generateDataset({
  template: EDGETPU,
  workloads: wls,
  count: 60,
  seed: 2,
  areaBudgetMm2: 27,
  inAreaShare: 0.5,
});

/** The `dataset` CLI's CSV columns (src/cli/dataset.ts). */
function asCsv(): string {
  const rows: string[][] = [
    ['design', 'workload', ...keys, 'latencyMs', 'energyMj', 'areaMm2', 'simFeasible', 'feasible'],
  ];
  for (let i = 0; i < gen.n; i++) {
    const d = decodeDesign(EDGETPU, gen.codes.subarray(i * 10, i * 10 + 10));
    gen.workloads.forEach((id, w) => {
      const j = i * 2 + w;
      rows.push([
        String(i),
        id,
        ...keys.map((k) => String(d[k])),
        String(gen.latencyMs[j]),
        String(gen.energyMj[j]),
        String(gen.areaMm2[i]),
        String(gen.simFeasible[j]),
        String(gen.feasible[j]),
      ]);
    });
  }
  return csvFormatRows(rows);
}

describe('logged data', () => {
  it('feasible = simulator mapped every layer AND area ≤ budget (PRIME), re-derived for another budget', () => {
    for (let i = 0; i < gen.n; i++) {
      for (let w = 0; w < 2; w++) {
        const j = i * 2 + w;
        expect(gen.feasible[j]).toBe(gen.simFeasible[j] && (gen.areaMm2[i] as number) <= 27 ? 1 : 0);
      }
    }
    const wide = withAreaBudget(gen, 1e6);
    expect(datasetSummary(wide).workloads[0]?.feasible).toBe(
      gen.simFeasible.filter((_, j) => j % 2 === 0).reduce((s, v) => s + v, 0),
    );
    const s = datasetSummary(gen);
    expect(s.designs).toBe(60);
    expect(s.workloads.map((w) => w.id)).toEqual(['mobilenet_v2', 'squeezenet1_1']);
    expect(bestLogged(gen, ['mobilenet_v2']).latencyMs).toBe(s.workloads[0]?.bestLatencyMs);
  });

  it('parses the dataset CSV and its JSONL form back to the same columns', () => {
    const a = parseLoggedData(asCsv(), EDGETPU, { areaBudgetMm2: 27 });
    expect(a.n).toBe(60);
    expect(Array.from(a.codes)).toEqual(Array.from(gen.codes));
    expect(Array.from(a.feasible)).toEqual(Array.from(gen.feasible));
    for (let j = 0; j < 120; j++) expect(a.latencyMs[j]).toBeCloseTo(gen.latencyMs[j] as number, 9);
    const lines = asCsv().split('\n');
    const header = (lines[0] as string).split(',');
    const jsonl = lines
      .slice(1)
      .map((l) => {
        const cells = l.split(',');
        const o: Record<string, unknown> = {};
        header.forEach((h, i) => {
          const v = cells[i] as string;
          o[h] = h === 'workload' ? v : h === 'simFeasible' || h === 'feasible' ? v === '1' : Number(v);
        });
        return JSON.stringify(o);
      })
      .join('\n');
    const b = parseLoggedData(jsonl, EDGETPU, { areaBudgetMm2: 27 });
    expect(Array.from(b.codes)).toEqual(Array.from(a.codes));
    expect(Array.from(b.feasible)).toEqual(Array.from(a.feasible));
  });

  it('names the line and field of bad input', () => {
    const lines = asCsv().split('\n');
    const bad = (edit: (cells: string[]) => void) => {
      const cells = (lines[3] as string).split(',');
      edit(cells);
      return [lines[0], lines[1], lines[2], cells.join(',')].join('\n');
    };
    const peX = 2 + keys.indexOf('peX');
    expect(() =>
      parseLoggedData(
        bad((c) => {
          c[peX] = '3';
        }),
        EDGETPU,
        { areaBudgetMm2: 27 },
      ),
    ).toThrow(/line 4, field "peX": "3" is not one of/);
    const lat = 2 + keys.length;
    expect(() =>
      parseLoggedData(
        bad((c) => {
          c[lat] = 'fast';
        }),
        EDGETPU,
        { areaBudgetMm2: 27 },
      ),
    ).toThrow(/line 4, field "latencyMs": expected a number/);
    const sim = 2 + keys.length + 3;
    expect(() =>
      parseLoggedData(
        bad((c) => {
          c[sim] = 'maybe';
        }),
        EDGETPU,
        { areaBudgetMm2: 27 },
      ),
    ).toThrow(/line 4, field "simFeasible"/);
    expect(() => parseLoggedData('design,workload,peX\n0,a,1\n', EDGETPU, { areaBudgetMm2: 27 })).toThrow(
      PrimeDataError,
    );
    expect(() => parseLoggedData('{"design": 0}\n{oops\n', EDGETPU, { areaBudgetMm2: 27 })).toThrow(/line 2: not JSON/);
  });

  it('splits designs reproducibly and selects workload columns', () => {
    const s1 = splitDesigns(gen, 0.25, 7);
    const s2 = splitDesigns(gen, 0.25, 7);
    expect(s1.test.n).toBe(15);
    expect(Array.from(s1.test.codes)).toEqual(Array.from(s2.test.codes));
    const one = selectWorkloads(gen, ['squeezenet1_1']);
    for (let i = 0; i < gen.n; i++) expect(one.latencyMs[i]).toBe(gen.latencyMs[i * 2 + 1]);
    expect(() => selectWorkloads(gen, ['vgg16'])).toThrow(/not in the dataset/);
  });
});
