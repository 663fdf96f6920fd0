import { ZOO } from '../core/workload/zoo';
import type { ModelTag } from '../state/prime-runs';
import { num } from './format';

/** The PRIME panel's names for its two models, in tables and legends. */
export const MODEL_LABEL: Record<ModelTag, string> = { prime: 'PRIME', naive: 'naive MBO (α = β = 0)' };
/** The short name, in series and row labels. */
export const MODEL_SHORT: Record<ModelTag, string> = { prime: 'PRIME', naive: 'naive' };
/** Both models, in display order. */
export const MODEL_TAGS: readonly ModelTag[] = ['prime', 'naive'];

/** A zoo workload's display name (its id when unknown). */
export const zooName = (id: string) => ZOO.find((z) => z.id === id)?.name ?? id;

/** `digits` significant digits, or an em dash for a missing value. */
export const fmt = (v: number, digits = 3) => num(v, digits);
