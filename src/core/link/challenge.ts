import { z } from 'zod';
import { type Design, requireTemplate, validateDesign } from '../arch';
import { evaluate } from '../sim';
import { buildZooModel, zooEntry } from '../workload/zoo';
import { AREA_BUDGET_MM2, MAX_WORKLOADS, rangeSchema, WORKLOAD_INPUT } from './limits';

/**
 * A challenge an instructor puts in a permalink: make a design for these workloads, within this
 * area budget, whose latency (ms) or energy (mJ) per inference is at most `target.max` on every
 * workload, without touching the `locked` parameters. Students export a result file; the
 * instructor re-simulates it with `verifyChallengeResult` — no server, nothing trusted.
 */
const ZOO_ID = /^[a-z0-9_]{1,40}$/;
const DESIGN_KEY = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const designValue = z.union([z.number().finite(), z.string().max(16)]);

export const challengeSchema = z.strictObject({
  title: z.string().max(120).optional(),
  template: z.enum(['edgetpu', 'systolic']),
  workloads: z
    .array(
      z.strictObject({
        id: z.string().regex(ZOO_ID, 'workload ids are lower-case zoo ids'),
        input: rangeSchema(WORKLOAD_INPUT).optional(),
      }),
    )
    .min(1)
    .max(MAX_WORKLOADS),
  /** Area budget, mm². */
  budgetMm2: rangeSchema(AREA_BUDGET_MM2),
  /** latencyMs: ms per inference; energyMj: mJ per inference; `max` must hold on every workload. */
  target: z.strictObject({ metric: z.enum(['latencyMs', 'energyMj']), max: z.number().finite().positive().max(1e6) }),
  /** Parameters the student may not change, with the values they must keep. */
  locked: z
    .record(z.string().regex(DESIGN_KEY), designValue)
    .refine((d) => Object.keys(d).length <= 32, 'at most 32 locked parameters')
    .optional(),
});

export type Challenge = z.infer<typeof challengeSchema>;

export const RESULT_KIND = 'archscope-challenge-result';

export const challengeResultSchema = z.strictObject({
  kind: z.literal(RESULT_KIND),
  challenge: challengeSchema,
  template: z.enum(['edgetpu', 'systolic']),
  design: z
    .record(z.string().regex(DESIGN_KEY), designValue)
    .refine((d) => Object.keys(d).length <= 64, 'at most 64 design parameters'),
  /** What the student's browser measured, per challenge workload (unit of `target.metric`). */
  values: z.array(z.number().finite()).max(8),
});

export type ChallengeResult = z.infer<typeof challengeResultSchema>;

/** One workload's verdict: the metric value and whether it meets the target. */
export interface ChallengeCheck {
  workload: string;
  value: number;
  feasible: boolean;
  areaMm2: number;
  ok: boolean;
}

/** Why a design does not meet a challenge, or null if it does. Pure: it re-simulates every workload. */
export function challengeChecks(challenge: Challenge, templateId: string, design: Design): ChallengeCheck[] {
  const template = requireTemplate(templateId);
  return challenge.workloads.map((w) => {
    const ev = evaluate(template, design, buildZooModel(w.id, w.input), { areaBudgetMm2: challenge.budgetMm2 });
    const value = ev.totals[challenge.target.metric];
    const ok = ev.feasible && !ev.overBudget && value <= challenge.target.max;
    return { workload: w.id, value, feasible: ev.feasible, areaMm2: ev.totals.areaMm2, ok };
  });
}

/** Locked parameters whose value in `design` differs from the challenge's. */
export function brokenLocks(challenge: Challenge, design: Design): string[] {
  return Object.entries(challenge.locked ?? {})
    .filter(([k, v]) => design[k] !== v)
    .map(([k]) => k);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
/** Relative tolerance for a re-simulated value vs the exported one (the simulator is deterministic). */
const VALUE_RTOL = 1e-9;

export type Verdict = { ok: true; checks: ChallengeCheck[] } | { ok: false; message: string };

/**
 * Re-verifies an exported result: the file is well-formed, poses the expected challenge (when the
 * instructor gives it), uses its template and locks, the design is valid, and re-simulating it
 * gives the exported values and meets the target on every workload. With `requireMet: false` a
 * feasible, within-budget design that misses the target still passes (a student's best so far):
 * the verdict's checks then say, per workload, whether the target is met.
 */
export function verifyChallengeResult(
  raw: unknown,
  expected?: Challenge,
  opts: { requireMet?: boolean } = {},
): Verdict {
  const requireMet = opts.requireMet ?? true;
  const r = challengeResultSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    return { ok: false, message: `not a valid result file (${i ? `${i.path.join('.')}: ${i.message}` : 'invalid'})` };
  }
  const { challenge, template, design, values } = r.data;
  if (expected && !same(challengeSchema.parse(expected), challenge)) {
    return { ok: false, message: 'the challenge in the file differs from the one that was set' };
  }
  for (const w of challenge.workloads) {
    if (!zooEntry(w.id)) return { ok: false, message: `no zoo model "${w.id}"` };
  }
  if (template !== challenge.template) {
    return { ok: false, message: `the design uses template ${template}; the challenge asks for ${challenge.template}` };
  }
  const locks = brokenLocks(challenge, design);
  if (locks.length) return { ok: false, message: `locked parameters were changed: ${locks.join(', ')}` };
  const errors = validateDesign(requireTemplate(template), design);
  if (errors[0]) return { ok: false, message: `the design is invalid: ${errors[0].message}` };
  let checks: ChallengeCheck[];
  try {
    checks = challengeChecks(challenge, template, design);
  } catch (e) {
    return { ok: false, message: `the design could not be simulated: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (values.length !== checks.length) {
    return { ok: false, message: `the file reports ${values.length} values for ${checks.length} workloads` };
  }
  for (const [i, c] of checks.entries()) {
    const v = values[i] ?? Number.NaN;
    if (!(Math.abs(v - c.value) <= VALUE_RTOL * Math.max(1, Math.abs(c.value)))) {
      return {
        ok: false,
        message: `${c.workload}: the file reports ${v} but re-simulation gives ${c.value} (${challenge.target.metric})`,
      };
    }
  }
  const bad = checks.find((c) => !c.ok && (requireMet || !c.feasible || c.areaMm2 > challenge.budgetMm2));
  if (bad) {
    const why = !bad.feasible
      ? 'the design cannot run it'
      : bad.areaMm2 > challenge.budgetMm2
        ? `area ${bad.areaMm2.toFixed(2)} mm² is over the ${challenge.budgetMm2} mm² budget`
        : `${challenge.target.metric} ${bad.value.toPrecision(4)} is above the target ${challenge.target.max}`;
    return { ok: false, message: `${bad.workload}: the design does not meet the challenge (${why})` };
  }
  return { ok: true, checks };
}
