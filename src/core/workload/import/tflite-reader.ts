import { getTextEncoding } from '@bufbuild/protobuf/wire';
import { ByteBuffer } from 'flatbuffers';
import { ImportError } from './errors';

/**
 * Bounds-checked FlatBuffers tables over the `flatbuffers` library's ByteBuffer. The library
 * trusts its input (generated code reads any offset it is given); a damaged or hostile file could
 * then send a loop over a 2^31-long vector or read past the end. Every offset is checked here
 * and a bad one is an ImportError naming the table and field, e.g. `subgraph[0].tensor[3].shape`.
 */

export class FbTable {
  readonly bb: ByteBuffer;
  readonly pos: number;
  readonly where: string;
  private readonly vtable: number;
  private readonly vtableSize: number;

  constructor(bb: ByteBuffer, pos: number, where: string) {
    this.bb = bb;
    this.pos = pos;
    this.where = where;
    const len = bb.capacity();
    if (!(pos >= 0 && pos + 4 <= len))
      throw new ImportError(where, `${where}: table offset ${pos} is outside the file`);
    this.vtable = pos - bb.readInt32(pos);
    if (!(this.vtable >= 0 && this.vtable + 4 <= len)) {
      throw new ImportError(where, `${where}: vtable offset ${this.vtable} is outside the file`);
    }
    this.vtableSize = bb.readUint16(this.vtable);
    if (this.vtableSize < 4 || this.vtableSize % 2 !== 0 || this.vtable + this.vtableSize > len) {
      throw new ImportError(where, `${where}: vtable of ${this.vtableSize} bytes does not fit`);
    }
  }

  /** Absolute position of field `index`'s value, or 0 when absent. */
  private field(index: number, size: number): number {
    const slot = 4 + 2 * index;
    if (slot + 2 > this.vtableSize) return 0;
    const off = this.bb.readUint16(this.vtable + slot);
    if (off === 0) return 0;
    const at = this.pos + off;
    if (at + size > this.bb.capacity())
      throw new ImportError(this.where, `${this.where}: field ${index} is outside the file`);
    return at;
  }

  has(index: number): boolean {
    return this.field(index, 1) !== 0;
  }

  /** A scalar field of `size` bytes read by `read`, or `dflt` when absent (FlatBuffers omits defaults). */
  private scalar(index: number, size: number, read: (at: number) => number, dflt: number): number {
    const at = this.field(index, size);
    return at ? read(at) : dflt;
  }

  int32(index: number, dflt: number): number {
    return this.scalar(index, 4, (at) => this.bb.readInt32(at), dflt);
  }

  uint32(index: number, dflt: number): number {
    return this.scalar(index, 4, (at) => this.bb.readUint32(at), dflt);
  }

  int8(index: number, dflt: number): number {
    return this.scalar(index, 1, (at) => this.bb.readInt8(at), dflt);
  }

  /** Position of the object a uoffset field points at (table, vector or string), or 0. */
  private indirect(index: number, name: string): number {
    const at = this.field(index, 4);
    if (!at) return 0;
    const target = at + this.bb.readUint32(at);
    if (target + 4 > this.bb.capacity())
      throw new ImportError(`${this.where}.${name}`, `${this.where}.${name}: offset is outside the file`);
    return target;
  }

  table(index: number, name: string): FbTable | undefined {
    const at = this.indirect(index, name);
    return at ? new FbTable(this.bb, at, `${this.where}.${name}`) : undefined;
  }

  /** A vector's element start and length; `elem` bytes per element, at most `max` elements. */
  private vector(index: number, name: string, elem: number, max: number): { start: number; len: number } {
    const at = this.indirect(index, name);
    if (!at) return { start: 0, len: 0 };
    const len = this.bb.readUint32(at);
    const field = `${this.where}.${name}`;
    if (len > max) throw new ImportError(field, `${field}: ${len} entries; the limit is ${max}`);
    if (at + 4 + len * elem > this.bb.capacity())
      throw new ImportError(field, `${field}: ${len} entries run past the end of the file`);
    return { start: at + 4, len };
  }

  /** Number of elements of a vector field, without reading them (a weight buffer's size). */
  vectorLength(index: number, name: string, elem: number): number {
    return this.vector(index, name, elem, Number.MAX_SAFE_INTEGER).len;
  }

  int32s(index: number, name: string, max: number): number[] {
    const { start, len } = this.vector(index, name, 4, max);
    return Array.from({ length: len }, (_, i) => this.bb.readInt32(start + 4 * i));
  }

  tables(index: number, name: string, max: number): FbTable[] {
    const { start, len } = this.vector(index, name, 4, max);
    return Array.from({ length: len }, (_, i) => {
      const at = start + 4 * i;
      return new FbTable(this.bb, at + this.bb.readUint32(at), `${this.where}.${name}[${i}]`);
    });
  }

  /** A string field (UTF-8), at most `max` bytes, or ''. */
  string(index: number, name: string, max = 4096): string {
    const { start, len } = this.vector(index, name, 1, max);
    if (len === 0) return '';
    // @bufbuild/protobuf's UTF-8 decoder (src/core has no DOM types); bad bytes become U+FFFD.
    return getTextEncoding().decodeUtf8(this.bb.bytes().subarray(start, start + len));
  }
}

/** The root table of a file whose identifier (bytes 4–7) is `ident`. */
export function rootTable(bytes: Uint8Array, ident: string): FbTable {
  if (bytes.length < 8) throw new ImportError('file', `file is ${bytes.length} bytes, too short for a FlatBuffer`);
  const bb = new ByteBuffer(bytes);
  if (!bb.__has_identifier(ident)) throw new ImportError('file', `not a TFLite model: no "${ident}" file identifier`);
  return new FbTable(bb, bb.readUint32(0), 'model');
}

/** BuiltinOperator codes (schema.fbs) this importer maps to layers. */
export const OPS = {
  ADD: 0,
  AVERAGE_POOL_2D: 1,
  CONCATENATION: 2,
  CONV_2D: 3,
  DEPTHWISE_CONV_2D: 4,
  FULLY_CONNECTED: 9,
  MAX_POOL_2D: 17,
  MUL: 18,
  CUSTOM: 32,
  MEAN: 40,
  SUB: 41,
  TRANSPOSE_CONV: 67,
} as const;

/** Ops that produce no layer and count 0 MACs: activations, quantisation, reshapes, copies. */
export const ZERO_MAC: Record<number, string> = {
  6: 'DEQUANTIZE',
  14: 'LOGISTIC',
  19: 'RELU',
  20: 'RELU_N1_TO_1',
  21: 'RELU6',
  22: 'RESHAPE',
  23: 'RESIZE_BILINEAR',
  25: 'SOFTMAX',
  28: 'TANH',
  34: 'PAD',
  39: 'TRANSPOSE',
  43: 'SQUEEZE',
  49: 'SPLIT',
  53: 'CAST',
  54: 'PRELU',
  60: 'PADV2',
  97: 'RESIZE_NEAREST_NEIGHBOR',
  98: 'LEAKY_RELU',
  114: 'QUANTIZE',
  117: 'HARD_SWISH',
};

export const NAMES: Record<number, string> = {
  ...ZERO_MAC,
  ...Object.fromEntries(Object.entries(OPS).map(([k, v]) => [v, k])),
};
export const SUPPORTED_TFLITE_OPS: readonly string[] = Object.values(NAMES)
  .filter((n) => n !== 'CUSTOM')
  .sort();

/** TensorType names (schema.fbs) for the notes. */
export const TYPES: Record<number, string> = {
  0: 'float32',
  1: 'float16',
  2: 'int32',
  3: 'uint8',
  4: 'int64',
  7: 'int16',
  9: 'int8',
};
