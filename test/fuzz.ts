import fc from 'fast-check';
import { IMPORT_LIMITS, ImportError } from '../src/core/workload/import/errors';
import { layerInputBytes, layerMacs, layerOutputBytes, layerParams } from '../src/core/workload/layer';
import type { Workload } from '../src/core/workload/workload';

/** A JSON value as JSON.parse returns it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Shared pieces of the property-based fuzz suites (`src/**\/*.fuzz.test.ts`, docs/reliability.md).
 * Each suite fixes its own seed so CI is reproducible; fast-check prints the seed and the
 * shrunk path of a failure, and `fc.assert(prop, { seed, path })` replays it.
 */

/** Cases per fuzz property (issue 9: at least 10,000 per target). */
export const FUZZ_RUNS = 10_000;

/** One edit of a text: replace, insert or delete one character, duplicate or cut a span. */
export type Edit =
  | { kind: 'flip' | 'insert'; at: number; ch: string }
  | { kind: 'delete' | 'truncate'; at: number }
  | { kind: 'dup'; at: number; len: number };

/** Edits whose characters come from `ch` (positions are fractions of the current length). */
export function editArb(ch: fc.Arbitrary<string>): fc.Arbitrary<Edit> {
  const at = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
  return fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at, ch }),
    fc.record({ kind: fc.constant('insert' as const), at, ch }),
    fc.record({ kind: fc.constant('delete' as const), at }),
    fc.record({ kind: fc.constant('truncate' as const), at }),
    fc.record({ kind: fc.constant('dup' as const), at, len: fc.integer({ min: 1, max: 40 }) }),
  );
}

/** `text` after `edits`, applied in order. */
export function mutate(text: string, edits: readonly Edit[]): string {
  let s = text;
  for (const e of edits) {
    const i = Math.floor(e.at * (s.length + 1));
    switch (e.kind) {
      case 'flip':
        s = s.slice(0, i) + e.ch + s.slice(i + 1);
        break;
      case 'insert':
        s = s.slice(0, i) + e.ch + s.slice(i);
        break;
      case 'delete':
        s = s.slice(0, i) + s.slice(i + 1);
        break;
      case 'truncate':
        s = s.slice(0, i);
        break;
      case 'dup':
        s = s.slice(0, i) + s.slice(i, i + e.len) + s.slice(i);
    }
  }
  return s;
}

/** A mutated version of one of `texts`: 1–`maxEdits` edits with characters from `ch`. */
export function mutatedArb(texts: readonly string[], ch: fc.Arbitrary<string>, maxEdits = 6): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...texts), fc.array(editArb(ch), { minLength: 1, maxLength: maxEdits }))
    .map(([t, edits]) => mutate(t, edits));
}

/** One byte as a one-character (Latin-1) string: the text edits above then apply to binary files. */
export const anyByte: fc.Arbitrary<string> = fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c));

/** One of the binary `files` after 1–`maxEdits` byte edits (via their Latin-1 text). */
export function mutatedBytesArb(files: readonly Uint8Array[], maxEdits = 4): fc.Arbitrary<Uint8Array> {
  const texts = files.map((f) => Array.from(f, (b) => String.fromCharCode(b)).join(''));
  return mutatedArb(texts, anyByte, maxEdits).map((s) => {
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  });
}

/** Any UTF-16 code unit, lone surrogates included (what a hostile file or URL can hold). */
export const anyChar16: fc.Arbitrary<string> = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

/**
 * Runs `fn`: its result, or `undefined` when it threw an instance of `errorClass`. Any other
 * exception (TypeError, RangeError, a bare Error) escapes and fails the property.
 */
export function resultOrTyped<T>(
  fn: () => T,
  errorClass: abstract new (...args: never[]) => Error,
  onError?: (e: Error) => void,
): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof errorClass)) throw e;
    if (e.message.trim() === '') throw new Error(`${errorClass.name} with an empty message`);
    onError?.(e);
    return undefined;
  }
}

/** Every number reachable in `v` (objects, arrays, typed arrays), with its path, for finiteness checks. */
export function numbersIn(v: unknown, path = '', out: [string, number][] = []): [string, number][] {
  if (typeof v === 'number') out.push([path, v]);
  else if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const a = v as unknown as ArrayLike<number>;
    for (let i = 0; i < a.length; i++) out.push([`${path}[${i}]`, a[i] as number]);
  } else if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) numbersIn(x, `${path}[${i}]`, out);
  } else if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) numbersIn(x, path ? `${path}.${k}` : k, out);
  }
  return out;
}

/**
 * What is wrong with an imported workload, or []: shapes must be positive safe integers, MACs,
 * parameters and activation bytes finite non-negative integers, graph edges (`from`) point at
 * earlier layers or the input (-1), and the import limits hold.
 * Plain checks collected into one list: a per-field `expect` would cost more than the import itself.
 */
export function workloadProblems(wl: Workload): string[] {
  const bad: string[] = [];
  if (wl.layers.length === 0 || wl.layers.length > IMPORT_LIMITS.layers) bad.push(`${wl.layers.length} layers`);
  for (const k of ['c', 'h', 'w'] as const) {
    if (!(Number.isSafeInteger(wl.input[k]) && wl.input[k] >= 1)) bad.push(`input.${k} = ${wl.input[k]}`);
  }
  let macs = 0;
  for (const [i, l] of wl.layers.entries()) {
    if (l.from && (l.from.length === 0 || l.from.some((j) => !Number.isInteger(j) || j < -1 || j >= i)))
      bad.push(`${l.name}.from = [${l.from.join(', ')}]`);
    for (const k of ['n', 'c', 'h', 'w', 'k', 'p', 'q', 'r', 's', 'strideH', 'strideW', 'groups'] as const) {
      if (!(Number.isSafeInteger(l[k]) && l[k] >= 1)) bad.push(`${l.name}.${k} = ${l[k]}`);
    }
    for (const k of ['padH', 'padW'] as const) {
      if (!(Number.isSafeInteger(l[k]) && l[k] >= 0)) bad.push(`${l.name}.${k} = ${l[k]}`);
    }
    const counts = [layerMacs(l), layerParams(l), layerInputBytes(l), layerOutputBytes(l)];
    if (!counts.every((v) => Number.isSafeInteger(v) && v >= 0)) bad.push(`${l.name}: counts ${counts}`);
    if (l.k * l.p * l.q > IMPORT_LIMITS.tensorElements) bad.push(`${l.name}: output over 2^40 elements`);
    macs += layerMacs(l);
  }
  if (macs > IMPORT_LIMITS.macs) bad.push(`total MACs ${macs}`);
  return bad;
}

/**
 * Runs an importer on one input: its workload, which must have no `workloadProblems`, or
 * undefined after an ImportError whose field is set. Anything else thrown fails the property.
 */
export function soundImport(fn: () => Workload, what = ''): Workload | undefined {
  const wl = resultOrTyped(fn, ImportError, (e) => {
    if ((e as ImportError).field === '') throw new Error(`${what}: ImportError without a field: ${e.message}`);
  });
  const bad = wl ? workloadProblems(wl) : [];
  if (bad.length > 0) throw new Error(`${what}: unsound workload: ${bad.join('; ')}`);
  return wl;
}

/** Paths (key / index lists) to every node of `v`, the root included. */
export function pathsOf(v: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) pathsOf(x, [...at, i], out);
  } else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) pathsOf(x, [...at, k], out);
  return out;
}

/** `root` with the node at `path` replaced (or, with `remove`, deleted); copies only along the path. */
export function replaceAt(root: Json, path: readonly (string | number)[], value: Json, remove: boolean): Json {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(root)) {
    const copy = root.slice();
    if (remove && rest.length === 0) copy.splice(head as number, 1);
    else copy[head as number] = replaceAt(root[head as number] as Json, rest, value, remove);
    return copy;
  }
  const obj = { ...(root as Record<string, Json>) };
  if (remove && rest.length === 0) delete obj[head];
  else obj[head] = replaceAt(obj[head] as Json, rest, value, remove);
  return obj;
}

/** Edge values a hostile or damaged JSON file may hold where real files have something sane. */
export const EDGE_JSON: Json[] = [0, -1, -0.5, 1.5, 1e300, -1e300, 2 ** 53, null, '', 'x', true, false, [], {}, [null]];

/**
 * One of `roots` with one node replaced by a value of `value` or (1 in 6) deleted. Paths are
 * computed once; copies are made only along the edited path, so a case costs microseconds.
 */
export function structurallyMutatedArb(roots: readonly Json[], value: fc.Arbitrary<Json>): fc.Arbitrary<Json> {
  const paths = roots.map((r) => pathsOf(r));
  return fc
    .tuple(fc.integer({ min: 0, max: roots.length - 1 }), fc.nat(), value, fc.integer({ min: 0, max: 5 }))
    .map(([r, i, v, op]) => {
      const ps = paths[r] as (string | number)[][];
      return replaceAt(roots[r] as Json, ps[i % ps.length] as (string | number)[], v, op === 0);
    });
}
