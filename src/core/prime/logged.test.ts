import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli';
import { EDGETPU } from '../arch/index';
import { buildZooModel } from '../workload/zoo/index';
import { parseLoggedArrow } from './arrow';
import { bestLogged, type PrimeDataset, withoutTopShare } from './dataset';
import { parseLoggedData } from './io';
import { generateLogged, infeasibleShare, LOGGED_SCHEDULE, loggedSegments, shardSegments } from './logged';

const MNV2 = buildZooModel('mobilenet_v2');
const LSTM = buildZooModel('lstm_encoder');
/** One full schedule cycle per application: every source (evolution at three limits, BO, random, designs) appears. */
const CYCLE = LOGGED_SCHEDULE.reduce((s, e) => s + e.length, 0);

const gen = (seed: number, rows: number, shard?: { index: number; count: number }) =>
  generateLogged({
    template: EDGETPU,
    workloads: [MNV2, LSTM],
    rowsPerApplication: rows,
    seed,
    areaBudgetMm2: 27,
    ...(shard ? { shard } : {}),
  });

function expectSameData(a: PrimeDataset, b: PrimeDataset) {
  expect(a.n).toBe(b.n);
  expect(a.workloads).toEqual(b.workloads);
  expect(a.codes).toEqual(b.codes);
  expect(a.areaMm2).toEqual(b.areaMm2);
  expect(a.latencyMs).toEqual(b.latencyMs);
  expect(a.known).toEqual(b.known);
  expect(a.feasible).toEqual(b.feasible);
}

describe('PRIME-like logged data', () => {
  it('segments cover every application with exactly the rows asked, in order, and shards partition them', () => {
    const segs = loggedSegments({ applications: ['a', 'b'], rowsPerApplication: 5500, seed: 1 });
    for (const app of ['a', 'b'])
      expect(segs.filter((s) => s.application === app).reduce((t, s) => t + s.length, 0)).toBe(5500);
    segs.forEach((s, i) => {
      expect(s.index).toBe(i);
      expect(s.start).toBe(i === 0 ? 0 : (segs[i - 1]?.start ?? 0) + (segs[i - 1]?.length ?? 0));
    });
    const shards = [0, 1, 2].map((i) => shardSegments(segs, i, 3));
    expect(shards.flat()).toEqual(segs);
    expect(() => shardSegments(segs, 3, 3)).toThrow(/shard must be i\/n/);
  });

  it('is deterministic per seed, and the shards in order are the unsharded whole', async () => {
    const rows = 2500; // segments of 2000 and 500 per application: 4 in all
    const whole = await gen(7, rows);
    expectSameData(await gen(7, rows), whole);
    const other = await gen(8, rows);
    expect(other.codes).not.toEqual(whole.codes);
    const parts = await Promise.all([0, 1, 2, 3].map((index) => gen(7, rows, { index, count: 4 })));
    expect(parts.reduce((s, p) => s + p.n, 0)).toBe(whole.n);
    let row = 0;
    for (const p of parts) {
      expect(p.codes).toEqual(whole.codes.subarray(row * whole.dims, (row + p.n) * whole.dims));
      expect(p.latencyMs).toEqual(whole.latencyMs.subarray(row * 2, (row + p.n) * 2));
      expect(p.feasible).toEqual(whole.feasible.subarray(row * 2, (row + p.n) * 2));
      row += p.n;
    }
    // Each design is logged for one application: known in exactly one column.
    for (let i = 0; i < whole.n; i++)
      expect((whole.known[2 * i] as number) + (whole.known[2 * i + 1] as number)).toBe(1);
  });

  it('over a full schedule cycle 70–90 % of the rows are infeasible (PRIME: 70–90 %) on a CNN and an LSTM', async () => {
    const ds = await gen(3, CYCLE);
    for (const id of [MNV2.id, LSTM.id]) {
      const share = infeasibleShare(ds, id);
      expect(share, id).toBeGreaterThan(0.7);
      expect(share, id).toBeLessThan(0.9);
    }
    // And the trajectories found something: the best feasible MobileNetV2 latency is far below the median logged one.
    const lat: number[] = [];
    for (let i = 0; i < ds.n; i++) if (ds.feasible[2 * i]) lat.push(ds.latencyMs[2 * i] as number);
    lat.sort((a, b) => a - b);
    expect(lat[0] as number).toBeLessThan(0.6 * (lat[lat.length >> 1] as number));
  });

  it("withoutTopShare takes out the best share of each application's feasible rows and keeps every infeasible one", async () => {
    const ds = await gen(3, 4000);
    const cut = withoutTopShare(ds, 0.25);
    expect(withoutTopShare(ds, 0)).toBe(ds);
    for (const [w, id] of ds.workloads.entries()) {
      const feasible = (d: PrimeDataset) => {
        const v: number[] = [];
        for (let i = 0; i < d.n; i++) if (d.feasible[i * 2 + w] === 1) v.push(d.latencyMs[i * 2 + w] as number);
        return v.sort((a, b) => a - b);
      };
      const infeasible = (d: PrimeDataset) => {
        let n = 0;
        for (let i = 0; i < d.n; i++) if (d.known[i * 2 + w] === 1 && d.feasible[i * 2 + w] === 0) n++;
        return n;
      };
      const before = feasible(ds);
      const after = feasible(cut);
      expect(infeasible(cut), id).toBe(infeasible(ds));
      // A quarter goes (more only through ties at the threshold), and what stays is the worse three quarters.
      expect(after.length, id).toBeLessThanOrEqual(before.length - Math.floor(before.length * 0.25));
      expect(after.length, id).toBeGreaterThan(0.7 * before.length);
      expect(after[0] as number, id).toBeGreaterThan(before[Math.floor(before.length * 0.25) - 1] as number);
      expect(bestLogged(cut, [id]).latencyMs, id).toBeGreaterThan(bestLogged(ds, [id]).latencyMs);
    }
    expect(() => withoutTopShare(ds, 1)).toThrow(/top share/);
    expect(() => withoutTopShare(ds, Number.NaN)).toThrow(/top share/);
  });

  it('CLI shards concatenate to the whole CSV byte for byte; CSV, JSONL and Arrow files read back as the generated data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logged-'));
    const common = ['dataset', '--logged', '--workload', 'mobilenet_v2,lstm_encoder', '--count', '2500', '--seed', '5'];
    const whole = join(dir, 'all.csv');
    expect((await runCli([...common, '--out', whole])).code).toBe(0);
    const shards: string[] = [];
    for (const i of [0, 1, 2]) {
      const f = join(dir, `s${i}.csv`);
      const r = await runCli([...common, '--shard', `${i}/3`, '--out', f]);
      expect(r.code, r.err).toBe(0);
      shards.push(readFileSync(f, 'utf8'));
    }
    const text = readFileSync(whole, 'utf8');
    expect(shards.join('')).toBe(text);
    const expected = await gen(5, 2500);
    expectSameData(parseLoggedData(text, EDGETPU, { areaBudgetMm2: 27 }), expected);
    const jsonl = join(dir, 'all.jsonl');
    expect((await runCli([...common, '--out', jsonl])).code).toBe(0);
    expectSameData(parseLoggedData(readFileSync(jsonl, 'utf8'), EDGETPU, { areaBudgetMm2: 27 }), expected);
    const arrows: Uint8Array[] = [];
    for (const i of [0, 1]) {
      const f = join(dir, `s${i}.arrow`);
      expect((await runCli([...common, '--shard', `${i}/2`, '--out', f])).code).toBe(0);
      arrows.push(new Uint8Array(readFileSync(f)));
    }
    expectSameData(parseLoggedArrow(arrows, EDGETPU, { areaBudgetMm2: 27 }), expected);
    // Feasibility is re-derived for the reader's budget, as with CSV.
    const loose = parseLoggedArrow(arrows, EDGETPU, { areaBudgetMm2: 1e6 });
    expect(loose.feasible).toEqual(loose.simFeasible);
  });

  it('refuses bad input naming the field', async () => {
    expect(() =>
      parseLoggedArrow(new TextEncoder().encode('design,workload\n'), EDGETPU, { areaBudgetMm2: 27 }),
    ).toThrow(/not an Arrow IPC file/);
    const r = await runCli([
      'dataset',
      '--logged',
      '--workload',
      'mobilenet_v2',
      '--count',
      '10',
      '--seed',
      '1',
      '--out',
      '/tmp/x.bin',
      '--format',
      'parquet',
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--format must be csv \| jsonl \| arrow/);
  });
});
