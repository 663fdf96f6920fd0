import { parseArgs } from 'node:util';

/** A usage error: the CLI prints its message on one line and exits with code 2. */
export class UsageError extends Error {}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;

/** Parses flags strictly; unknown flags and missing values become a UsageError naming the flag. */
export function parseFlags<T extends OptionSpec>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    // node's messages name the flag: "Unknown option '--foo'", "Option '--x <value>' argument missing"
    throw new UsageError(msg.split('\n')[0] ?? msg);
  }
}

/** A positive integer flag in [min, max], or a UsageError naming it. */
export function intFlag(name: string, raw: string | undefined, min: number, max: number, fallback?: number): number {
  if (raw === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required`);
    return fallback;
  }
  if (!/^-?\d+$/.test(raw.trim())) throw new UsageError(`--${name} must be an integer, got "${raw}"`);
  const v = Number(raw);
  if (v < min || v > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${v}`);
  return v;
}

/** A finite number flag in [min, max]. */
export function numFlag(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v)) throw new UsageError(`--${name} must be a number, got "${raw}"`);
  if (v < min || v > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${v}`);
  return v;
}
