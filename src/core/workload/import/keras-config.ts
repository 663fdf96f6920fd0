import { checkDim, ImportError, showValue } from './errors';
import type { Json, KerasLayerSpec } from './keras-graph';

/**
 * Typed reads of one Keras layer's config. Errors name the field as `<layer>.<key>` and the
 * message names the layer and its class, e.g. `layer "conv2d" (Conv2D): filters must be ...`.
 */
export class LayerConfig {
  constructor(readonly spec: KerasLayerSpec) {}

  field(key: string): string {
    return `${this.spec.name}.${key}`;
  }

  fail(key: string, message: string): never {
    throw new ImportError(this.field(key), `layer "${this.spec.name}" (${this.spec.className}): ${message}`);
  }

  private raw(key: string): Json | undefined {
    return this.spec.config[key];
  }

  /** A positive integer (or ≥ `min`); `def` when absent or null. */
  int(key: string, def?: number, min = 1): number {
    const v = this.raw(key);
    if ((v === undefined || v === null) && def !== undefined) return def;
    return this.dim(v, key, min);
  }

  /** `5` or `[5, 3]` as a pair (height, width); `def` when absent or null. */
  pair(key: string, def?: [number, number], min = 1): [number, number] {
    const v = this.raw(key);
    if ((v === undefined || v === null) && def !== undefined) return def;
    if (Array.isArray(v)) {
      if (v.length !== 2) this.fail(key, `${key} must have 2 entries (height, width), got ${showValue(v)}`);
      return [this.dim(v[0], key, min), this.dim(v[1], key, min)];
    }
    const x = this.dim(v, key, min);
    return [x, x];
  }

  str<T extends string>(key: string, allowed: readonly T[], def: T): T {
    const v = this.raw(key);
    if (v === undefined || v === null) return def;
    const s = typeof v === 'string' ? v.toLowerCase() : v;
    if (typeof s !== 'string' || !(allowed as readonly string[]).includes(s)) {
      this.fail(key, `${key} must be one of ${allowed.join(', ')}, got ${showValue(v)}`);
    }
    return s as T;
  }

  bool(key: string, def: boolean): boolean {
    const v = this.raw(key);
    if (v === undefined || v === null) return def;
    if (typeof v !== 'boolean') this.fail(key, `${key} must be true or false, got ${showValue(v)}`);
    return v;
  }

  /** An axis index into a rank-`rank` tensor (batch excluded), Keras-style (batch axis 0, -1 last). */
  axis(key: string, def: number, rank: number): number {
    let v = this.raw(key);
    if (Array.isArray(v) && v.length === 1) v = v[0];
    if (v === undefined || v === null) v = def;
    if (typeof v !== 'number' || !Number.isInteger(v))
      this.fail(key, `${key} must be one integer, got ${showValue(v)}`);
    // Keras counts the batch axis: axis 1 is our 0; negative axes count from the end.
    const a = v < 0 ? rank + v : v - 1;
    if (a < 0 || a >= rank) this.fail(key, `${key} ${v} is out of range for an input of rank ${rank + 1} (with batch)`);
    return a;
  }

  /** `channels_last` (Keras default) or `channels_first`. */
  channelsFirst(): boolean {
    return this.str('data_format', ['channels_last', 'channels_first'], 'channels_last') === 'channels_first';
  }

  /** A list of integers (Reshape target_shape, Permute dims); -1 allowed when `allowMinusOne`. */
  intList(key: string, allowMinusOne = false): number[] {
    const v = this.raw(key);
    if (!Array.isArray(v)) this.fail(key, `${key} must be a list of integers, got ${showValue(v)}`);
    return v.map((x) => (allowMinusOne && x === -1 ? -1 : this.dim(x, key, 1)));
  }

  /** ZeroPadding2D `padding`: 1, [1, 2] or [[top, bottom], [left, right]] → totals (H, W). */
  padding2d(key: string): [number, number] {
    const v = this.raw(key) ?? 1;
    if (!Array.isArray(v)) {
      const x = this.dim(v, key, 0);
      return [2 * x, 2 * x];
    }
    if (v.length !== 2) this.fail(key, `${key} must have 2 entries, got ${showValue(v)}`);
    const side = (e: Json | undefined): number => {
      if (Array.isArray(e)) {
        if (e.length !== 2) this.fail(key, `${key} entries must be [before, after], got ${showValue(e)}`);
        return this.dim(e[0], key, 0) + this.dim(e[1], key, 0);
      }
      return 2 * this.dim(e, key, 0);
    };
    return [side(v[0]), side(v[1])];
  }

  has(key: string): boolean {
    const v = this.raw(key);
    return v !== undefined && v !== null;
  }

  private dim(v: Json | undefined, key: string, min: number): number {
    try {
      return checkDim(v, this.field(key), key, min);
    } catch (e) {
      if (e instanceof ImportError) this.fail(key, e.message);
      throw e;
    }
  }
}
