import fc from 'fast-check';

/**
 * Byte-level edits for fuzzing the binary importers (ONNX protobuf, TFLite flatbuffer), the
 * binary counterpart of test/fuzz.ts's text edits: set one byte, insert, delete, truncate,
 * duplicate a span, or overwrite 4 bytes with an edge 32-bit value (a length or offset going wild).
 */
export type ByteEdit =
  | { kind: 'set' | 'insert'; at: number; b: number }
  | { kind: 'delete' | 'truncate'; at: number }
  | { kind: 'dup'; at: number; len: number }
  | { kind: 'word'; at: number; v: number };

const EDGE_WORDS = [0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 0x10000];

export const byteEditArb: fc.Arbitrary<ByteEdit> = (() => {
  const at = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
  const b = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0, 0x80, 0xff, 0x08, 0x0a, 0x12, 0x3a));
  return fc.oneof(
    fc.record({ kind: fc.constant('set' as const), at, b }),
    fc.record({ kind: fc.constant('insert' as const), at, b }),
    fc.record({ kind: fc.constant('delete' as const), at }),
    fc.record({ kind: fc.constant('truncate' as const), at }),
    fc.record({ kind: fc.constant('dup' as const), at, len: fc.integer({ min: 1, max: 64 }) }),
    fc.record({ kind: fc.constant('word' as const), at, v: fc.constantFrom(...EDGE_WORDS) }),
  );
})();

/** `bytes` after `edits`, applied in order (positions are fractions of the current length). */
export function mutateBytes(bytes: Uint8Array, edits: readonly ByteEdit[]): Uint8Array {
  let a = bytes;
  for (const e of edits) {
    const i = Math.floor(e.at * (a.length + 1));
    const cat = (...parts: ArrayLike<number>[]) => {
      const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let o = 0;
      for (const p of parts) {
        out.set(p, o);
        o += p.length;
      }
      return out;
    };
    switch (e.kind) {
      case 'set':
        a = cat(a.subarray(0, i), [e.b], a.subarray(i + 1));
        break;
      case 'insert':
        a = cat(a.subarray(0, i), [e.b], a.subarray(i));
        break;
      case 'delete':
        a = cat(a.subarray(0, i), a.subarray(i + 1));
        break;
      case 'truncate':
        a = a.subarray(0, i);
        break;
      case 'dup':
        a = cat(a.subarray(0, i), a.subarray(i, i + e.len), a.subarray(i));
        break;
      case 'word': {
        const w = [e.v & 0xff, (e.v >>> 8) & 0xff, (e.v >>> 16) & 0xff, (e.v >>> 24) & 0xff];
        a = cat(a.subarray(0, i), w, a.subarray(i + 4));
      }
    }
  }
  return a;
}

/** One of `files` after 1–`maxEdits` byte edits. */
export function mutatedBytesArb(files: readonly Uint8Array[], maxEdits = 4): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(fc.constantFrom(...files), fc.array(byteEditArb, { minLength: 1, maxLength: maxEdits }))
    .map(([f, edits]) => mutateBytes(f, edits));
}
