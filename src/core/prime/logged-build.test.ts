import { describe, expect, it } from 'vitest';
import { EDGETPU } from '../arch/index';
import { buildZooModel } from '../workload/zoo/index';
import { generateLogged, loggedSegments, runSegment } from './logged';
import { checkLoggedSize, LOGGED_MEMORY_LIMIT_BYTES, LoggedBuilder, loggedMemory } from './logged-build';
import { PrimeSession } from './session';

const MNV2 = buildZooModel('mobilenet_v2');
const LSTM = buildZooModel('lstm_encoder');
const plan = { applications: [MNV2.id, LSTM.id], rowsPerApplication: 2500, seed: 4 };

describe("logged data assembled from segments (the tab's pool)", () => {
  it('segments added in reverse order make exactly the dataset generateLogged makes', async () => {
    const whole = await generateLogged({
      template: EDGETPU,
      workloads: [MNV2, LSTM],
      rowsPerApplication: 2500,
      seed: 4,
      areaBudgetMm2: 27,
    });
    const b = new LoggedBuilder(EDGETPU, plan, 27);
    const segs = loggedSegments(plan);
    expect(b.segments).toEqual(segs);
    const byId = { [MNV2.id]: MNV2, [LSTM.id]: LSTM };
    const rows = await Promise.all(segs.map((s) => runSegment(s, EDGETPU, byId[s.application] as typeof MNV2)));
    expect(() => b.finish()).toThrow(/4 of 4 segments are missing/);
    for (const r of [...rows].reverse()) b.add(r);
    expect(b.rows).toBe(5000);
    const ds = b.finish();
    expect(ds.n).toBe(whole.n);
    expect(ds.workloads).toEqual(whole.workloads);
    expect(ds.codes).toEqual(whole.codes);
    expect(ds.areaMm2).toEqual(whole.areaMm2);
    expect(ds.latencyMs).toEqual(whole.latencyMs);
    expect(ds.known).toEqual(whole.known);
    expect(ds.feasible).toEqual(whole.feasible);
    // A segment twice, or one of another plan, is refused by name.
    expect(() => b.add(rows[0] as (typeof rows)[number])).toThrow(/segment 0 arrived twice/);
    const other = new LoggedBuilder(EDGETPU, { ...plan, seed: 5 }, 27);
    expect(() => other.add(rows[0] as (typeof rows)[number])).toThrow(/segment 0 is not part of this plan/);
  });

  it('the session assembles it, and refuses data too large for the tab, naming the field', async () => {
    const s = new PrimeSession();
    expect(() =>
      s.beginLogged('logged', { applications: ['mobilenet_v2'], rowsPerApplication: 1e6, seed: 1 }),
    ).not.toThrow();
    // Eight applications × 10^6 rows: several GB, refused before anything is allocated.
    const eight = Array.from({ length: 8 }, (_, i) => `app${i}`);
    expect(() => s.beginLogged('logged', { applications: eight, rowsPerApplication: 1e6, seed: 1 })).toThrow(
      /^rows per application: 8 applications × 1,000,000 rows need about \d+\.\d\d GB .* use at most [\d,]+ rows per application/,
    );
    const m = loggedMemory(EDGETPU, 8, 1e6);
    expect(m.total).toBeGreaterThan(LOGGED_MEMORY_LIMIT_BYTES);
    // The largest allowed size per application does fit, one more row does not.
    const fit = Math.floor(LOGGED_MEMORY_LIMIT_BYTES / m.perRow / 8);
    expect(checkLoggedSize(EDGETPU, 8, fit).total).toBeLessThanOrEqual(LOGGED_MEMORY_LIMIT_BYTES);
    expect(() => checkLoggedSize(EDGETPU, 8, fit + 1)).toThrow(/rows per application/);

    const small = { applications: [MNV2.id], rowsPerApplication: 2500, seed: 4, areaBudgetMm2: 27 };
    const started = s.beginLogged('logged', small);
    expect(started.rows).toBe(2500);
    expect(() => s.finishLogged('logged')).toThrow(/segments are missing/);
    for (const seg of loggedSegments(small)) s.appendLogged('logged', await runSegment(seg, EDGETPU, MNV2));
    const summary = s.finishLogged('logged');
    expect(summary.designs).toBe(2500);
    const w = summary.workloads[0];
    expect(w?.rows).toBe(2500);
    expect(w?.feasible).toBeGreaterThan(0);
    expect(w?.feasibleShare).toBeLessThan(0.5);
    const again = await runSegment(loggedSegments(small)[0] as never, EDGETPU, MNV2);
    expect(() => s.appendLogged('logged', again)).toThrow(/no logged data being assembled/);

    // Held back (Design-Bench): the best quarter of the feasible designs goes, every infeasible one stays.
    expect(() => s.beginLogged('cut', { ...small, dropTop: 1 })).toThrow(/^dropTop: a share in \[0, 1\)/);
    s.beginLogged('cut', { ...small, dropTop: 0.25 });
    for (const seg of loggedSegments(small)) s.appendLogged('cut', await runSegment(seg, EDGETPU, MNV2));
    const cut = s.finishLogged('cut');
    const c = cut.workloads[0];
    expect(cut.heldBack).toEqual({ share: 0.25, designs: 2500 - cut.designs });
    expect(cut.heldBack?.designs).toBeGreaterThanOrEqual(Math.floor((w?.feasible ?? 0) * 0.25));
    expect((c?.rows ?? 0) - (c?.feasible ?? 0)).toBe((w?.rows ?? 0) - (w?.feasible ?? 0));
    expect(c?.bestLatencyMs).toBeGreaterThan(w?.bestLatencyMs ?? Number.POSITIVE_INFINITY);
    expect(summary.heldBack).toBeUndefined();
  });
});
