import type { ConstantSpec, Design, DesignTemplate, ParamSpec } from './types';

/** Why a design is not valid for a template; `key` names the offending key. */
export interface DesignError {
  key: string;
  message: string;
}

function checkNumber(
  key: string,
  v: number | string | undefined,
  spec: { min?: number; max?: number; integer?: boolean; unit: string },
): DesignError | undefined {
  if (typeof v !== 'number') return { key, message: `${key}: expected a number, got ${JSON.stringify(v)}` };
  if (!Number.isFinite(v)) return { key, message: `${key}: ${v} is not a finite number` };
  if (spec.integer && !Number.isInteger(v)) return { key, message: `${key}: ${v} is not an integer` };
  if ((spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max)) {
    const unit = spec.unit ? ` ${spec.unit}` : '';
    return { key, message: `${key}: ${v}${unit} is outside the allowed range ${spec.min}…${spec.max}${unit}` };
  }
  return undefined;
}

function isEnum(p: ParamSpec): boolean {
  return typeof p.values[0] === 'string';
}

/**
 * Errors of `design` against `template`: unknown keys, missing parameters, wrong types, values
 * outside a parameter's manual range (or not one of an enum's choices), constants out of range.
 * An empty list means the design is valid; off-grid numeric values are valid.
 */
export function validateDesign(template: DesignTemplate, design: Design): DesignError[] {
  const errors: DesignError[] = [];
  const params = new Map(template.params.map((p) => [p.key, p]));
  const constants = new Map(template.constants.map((c) => [c.key, c]));
  for (const key of Object.keys(design)) {
    if (!params.has(key) && !constants.has(key)) {
      const known = [...params.keys(), ...constants.keys()].join(', ');
      errors.push({ key, message: `${key}: unknown key for template ${template.id} (known: ${known})` });
    }
  }
  for (const p of template.params) {
    const v = design[p.key];
    if (v === undefined) {
      errors.push({ key: p.key, message: `${p.key}: missing (${p.label})` });
    } else if (isEnum(p)) {
      if (!p.values.includes(v)) {
        errors.push({ key: p.key, message: `${p.key}: ${JSON.stringify(v)} is not one of ${p.values.join(' | ')}` });
      }
    } else {
      const e = checkNumber(p.key, v, p);
      if (e) errors.push(e);
    }
  }
  for (const c of template.constants) {
    const v = design[c.key];
    if (v === undefined) continue;
    const e = checkNumber(c.key, v, c);
    if (e) errors.push(e);
  }
  return errors;
}

const defaultsCache = new WeakMap<DesignTemplate, Readonly<Record<string, number>>>();

/** Default value of every constant of `template`, by key (cached). */
export function constantDefaults(template: DesignTemplate): Readonly<Record<string, number>> {
  let d = defaultsCache.get(template);
  if (!d) {
    d = Object.fromEntries(template.constants.map((c) => [c.key, c.default]));
    defaultsCache.set(template, d);
  }
  return d;
}

/** Value of a numeric parameter or constant of a (validated) design; constants fall back to their default. */
export function designNumber(template: DesignTemplate, design: Design, key: string): number {
  const v = design[key];
  if (typeof v === 'number') return v;
  const c: ConstantSpec | undefined = template.constants.find((s) => s.key === key);
  if (c) return c.default;
  throw new Error(`${key}: not a numeric parameter or constant of template ${template.id}`);
}

/** Index of the grid value nearest to `v` (log distance for positive numbers; ties go to the lower value). */
function nearestIndex(values: readonly (number | string)[], v: number | string): number {
  const exact = values.indexOf(v);
  if (exact >= 0 || typeof v === 'string') return exact;
  let best = 0;
  let bestD = Number.POSITIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const g = values[i] as number;
    const d = g > 0 && v > 0 ? Math.abs(Math.log(v / g)) : Math.abs(v - g);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/**
 * Integer index vector of a design (one entry per parameter, in `template.params` order): the
 * index of its value in the parameter's search values. Off-grid values (manual designs such as
 * the `coral` preset's 0.45 GB/s host link) encode as the nearest grid value in log distance,
 * so `decodeDesign(encodeDesign(d))` moves them onto the grid; `isOnGrid` tells when that
 * happens. Constants are not encoded.
 */
export function encodeDesign(template: DesignTemplate, design: Design): Int32Array {
  const out = new Int32Array(template.params.length);
  template.params.forEach((p, i) => {
    const v = design[p.key];
    const idx = v === undefined ? -1 : nearestIndex(p.values, v);
    if (idx < 0) throw new Error(`${p.key}: ${JSON.stringify(v)} cannot be encoded`);
    out[i] = idx;
  });
  return out;
}

/**
 * The design of an index vector. Constants come from `base` (e.g. a preset) when given, else
 * the template defaults apply at evaluation.
 */
export function decodeDesign(template: DesignTemplate, index: ArrayLike<number>, base?: Design): Design {
  const d: Design = {};
  if (base) {
    for (const c of template.constants) {
      const v = base[c.key];
      if (v !== undefined) d[c.key] = v;
    }
  }
  template.params.forEach((p, i) => {
    const k = index[i] ?? -1;
    const v = p.values[k];
    if (v === undefined) throw new Error(`${p.key}: index ${k} outside 0…${p.values.length - 1}`);
    d[p.key] = v;
  });
  return d;
}

/** True when every parameter of `design` is one of its search values. */
export function isOnGrid(template: DesignTemplate, design: Design): boolean {
  return template.params.every((p) => {
    const v = design[p.key];
    return v !== undefined && p.values.includes(v);
  });
}

/** Number of designs on the search grid (product of the value counts). */
export function designSpaceSize(template: DesignTemplate): number {
  return template.params.reduce((n, p) => n * p.values.length, 1);
}

/**
 * A uniformly random grid design; `rng` returns floats in [0, 1) (pass a seeded one).
 * Constants come from `base` when given.
 */
export function randomDesign(template: DesignTemplate, rng: () => number, base?: Design): Design {
  const idx = template.params.map((p) => Math.min(p.values.length - 1, Math.floor(rng() * p.values.length)));
  return decodeDesign(template, idx, base);
}
