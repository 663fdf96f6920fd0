import { describe, expect, it } from 'vitest';
import { EDGETPU } from '../core/arch';
import { type Challenge, challengeChecks } from '../core/link/challenge';
import {
  canonicalJson,
  challengeBestKey,
  type KeyValueStorage,
  loadChallengeBest,
  STORAGE_NOTE,
  saveChallengeBest,
  verifiedBest,
} from './challenge-best';

/** An in-memory Storage (Node has no localStorage). */
function memoryStorage(): KeyValueStorage {
  const data = new Map<string, string>();
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

const base = { ...(EDGETPU.presets['prime-baseline'] ?? {}) };
const slow = { ...base, lanes: 16 };
const valuesOf = (c: Challenge, d: Record<string, number | string>) =>
  challengeChecks(c, 'edgetpu', d).map((x) => x.value);
// Target between the 16-lane and the 64-lane latency, so one design meets it and the other does not.
const probe: Challenge = {
  template: 'edgetpu',
  workloads: [{ id: 'mobilenet_v2' }],
  budgetMm2: 27,
  target: { metric: 'latencyMs', max: 1e6 },
};
const fast = valuesOf(probe, base)[0] as number;
const slower = valuesOf(probe, slow)[0] as number;
const challenge: Challenge = {
  ...probe,
  target: { metric: 'latencyMs', max: (fast + slower) / 2 },
  locked: { dramBandwidth: 30 },
};

describe('challenge best so far', () => {
  it('keys by the challenge, not by the order of its fields', () => {
    const reordered = JSON.parse(canonicalJson(challenge)) as Challenge;
    const { locked, target, ...rest } = reordered;
    const shuffled: Challenge = { ...(locked ? { locked } : {}), target, ...rest };
    expect(Object.keys(shuffled)[0]).toBe('locked');
    expect(challengeBestKey(shuffled)).toBe(challengeBestKey(challenge));
    expect(challengeBestKey({ ...challenge, target: { metric: 'latencyMs', max: 1 } })).not.toBe(
      challengeBestKey(challenge),
    );
  });

  it('round-trips a verified best through storage and re-checks whether it meets the target', () => {
    expect(slower).toBeGreaterThan(fast);
    const store = memoryStorage();
    for (const [design, met] of [
      [slow, false],
      [base, true],
    ] as const) {
      const best = verifiedBest(challenge, { template: 'edgetpu', design, values: valuesOf(challenge, design) });
      expect(best?.met).toBe(met);
      if (!best) throw new Error('did not verify');
      expect(saveChallengeBest(challenge, best, store)).toBeNull();
      const loaded = loadChallengeBest(challenge, store);
      expect(loaded.note).toBeNull();
      expect(loaded.best).toEqual(best);
    }
    // another challenge does not see it
    expect(loadChallengeBest({ ...challenge, budgetMm2: 26 }, store).best).toBeNull();
  });

  it('drops stored entries that do not re-verify (forged values, broken lock, garbage)', () => {
    const store = memoryStorage();
    const key = challengeBestKey(challenge);
    const entry = {
      challenge: canonicalJson(challenge),
      template: 'edgetpu',
      design: base,
      values: valuesOf(challenge, base),
    };
    store.setItem(key, JSON.stringify({ ...entry, values: [fast / 2] }));
    expect(loadChallengeBest(challenge, store).best).toBeNull();
    store.setItem(key, JSON.stringify({ ...entry, design: { ...base, dramBandwidth: 25 } }));
    expect(loadChallengeBest(challenge, store).best).toBeNull();
    store.setItem(key, '{not json');
    expect(loadChallengeBest(challenge, store)).toEqual({ best: null, note: null });
    expect(verifiedBest(challenge, { template: 'edgetpu', design: base, values: [fast / 2] })).toBeNull();
  });

  it('reports unavailable or refusing storage with a note instead of throwing', () => {
    const best = verifiedBest(challenge, { template: 'edgetpu', design: base, values: valuesOf(challenge, base) });
    if (!best) throw new Error('did not verify');
    expect(loadChallengeBest(challenge, null)).toEqual({ best: null, note: STORAGE_NOTE });
    expect(saveChallengeBest(challenge, best, null)).toBe(STORAGE_NOTE);
    const refusing = memoryStorage();
    refusing.setItem = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    refusing.getItem = () => {
      throw new DOMException('denied', 'SecurityError');
    };
    expect(saveChallengeBest(challenge, best, refusing)).toBe(STORAGE_NOTE);
    expect(loadChallengeBest(challenge, refusing).note).toBe(STORAGE_NOTE);
  });
});
