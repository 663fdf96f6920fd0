import { describe, expect, it } from 'vitest';
import { EDGETPU } from '../arch';
import { type Challenge, challengeChecks, RESULT_KIND, verifyChallengeResult } from './challenge';

const base = { ...(EDGETPU.presets['prime-baseline'] ?? {}) };
// The target is set from the baseline itself (1% slack): the tests check the verifier's logic, not a number.
const baseLatency = challengeChecks(
  {
    template: 'edgetpu',
    workloads: [{ id: 'mobilenet_v2' }],
    budgetMm2: 27,
    target: { metric: 'latencyMs', max: 1e6 },
  },
  'edgetpu',
  base,
)[0]?.value as number;
const challenge: Challenge = {
  template: 'edgetpu',
  workloads: [{ id: 'mobilenet_v2' }],
  budgetMm2: 27,
  target: { metric: 'latencyMs', max: baseLatency * 1.01 },
  locked: { dramBandwidth: 30 },
};
const resultFor = (design: Record<string, number | string>, c: Challenge = challenge) => ({
  kind: RESULT_KIND,
  challenge: c,
  template: 'edgetpu',
  design,
  values: challengeChecks(c, 'edgetpu', design).map((x) => x.value),
});

describe('verifyChallengeResult', () => {
  it('accepts a design that meets the target, re-simulating it', () => {
    const v = verifyChallengeResult(resultFor(base), challenge);
    expect(v.ok).toBe(true);
    if (v.ok) expect(v.checks[0]?.value).toBeGreaterThan(0);
  });

  it('rejects a design that is slower than the target (fewer lanes cannot be faster)', () => {
    const v = verifyChallengeResult(resultFor({ ...base, lanes: 16 }), challenge);
    expect(v).toMatchObject({ ok: false });
    if (!v.ok) expect(v.message).toMatch(/latencyMs .* is above the target/);
  });

  it('rejects a design over the area budget even when it is fast', () => {
    const v = verifyChallengeResult(resultFor({ ...base, lanes: 256 }), challenge);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.message).toMatch(/over the 27 mm² budget/);
  });

  it('rejects exported values that do not match re-simulation', () => {
    const r = resultFor({ ...base, lanes: 16 });
    r.values = [baseLatency * 0.5];
    const v = verifyChallengeResult(r, challenge);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.message).toMatch(/re-simulation gives/);
  });

  it('rejects a file whose challenge was loosened', () => {
    const loose = { ...challenge, target: { metric: 'latencyMs' as const, max: 1000 } };
    const v = verifyChallengeResult(resultFor({ ...base, lanes: 16 }, loose), challenge);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.message).toMatch(/differs from the one that was set/);
  });

  it('rejects a design that changed a locked parameter', () => {
    const v = verifyChallengeResult(resultFor({ ...base, dramBandwidth: 25 }), challenge);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.message).toMatch(/locked parameters were changed: dramBandwidth/);
  });

  it('rejects malformed files with a message', () => {
    const v = verifyChallengeResult({ kind: RESULT_KIND, challenge, template: 'edgetpu', design: base });
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.message).toMatch(/values/);
    expect(verifyChallengeResult('nope').ok).toBe(false);
  });

  it('with requireMet false accepts a feasible miss (a best so far) but still rejects over-budget and forged values', () => {
    const slow = resultFor({ ...base, lanes: 16 });
    const v = verifyChallengeResult(slow, challenge, { requireMet: false });
    expect(v.ok).toBe(true);
    if (v.ok) {
      expect(v.checks[0]?.ok).toBe(false);
      expect(v.checks[0]?.value).toBeGreaterThan(challenge.target.max);
    }
    expect(verifyChallengeResult(resultFor({ ...base, lanes: 256 }), challenge, { requireMet: false }).ok).toBe(false);
    const forged = { ...slow, values: [baseLatency * 0.5] };
    expect(verifyChallengeResult(forged, challenge, { requireMet: false }).ok).toBe(false);
    const unlocked = resultFor({ ...base, lanes: 16, dramBandwidth: 25 });
    expect(verifyChallengeResult(unlocked, challenge, { requireMet: false }).ok).toBe(false);
  });
});
