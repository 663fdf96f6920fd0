import { Builder } from 'flatbuffers';

/**
 * A small TFLite model writer on the `flatbuffers` Builder, from schema.fbs's field indices (the
 * same facts tflite.ts reads), for fixtures (scripts/make-tflite-fixtures.ts) and tests. Weights
 * are tensors whose buffer is empty unless `data` is given, so files stay small.
 */

export const TT = { float32: 0, int32: 2, int8: 9 } as const;
export const OP = {
  ADD: 0,
  AVERAGE_POOL_2D: 1,
  CONCATENATION: 2,
  CONV_2D: 3,
  DEPTHWISE_CONV_2D: 4,
  DEQUANTIZE: 6,
  FULLY_CONNECTED: 9,
  MAX_POOL_2D: 17,
  MUL: 18,
  RELU6: 21,
  RESHAPE: 22,
  SOFTMAX: 25,
  CUSTOM: 32,
  MEAN: 40,
  QUANTIZE: 114,
} as const;

export interface TfTensor {
  name: string;
  shape: number[];
  type?: number;
  data?: Uint8Array;
}

/** An options table: [field index, byte width (1 or 4), value]. */
export type TfOptions = { type: number; fields: [number, 1 | 4, number][] };

export interface TfOperator {
  code: number;
  custom?: string;
  inputs: number[];
  outputs: number[];
  options?: TfOptions;
}

export interface TfModel {
  tensors: TfTensor[];
  operators: TfOperator[];
  inputs: number[];
  outputs: number[];
  name?: string;
}

function intVector(b: Builder, xs: readonly number[]): number {
  b.startVector(4, xs.length, 4);
  for (let i = xs.length - 1; i >= 0; i--) b.addInt32(xs[i] as number);
  return b.endVector();
}

function offsetVector(b: Builder, xs: readonly number[]): number {
  b.startVector(4, xs.length, 4);
  for (let i = xs.length - 1; i >= 0; i--) b.addOffset(xs[i] as number);
  return b.endVector();
}

/** Serialises `m` as a TFLite (schema version 3) flatbuffer with the "TFL3" identifier. */
export function tfliteModel(m: TfModel): Uint8Array {
  const b = new Builder(1024);
  b.forceDefaults(true);
  // Buffer 0 is the conventional empty buffer; weights with data get their own.
  const buffers: number[] = [];
  const bufferOf: number[] = [];
  const emptyBuffer = () => {
    b.startObject(1);
    return b.endObject();
  };
  buffers.push(emptyBuffer());
  for (const t of m.tensors) {
    if (!t.data) {
      bufferOf.push(0);
      continue;
    }
    const data = b.createByteVector(t.data);
    b.startObject(1);
    b.addFieldOffset(0, data, 0);
    bufferOf.push(buffers.length);
    buffers.push(b.endObject());
  }
  const tensors = m.tensors.map((t, i) => {
    const shape = intVector(b, t.shape);
    const name = b.createString(t.name);
    b.startObject(4);
    b.addFieldOffset(0, shape, 0);
    b.addFieldInt8(1, t.type ?? TT.float32, 0);
    b.addFieldInt32(2, bufferOf[i] as number, 0);
    b.addFieldOffset(3, name, 0);
    return b.endObject();
  });
  const codes: { code: number; custom?: string }[] = [];
  const codeIndex = (op: TfOperator) => {
    let i = codes.findIndex((c) => c.code === op.code && c.custom === op.custom);
    if (i < 0) i = codes.push({ code: op.code, custom: op.custom }) - 1;
    return i;
  };
  const operators = m.operators.map((op) => {
    const inputs = intVector(b, op.inputs);
    const outputs = intVector(b, op.outputs);
    let options = 0;
    if (op.options) {
      b.startObject(8);
      for (const [slot, width, v] of op.options.fields) {
        if (width === 1) b.addFieldInt8(slot, v, 0);
        else b.addFieldInt32(slot, v, 0);
      }
      options = b.endObject();
    }
    const index = codeIndex(op);
    b.startObject(5);
    b.addFieldInt32(0, index, 0);
    b.addFieldOffset(1, inputs, 0);
    b.addFieldOffset(2, outputs, 0);
    if (op.options) {
      b.addFieldInt8(3, op.options.type, 0);
      b.addFieldOffset(4, options, 0);
    }
    return b.endObject();
  });
  const sgName = b.createString(m.name ?? 'main');
  const tv = offsetVector(b, tensors);
  const iv = intVector(b, m.inputs);
  const ov = intVector(b, m.outputs);
  const opv = offsetVector(b, operators);
  b.startObject(5);
  b.addFieldOffset(0, tv, 0);
  b.addFieldOffset(1, iv, 0);
  b.addFieldOffset(2, ov, 0);
  b.addFieldOffset(3, opv, 0);
  b.addFieldOffset(4, sgName, 0);
  const sg = b.endObject();
  const codeTables = codes.map((c) => {
    const custom = c.custom ? b.createString(c.custom) : 0;
    b.startObject(4);
    b.addFieldInt8(0, Math.min(c.code, 127), 0);
    if (custom) b.addFieldOffset(1, custom, 0);
    b.addFieldInt32(2, 1, 0);
    b.addFieldInt32(3, c.code, 0);
    return b.endObject();
  });
  const cv = offsetVector(b, codeTables);
  const sv = offsetVector(b, [sg]);
  const bv = offsetVector(b, buffers);
  b.startObject(5);
  b.addFieldInt32(0, 3, 0);
  b.addFieldOffset(1, cv, 0);
  b.addFieldOffset(2, sv, 0);
  b.addFieldOffset(4, bv, 0);
  b.finish(b.endObject(), 'TFL3');
  return b.asUint8Array();
}

/** Builds NHWC networks op by op, tracking tensor shapes (SAME padding unless told VALID). */
export class TfNet {
  readonly m: TfModel = { tensors: [], operators: [], inputs: [], outputs: [] };
  private n = 0;
  constructor(
    readonly type: number,
    input: number[],
  ) {
    this.m.inputs.push(this.tensor('input', input));
  }

  tensor(name: string, shape: number[], type = this.type, data?: Uint8Array): number {
    return this.m.tensors.push({ name, shape, type, data }) - 1;
  }

  shape(t: number): number[] {
    return this.m.tensors[t]?.shape as number[];
  }

  private out(prefix: string, shape: number[]): number {
    this.n++;
    return this.tensor(`${prefix}_${this.n}`, shape);
  }

  conv(
    x: number,
    k: number,
    r: number,
    stride = 1,
    opts: { depthwise?: boolean; valid?: boolean; act?: boolean } = {},
  ): number {
    const [n, h, w, c] = this.shape(x) as [number, number, number, number];
    const size = (i: number) => (opts.valid ? Math.floor((i - r) / stride) + 1 : Math.ceil(i / stride));
    const filter = this.tensor(`w_${this.n + 1}`, opts.depthwise ? [1, r, r, k] : [k, r, r, c]);
    const bias = this.tensor(`b_${this.n + 1}`, [k], this.type === TT.int8 ? TT.int32 : this.type);
    const y = this.out(opts.depthwise ? 'depthwise' : 'conv', [n, size(h), size(w), k]);
    const fields: [number, 1 | 4, number][] = [
      [0, 1, opts.valid ? 1 : 0],
      [1, 4, stride],
      [2, 4, stride],
    ];
    if (opts.depthwise) fields.push([3, 4, k / c], [4, 1, opts.act ? 3 : 0]);
    else fields.push([3, 1, opts.act ? 3 : 0]);
    this.m.operators.push({
      code: opts.depthwise ? OP.DEPTHWISE_CONV_2D : OP.CONV_2D,
      inputs: [x, filter, bias],
      outputs: [y],
      options: { type: opts.depthwise ? 2 : 1, fields },
    });
    return y;
  }

  pool(x: number, code: number, r: number, stride: number): number {
    const [n, h, w, c] = this.shape(x) as [number, number, number, number];
    const y = this.out('pool', [n, Math.floor((h - r) / stride) + 1, Math.floor((w - r) / stride) + 1, c]);
    const fields: [number, 1 | 4, number][] = [
      [0, 1, 1],
      [1, 4, stride],
      [2, 4, stride],
      [3, 4, r],
      [4, 4, r],
    ];
    this.m.operators.push({ code, inputs: [x], outputs: [y], options: { type: 5, fields } });
    return y;
  }

  /** A unary or n-ary op whose output shape is given. */
  op(code: number, inputs: number[], shape: number[], options?: TfOptions): number {
    const y = this.out(`op${code}`, shape);
    this.m.operators.push({ code, inputs, outputs: [y], options });
    return y;
  }

  fc(x: number, k: number): number {
    const c = this.shape(x).at(-1) as number;
    const wt = this.tensor(`fc_w_${this.n + 1}`, [k, c]);
    const bias = this.tensor(`fc_b_${this.n + 1}`, [k], this.type === TT.int8 ? TT.int32 : this.type);
    return this.op(OP.FULLY_CONNECTED, [x, wt, bias], [1, k], { type: 8, fields: [[0, 1, 0]] });
  }

  finish(out: number, name: string): Uint8Array {
    this.m.outputs.push(out);
    this.m.name = name;
    return tfliteModel(this.m);
  }
}
