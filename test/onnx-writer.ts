import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';

/**
 * A tiny ONNX ModelProto writer for tests (field numbers from onnx/onnx.proto), so error and fuzz
 * cases can be built node by node without Python. Only what the importer reads is written.
 */

export type AttrValue = number | number[] | string | { f: number } | { floats: number[] };

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  domain?: string;
  attrs?: Record<string, AttrValue>;
}

export interface TensorSpec {
  name: string;
  dims: number[];
  /** ONNX data type (1 float, 7 int64); default 1. */
  type?: number;
  /** int64 / float contents written as raw_data. */
  values?: number[];
  /** Raw bytes of raw_data as given (weights). */
  raw?: Uint8Array;
  external?: boolean;
}

export interface ModelSpec {
  inputs: { name: string; dims: (number | string)[] }[];
  outputs?: { name: string; dims?: (number | string)[] }[];
  valueInfo?: { name: string; dims: (number | string)[] }[];
  initializers?: TensorSpec[];
  nodes: NodeSpec[];
  opset?: number;
  name?: string;
}

function attr(w: BinaryWriter, name: string, v: AttrValue): void {
  w.tag(5, WireType.LengthDelimited).fork();
  w.tag(1, WireType.LengthDelimited).string(name);
  if (typeof v === 'number')
    w.tag(20, WireType.Varint)
      .int32(2)
      .uint32((3 << 3) | 0)
      .int64(v);
  else if (typeof v === 'string')
    w.tag(20, WireType.Varint)
      .int32(3)
      .uint32((4 << 3) | 2)
      .string(v);
  else if (Array.isArray(v)) {
    w.tag(20, WireType.Varint)
      .int32(7)
      .uint32((8 << 3) | 2)
      .fork();
    for (const x of v) w.int64(x);
    w.join();
  } else if ('f' in v)
    w.tag(20, WireType.Varint)
      .int32(1)
      .uint32((2 << 3) | 5)
      .float(v.f);
  else {
    w.tag(20, WireType.Varint)
      .int32(6)
      .uint32((7 << 3) | 2)
      .fork();
    for (const x of v.floats) w.float(x);
    w.join();
  }
  w.join();
}

function tensor(w: BinaryWriter, field: number, t: TensorSpec): void {
  w.uint32((field << 3) | 2).fork();
  w.tag(1, WireType.LengthDelimited).fork();
  for (const d of t.dims) w.int64(d);
  w.join();
  const type = t.type ?? 1;
  w.tag(2, WireType.Varint).int32(type);
  w.tag(8, WireType.LengthDelimited).string(t.name);
  if (t.values) {
    const bytes = new Uint8Array(t.values.length * (type === 7 ? 8 : 4));
    const view = new DataView(bytes.buffer);
    t.values.forEach((v, i) => {
      if (type === 7) view.setBigInt64(i * 8, BigInt(v), true);
      else view.setFloat32(i * 4, v, true);
    });
    w.tag(9, WireType.LengthDelimited).bytes(bytes);
  } else if (t.raw) w.tag(9, WireType.LengthDelimited).bytes(t.raw);
  if (t.external) w.tag(14, WireType.Varint).int32(1);
  w.join();
}

function valueInfo(w: BinaryWriter, field: number, v: { name: string; dims?: (number | string)[] }): void {
  w.uint32((field << 3) | 2).fork();
  w.tag(1, WireType.LengthDelimited).string(v.name);
  if (v.dims) {
    w.tag(2, WireType.LengthDelimited).fork(); // TypeProto
    w.tag(1, WireType.LengthDelimited).fork(); // tensor_type
    w.tag(1, WireType.Varint).int32(1);
    w.tag(2, WireType.LengthDelimited).fork(); // shape
    for (const d of v.dims) {
      w.tag(1, WireType.LengthDelimited).fork();
      if (typeof d === 'number') w.tag(1, WireType.Varint).int64(d);
      else w.tag(2, WireType.LengthDelimited).string(d);
      w.join();
    }
    w.join();
    w.join();
    w.join();
  }
  w.join();
}

/** Serialises `spec` as an ONNX ModelProto. */
export function onnxModel(spec: ModelSpec): Uint8Array {
  const w = new BinaryWriter();
  w.tag(1, WireType.Varint).int64(8); // ir_version
  w.tag(7, WireType.LengthDelimited).fork(); // graph
  spec.nodes.forEach((n, i) => {
    w.tag(1, WireType.LengthDelimited).fork();
    for (const x of n.inputs) w.tag(1, WireType.LengthDelimited).string(x);
    for (const x of n.outputs) w.tag(2, WireType.LengthDelimited).string(x);
    w.tag(3, WireType.LengthDelimited).string(n.name ?? `n${i}`);
    w.tag(4, WireType.LengthDelimited).string(n.op);
    if (n.domain) w.tag(7, WireType.LengthDelimited).string(n.domain);
    for (const [k, v] of Object.entries(n.attrs ?? {})) attr(w, k, v);
    w.join();
  });
  w.tag(2, WireType.LengthDelimited).string(spec.name ?? 'g');
  for (const t of spec.initializers ?? []) tensor(w, 5, t);
  for (const v of spec.inputs) valueInfo(w, 11, v);
  for (const v of spec.outputs ?? []) valueInfo(w, 12, v);
  for (const v of spec.valueInfo ?? []) valueInfo(w, 13, v);
  w.join();
  w.tag(8, WireType.LengthDelimited)
    .fork()
    .uint32((2 << 3) | 0)
    .int64(spec.opset ?? 13)
    .join();
  return w.finish();
}
