import type { Design } from '../arch/types';
import type { CorpusClass } from './evaluate';

/**
 * Whether exported cost models fit a study's classes: one per class, in class order, each for
 * that class id and trained on exactly its design. Page-safe (no TensorFlow.js), so the tab can
 * refuse a mismatch before it starts workers; the worker checks again, after importing each file.
 */

/** The first mismatch as an Error message naming the field, or null when the models fit. */
export function modelMismatch(
  classes: readonly CorpusClass[],
  models: readonly { classId?: unknown; design?: unknown }[],
): string | null {
  if (!Array.isArray(models) || models.length !== classes.length)
    return `models: expected one cost model per class (${classes.map((c) => c.id).join(', ')})`;
  for (let i = 0; i < classes.length; i++) {
    const cls = classes[i] as CorpusClass;
    const m = models[i];
    if (m?.classId !== cls.id)
      return `models[${i}].classId: the model is for "${String(m?.classId)}", the study's class ${i} is "${cls.id}"`;
    const d = (m.design ?? {}) as Design;
    const key = [...new Set([...Object.keys(d), ...Object.keys(cls.design)])].find((k) => d[k] !== cls.design[k]);
    if (key !== undefined)
      return `models[${i}].design.${key}: the model was trained for ${String(d[key])}, class ${cls.id} has ${String(cls.design[key])}`;
  }
  return null;
}
