import { Writer } from 'protobufjs/minimal';

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

function attr(w: Writer, name: string, v: AttrValue): void {
  w.uint32((5 << 3) | 2).fork();
  w.uint32((1 << 3) | 2).string(name);
  if (typeof v === 'number')
    w.uint32((20 << 3) | 0)
      .int32(2)
      .uint32((3 << 3) | 0)
      .int64(v);
  else if (typeof v === 'string')
    w.uint32((20 << 3) | 0)
      .int32(3)
      .uint32((4 << 3) | 2)
      .string(v);
  else if (Array.isArray(v)) {
    w.uint32((20 << 3) | 0)
      .int32(7)
      .uint32((8 << 3) | 2)
      .fork();
    for (const x of v) w.int64(x);
    w.ldelim();
  } else if ('f' in v)
    w.uint32((20 << 3) | 0)
      .int32(1)
      .uint32((2 << 3) | 5)
      .float(v.f);
  else {
    w.uint32((20 << 3) | 0)
      .int32(6)
      .uint32((7 << 3) | 2)
      .fork();
    for (const x of v.floats) w.float(x);
    w.ldelim();
  }
  w.ldelim();
}

function tensor(w: Writer, field: number, t: TensorSpec): void {
  w.uint32((field << 3) | 2).fork();
  w.uint32((1 << 3) | 2).fork();
  for (const d of t.dims) w.int64(d);
  w.ldelim();
  const type = t.type ?? 1;
  w.uint32((2 << 3) | 0).int32(type);
  w.uint32((8 << 3) | 2).string(t.name);
  if (t.values) {
    const bytes = new Uint8Array(t.values.length * (type === 7 ? 8 : 4));
    const view = new DataView(bytes.buffer);
    t.values.forEach((v, i) => {
      if (type === 7) view.setBigInt64(i * 8, BigInt(v), true);
      else view.setFloat32(i * 4, v, true);
    });
    w.uint32((9 << 3) | 2).bytes(bytes);
  } else if (t.raw) w.uint32((9 << 3) | 2).bytes(t.raw);
  if (t.external) w.uint32((14 << 3) | 0).int32(1);
  w.ldelim();
}

function valueInfo(w: Writer, field: number, v: { name: string; dims?: (number | string)[] }): void {
  w.uint32((field << 3) | 2).fork();
  w.uint32((1 << 3) | 2).string(v.name);
  if (v.dims) {
    w.uint32((2 << 3) | 2).fork(); // TypeProto
    w.uint32((1 << 3) | 2).fork(); // tensor_type
    w.uint32((1 << 3) | 0).int32(1);
    w.uint32((2 << 3) | 2).fork(); // shape
    for (const d of v.dims) {
      w.uint32((1 << 3) | 2).fork();
      if (typeof d === 'number') w.uint32((1 << 3) | 0).int64(d);
      else w.uint32((2 << 3) | 2).string(d);
      w.ldelim();
    }
    w.ldelim();
    w.ldelim();
    w.ldelim();
  }
  w.ldelim();
}

/** Serialises `spec` as an ONNX ModelProto. */
export function onnxModel(spec: ModelSpec): Uint8Array {
  const w = Writer.create();
  w.uint32((1 << 3) | 0).int64(8); // ir_version
  w.uint32((7 << 3) | 2).fork(); // graph
  spec.nodes.forEach((n, i) => {
    w.uint32((1 << 3) | 2).fork();
    for (const x of n.inputs) w.uint32((1 << 3) | 2).string(x);
    for (const x of n.outputs) w.uint32((2 << 3) | 2).string(x);
    w.uint32((3 << 3) | 2).string(n.name ?? `n${i}`);
    w.uint32((4 << 3) | 2).string(n.op);
    if (n.domain) w.uint32((7 << 3) | 2).string(n.domain);
    for (const [k, v] of Object.entries(n.attrs ?? {})) attr(w, k, v);
    w.ldelim();
  });
  w.uint32((2 << 3) | 2).string(spec.name ?? 'g');
  for (const t of spec.initializers ?? []) tensor(w, 5, t);
  for (const v of spec.inputs) valueInfo(w, 11, v);
  for (const v of spec.outputs ?? []) valueInfo(w, 12, v);
  for (const v of spec.valueInfo ?? []) valueInfo(w, 13, v);
  w.ldelim();
  w.uint32((8 << 3) | 2)
    .fork()
    .uint32((2 << 3) | 0)
    .int64(spec.opset ?? 13)
    .ldelim();
  return w.finish();
}
