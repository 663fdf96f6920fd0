import { parseArgs } from 'node:util';

/** A usage error: the CLI prints its message on one line and exits with code 2. */
export class UsageError extends Error {}

/**
 * A user-typed value quoted for a one-line message: JSON-escaped (a newline or control character
 * in an argument would otherwise split the CLI's single error line) and cut at 60 characters.
 */
export function quoted(raw: string): string {
  return JSON.stringify(raw.length > 60 ? `${raw.slice(0, 59)}…` : raw);
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;

/** Parses flags strictly; unknown flags and missing values become a UsageError naming the flag. */
export function parseFlags<T extends OptionSpec>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    // node's messages name the flag: "Unknown option '--foo'", "Option '--x <value>' argument missing"
    throw new UsageError((msg.split('\n')[0] ?? msg).replace(/[\r\u2028\u2029]/g, ' '));
  }
}

/** A positive integer flag in [min, max], or a UsageError naming it. */
export function intFlag(name: string, raw: string | undefined, min: number, max: number, fallback?: number): number {
  if (raw === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required`);
    return fallback;
  }
  if (!/^-?\d+$/.test(raw.trim())) throw new UsageError(`--${name} must be an integer, got ${quoted(raw)}`);
  const v = Number(raw);
  if (v < min || v > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${v}`);
  return v;
}

/** A finite number flag in [min, max]. */
export function numFlag(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v)) throw new UsageError(`--${name} must be a number, got ${quoted(raw)}`);
  if (v < min || v > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${v}`);
  return v;
}
