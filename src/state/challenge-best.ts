import { z } from 'zod';
import type { Design } from '../core/arch';
import { type Challenge, challengeSchema, RESULT_KIND, verifyChallengeResult } from '../core/link/challenge';

/**
 * A challenge's "best so far" kept across reloads in localStorage, keyed by a hash of the challenge. Storage is
 * user-editable, so whatever is read back is re-verified by simulation; storage that is missing or refuses (private
 * mode, sandboxed frames, quota) gives a note for the page instead of an exception. No DOM types: the storage is
 * passed in (tests give an in-memory one), defaulting to the browser's localStorage.
 */

/** The part of the Web Storage API used here. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** A student's best feasible design for a challenge: what "best so far" shows and can load again. */
export interface ChallengeBest {
  template: 'edgetpu' | 'systolic';
  design: Design;
  /** Per challenge workload, in the unit of the challenge's target metric. */
  values: number[];
  /** The worst (largest) of `values`: what is compared with the target. */
  value: number;
  /** Whether the design meets the target on every workload (re-checked by simulation). */
  met: boolean;
}

/** JSON with object keys sorted at every level, so equal challenges always give the same text. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** 53-bit string hash (cyrb53): short, stable storage keys; collisions are caught by storing the challenge too. */
function hash53(str: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** localStorage key of a challenge's best so far: a hash of its canonical JSON (same challenge ⇒ same key). */
export function challengeBestKey(c: Challenge): string {
  return `archscope.challenge-best.${hash53(canonicalJson(challengeSchema.parse(c)))}`;
}

export const STORAGE_NOTE =
  'Your best so far cannot be saved in this browser (storage is unavailable or full, e.g. in private mode): it lasts until you reload.';

/** `window.localStorage`, or null where even reading the property throws (sandboxed frames, some private modes). */
function defaultStorage(): KeyValueStorage | null {
  try {
    return (globalThis as { localStorage?: KeyValueStorage }).localStorage ?? null;
  } catch {
    return null;
  }
}

/**
 * Re-simulates a candidate (the verifier, target not required) and returns it as a ChallengeBest, or null when it
 * does not verify: wrong template or locks, infeasible, over budget, or values that re-simulation does not give.
 */
export function verifiedBest(
  c: Challenge,
  cand: { template: string; design: Design; values: readonly number[] },
): ChallengeBest | null {
  const v = verifyChallengeResult(
    { kind: RESULT_KIND, challenge: c, template: cand.template, design: cand.design, values: [...cand.values] },
    c,
    { requireMet: false },
  );
  if (!v.ok || v.checks.length === 0) return null;
  return {
    template: cand.template as ChallengeBest['template'],
    design: { ...cand.design },
    values: v.checks.map((k) => k.value),
    value: Math.max(...v.checks.map((k) => k.value)),
    met: v.checks.every((k) => k.ok),
  };
}

const storedBestSchema = z.strictObject({
  challenge: z.string().max(20_000),
  template: z.string().max(16),
  design: z.record(z.string(), z.union([z.number(), z.string()])),
  values: z.array(z.number()).max(8),
});

/**
 * The stored best so far of a challenge, re-verified by simulation (storage is user-editable, so it is untrusted),
 * and a note when storage cannot be read. An entry that fails validation or verification is ignored.
 */
export function loadChallengeBest(
  c: Challenge,
  storage: KeyValueStorage | null = defaultStorage(),
): { best: ChallengeBest | null; note: string | null } {
  if (!storage) return { best: null, note: STORAGE_NOTE };
  let raw: string | null;
  try {
    raw = storage.getItem(challengeBestKey(c));
  } catch {
    return { best: null, note: STORAGE_NOTE };
  }
  if (!raw) return { best: null, note: null };
  let parsed: z.infer<typeof storedBestSchema>;
  try {
    parsed = storedBestSchema.parse(JSON.parse(raw));
  } catch {
    return { best: null, note: null };
  }
  if (parsed.challenge !== canonicalJson(challengeSchema.parse(c))) return { best: null, note: null };
  return { best: verifiedBest(c, parsed), note: null };
}

/** Stores a verified best so far; returns a note for the user when storage refuses (unavailable or full). */
export function saveChallengeBest(
  c: Challenge,
  best: ChallengeBest,
  storage: KeyValueStorage | null = defaultStorage(),
): string | null {
  if (!storage) return STORAGE_NOTE;
  const entry = { challenge: canonicalJson(challengeSchema.parse(c)), ...best };
  const { value: _v, met: _m, ...kept } = entry;
  try {
    storage.setItem(challengeBestKey(c), JSON.stringify(kept));
    return null;
  } catch {
    return STORAGE_NOTE;
  }
}
