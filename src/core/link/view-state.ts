import { z } from 'zod';
import { OPTIMIZER_KINDS } from '../opt/optimizer';
import { PRIME_APPLICATIONS } from '../prime/applications';
import { challengeSchema } from './challenge';
import { LinkError, packJson, unpackJson } from './codec';
import {
  AREA_BUDGET_MM2,
  COSTMODEL_TRAIN,
  LATENCY_LIMIT_MS,
  MAX_SELECTED_LAYER_CHARS,
  MAX_WORKLOADS,
  NETSTUDY_CLASSES,
  NETSTUDY_COUNT,
  POWER_LIMIT_W,
  PRIME_COUNT,
  PRIME_DROP_TOP,
  PRIME_K,
  PRIME_LOGGED_ROWS,
  PRIME_LOSS_WEIGHT,
  PRIME_STEPS,
  rangeSchema,
  STUDY_BUDGET,
  STUDY_SEED,
  STUDY_SEEDS,
  WORKLOAD_INPUT,
  WORKLOAD_WEIGHT,
} from './limits';

/**
 * The permalink: a versioned, compressed, schema-validated snapshot of what is needed to
 * reproduce a view. Declared as one typed table (Playground's state.ts idea, but validated).
 * Bump LINK_VERSION when the shape changes and add a migration in `migrate`.
 */
export const LINK_VERSION = 1;

const ZOO_ID = /^[a-z0-9_]{1,40}$/;
const DESIGN_KEY = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

const designSchema = z
  .record(
    z.string().regex(DESIGN_KEY, 'design keys are short identifiers'),
    z.union([z.number().finite(), z.string().max(16)]),
  )
  .refine((d) => Object.keys(d).length <= 32, 'a design has at most 32 parameters');

export const workloadRefSchema = z.strictObject({
  id: z.string().regex(ZOO_ID, 'workload ids are lower-case zoo ids'),
  input: rangeSchema(WORKLOAD_INPUT).optional(),
});

/** A study as a link holds it: enough to re-run it deterministically (same seeds ⇒ same designs). */
export const studyLinkSchema = z.strictObject({
  template: z.enum(['edgetpu', 'systolic']),
  preset: z.string().max(40).optional(),
  workloads: z
    .array(
      z.strictObject({
        id: z.string().regex(ZOO_ID, 'workload ids are lower-case zoo ids'),
        weight: rangeSchema(WORKLOAD_WEIGHT).optional(),
        input: rangeSchema(WORKLOAD_INPUT).optional(),
      }),
    )
    .min(1)
    .max(MAX_WORKLOADS),
  objective: z.enum(['latency', 'energy', 'edp', 'multi']),
  aggregation: z.enum(['mean', 'geomean']),
  areaMm2: rangeSchema(AREA_BUDGET_MM2).optional(),
  latencyMs: rangeSchema(LATENCY_LIMIT_MS).optional(),
  powerW: rangeSchema(POWER_LIMIT_W).optional(),
  optimizers: z.array(z.enum(OPTIMIZER_KINDS)).min(1).max(4),
  seeds: rangeSchema(STUDY_SEEDS),
  seed: rangeSchema(STUDY_SEED),
  budget: rangeSchema(STUDY_BUDGET),
  /** Start the study as soon as the link opens (shared finished studies re-run themselves). */
  run: z.boolean().optional(),
});

const zooIds = z.array(z.string().regex(ZOO_ID, 'workload ids are lower-case zoo ids')).min(1).max(MAX_WORKLOADS);

/** The PRIME form (src/state/prime-runs.ts PrimeConfig) as a link holds it; a data file stays behind. */
export const primeLinkSchema = z.strictObject({
  source: z.enum(['generate', 'logged', 'study', 'file']),
  train: zooIds,
  targets: zooIds,
  count: rangeSchema(PRIME_COUNT),
  /** Generated logged data (source 'logged'): the application set and rows per application. Optional: older links lack them. */
  apps: z
    .array(z.enum(PRIME_APPLICATIONS))
    .min(1)
    .max(PRIME_APPLICATIONS.length)
    .refine((a) => new Set(a).size === a.length, 'each application once')
    .optional(),
  rows: rangeSchema(PRIME_LOGGED_ROWS).optional(),
  /** Generated logged data: the best share of each application's feasible designs held back (optional: older links lack it). */
  dropTop: rangeSchema(PRIME_DROP_TOP).optional(),
  seed: rangeSchema(STUDY_SEED),
  k: rangeSchema(PRIME_K),
  alpha: rangeSchema(PRIME_LOSS_WEIGHT),
  beta: rangeSchema(PRIME_LOSS_WEIGHT),
  steps: rangeSchema(PRIME_STEPS),
  areaMm2: rangeSchema(AREA_BUDGET_MM2),
  naive: z.boolean(),
  online: z.boolean(),
  gate: z.boolean(),
});

/** The Network-study form (src/state/corpus-runs.ts): the space's seed, the network count, the classes. */
export const netstudyLinkSchema = z.strictObject({
  seed: rangeSchema(STUDY_SEED),
  count: rangeSchema(NETSTUDY_COUNT),
  classes: z
    .array(z.enum(NETSTUDY_CLASSES))
    .min(1)
    .max(NETSTUDY_CLASSES.length)
    .refine((c) => new Set(c).size === c.length, 'each class once'),
  /** The cost-model panel: the class it trains for and its training networks. */
  modelClass: z.enum(NETSTUDY_CLASSES),
  modelTrain: rangeSchema(COSTMODEL_TRAIN),
  /**
   * Who evaluates the study: the simulator (absent) or the learned cost model. A link carries the
   * choice, never the model file: opened elsewhere, Run asks for a model per class first.
   */
  evaluator: z.enum(['simulator', 'model']).optional(),
  /** Run the study as soon as the link opens (lessons run a small study this way). */
  run: z.boolean().optional(),
});

/** The metrics a Pareto-plot axis can show. */
export const PLOT_METRICS = ['latencyMs', 'energyMj', 'areaMm2', 'powerW', 'edp'] as const;

export const viewStateSchema = z.strictObject({
  v: z.literal(LINK_VERSION),
  view: z.enum(['explorer', 'explore', 'workloads', 'prime', 'netstudy', 'lessons']),
  workloads: z.array(workloadRefSchema).min(1).max(MAX_WORKLOADS),
  /** Index into `workloads` of the one whose totals and breakdown are shown; absent = the first. */
  active: z
    .number()
    .int()
    .min(0)
    .max(MAX_WORKLOADS - 1)
    .optional(),
  template: z.enum(['edgetpu', 'systolic']),
  preset: z.string().max(40).optional(),
  design: designSchema,
  /** Area budget, mm²; absent = no budget (the systolic template's default). */
  budgetMm2: rangeSchema(AREA_BUDGET_MM2).optional(),
  breakdown: z.enum(['cycles', 'energy']),
  sort: z.enum(['order', 'cost']),
  selectedLayer: z.string().max(MAX_SELECTED_LAYER_CHARS).optional(),
  pinned: z
    .strictObject({
      template: z.enum(['edgetpu', 'systolic']),
      design: designSchema,
      label: z.string().max(60).optional(),
    })
    .optional(),
  study: studyLinkSchema.optional(),
  /** The Pareto plot's axes and colouring, once they differ from latency × energy coloured by optimizer. */
  plot: z
    .strictObject({
      x: z.enum(PLOT_METRICS),
      y: z.enum(PLOT_METRICS),
      colour: z.enum(['group', 'order']),
    })
    .optional(),
  /** The PRIME form, once it differs from its defaults or the PRIME view is open. */
  prime: primeLinkSchema.optional(),
  /** The Network-study form, once it differs from its defaults or its tab is open. */
  netstudy: netstudyLinkSchema.optional(),
  /** A classroom challenge (src/core/link/challenge.ts): goal shown in the explorer. */
  challenge: challengeSchema.optional(),
});

export type StudyLink = z.infer<typeof studyLinkSchema>;
export type PrimeLink = z.infer<typeof primeLinkSchema>;
export type NetstudyLink = z.infer<typeof netstudyLinkSchema>;
export type ViewState = z.infer<typeof viewStateSchema>;
export type WorkloadRef = z.infer<typeof workloadRefSchema>;

/** Old link versions are migrated here, one step at a time (none yet: version 1 is the first). */
function migrate(raw: Record<string, unknown>): Record<string, unknown> {
  return raw;
}

/** Names the first failing field of a schema error, e.g. `budgetMm2` or `workloads[0].id`. */
function fieldOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    '',
  );
}

/** The schema's verdict on `raw`: the valid state, or a LinkError naming the first failing field. */
function checked(raw: unknown): ViewState {
  const parsed = viewStateSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue ? fieldOf(issue.path) : '';
  throw new LinkError(`field "${field}": ${issue?.message ?? 'invalid'}`, 'invalid', field);
}

/**
 * State → the hash payload (without `#s=`). A state the schema rejects throws a LinkError naming
 * the field (never a bare ZodError), so the page can say which value cannot travel in a link.
 */
export function encodeViewState(state: ViewState): string {
  return packJson(checked(state));
}

/**
 * Hash payload → validated state, or a LinkError naming what is wrong: corrupt/truncated text,
 * a version from the future, or a field that fails the schema.
 */
export function decodeViewState(payload: string): ViewState {
  const raw = unpackJson(payload);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new LinkError('the link does not hold a view', 'invalid');
  }
  const obj = raw as Record<string, unknown>;
  const v = obj.v;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new LinkError('the link has no version', 'invalid', 'v');
  if (v > LINK_VERSION) {
    throw new LinkError(
      `the link was made by a newer Archscope (link version ${v}; this one reads up to ${LINK_VERSION})`,
      'version',
      'v',
    );
  }
  const state = checked(migrate(obj));
  if (state.active !== undefined && state.active >= state.workloads.length) {
    throw new LinkError(
      `field "active": workload ${state.active + 1} is shown but the link lists ${state.workloads.length}`,
      'invalid',
      'active',
    );
  }
  return state;
}
