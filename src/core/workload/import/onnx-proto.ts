import { BinaryReader, getTextEncoding } from '@bufbuild/protobuf/wire';
import { IMPORT_LIMITS, ImportError } from './errors';

/**
 * The part of an ONNX ModelProto that a topology needs, read field by field with the wire-format
 * BinaryReader of @bufbuild/protobuf (no generated code, no eval, no WebAssembly: it runs under
 * the app's CSP; protobufjs was not used because it loads long.js, which compiles WebAssembly at
 * start-up and trips the policy's 'wasm-eval' block). Field numbers are
 * those of onnx/onnx.proto (stable since IR version 3). Weights are never decoded: a tensor's
 * `raw_data` is skipped by its length prefix unless it is a small constant (a Reshape target, a
 * Resize scale), which is kept as a view into the file, not copied.
 */

/** Largest constant kept for shape inference, in bytes (shape and scale tensors are a few dozen). */
const SMALL_TENSOR_BYTES = 4096;

/** ONNX TensorProto.DataType values the importer reads constants of. */
export const ONNX_FLOAT = 1;
export const ONNX_INT32 = 6;
export const ONNX_INT64 = 7;

export interface OnnxTensor {
  name: string;
  dims: number[];
  dataType: number;
  /** Small constant contents (INT64 / INT32 / FLOAT only), else undefined. */
  values?: number[];
  /** The data lives in an external file (not read). */
  external: boolean;
}

export interface OnnxAttribute {
  name: string;
  f?: number;
  i?: number;
  s?: string;
  t?: OnnxTensor;
  floats: number[];
  ints: number[];
}

export interface OnnxNode {
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: Map<string, OnnxAttribute>;
}

export interface OnnxValueInfo {
  name: string;
  /** Dimensions; a symbolic or missing dimension is null. Undefined when no tensor shape is given. */
  dims?: (number | null)[];
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: Map<string, OnnxTensor>;
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  valueInfo: Map<string, OnnxValueInfo>;
}

export interface OnnxModel {
  irVersion: number;
  producer: string;
  /** Opset version of the default ("" / "ai.onnx") domain, 0 if not declared. */
  opset: number;
  graph: OnnxGraph;
}

/** The reader plus the bytes it reads (BinaryReader keeps its buffer private). */
class Reader extends BinaryReader {
  readonly data: Uint8Array;
  constructor(data: Uint8Array) {
    super(data);
    this.data = data;
  }

  /** Skips one value of a non-group wire type. */
  skipType(wire: number): void {
    this.skip(wire);
  }
}

/** Reads one protobuf message: `field` is called for every tag; it must consume the value. */
function message(r: Reader, end: number, where: string, field: (no: number, wire: number) => void): void {
  while (r.pos < end) {
    const tag = r.uint32();
    const no = tag >>> 3;
    const wire = tag & 7;
    if (no === 0) throw new ImportError(where, `${where}: invalid protobuf tag 0 at byte ${r.pos}`);
    // Groups (wire types 3/4) are deprecated and never used by ONNX: a file with them is not ONNX.
    if (wire === 3 || wire === 4 || wire > 5) {
      throw new ImportError(where, `${where}: field ${no} has wire type ${wire}, not used by ONNX`);
    }
    field(no, wire);
  }
  if (r.pos !== end) throw new ImportError(where, `${where}: a field runs past the end of its message`);
}

/** The end offset of a length-delimited field starting at the reader's position. */
function sub(r: Reader, wire: number, where: string): number {
  if (wire !== 2) throw new ImportError(where, `${where}: expected a length-delimited field, got wire type ${wire}`);
  const len = r.uint32();
  const end = r.pos + len;
  if (end > r.len) throw new ImportError(where, `${where}: length ${len} runs past the end of the file`);
  return end;
}

const UTF8 = getTextEncoding();

/** A string field (UTF-8; invalid bytes become U+FFFD). */
function text(r: Reader, wire: number, where: string): string {
  const end = sub(r, wire, where);
  const bytes = r.data.subarray(r.pos, end);
  r.pos = end;
  return UTF8.decodeUtf8(bytes);
}

/** int64 varint as a JS number (exact up to 2^53; larger values are beyond every limit anyway). */
function int64(r: Reader): number {
  return Number(r.int64());
}

/** A repeated scalar, packed (wire 2) or one value per tag; more than `onnxListItems` values is an error. */
function repeated(r: Reader, wire: number, out: number[], read: () => number, fixed: number, where: string): void {
  if (wire !== 2) {
    if (out.length >= IMPORT_LIMITS.onnxListItems) {
      throw new ImportError(
        where,
        `${where}: more than ${IMPORT_LIMITS.onnxListItems} values; the limit is ${IMPORT_LIMITS.onnxListItems}`,
      );
    }
    out.push(read());
    return;
  }
  const end = sub(r, wire, where);
  if (fixed > 0 && (end - r.pos) % fixed !== 0)
    throw new ImportError(where, `${where}: packed length is not a multiple of ${fixed}`);
  while (r.pos < end) {
    if (out.length >= IMPORT_LIMITS.onnxListItems) {
      r.pos = end;
      throw new ImportError(
        where,
        `${where}: more than ${IMPORT_LIMITS.onnxListItems} values; the limit is ${IMPORT_LIMITS.onnxListItems}`,
      );
    }
    out.push(read());
  }
  if (r.pos !== end) throw new ImportError(where, `${where}: packed values run past their field`);
}

/** Decodes small raw_data of a known type into numbers (little-endian, as ONNX specifies). */
function rawValues(bytes: Uint8Array, dataType: number): number[] | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  if (dataType === ONNX_INT64 && bytes.length % 8 === 0) {
    for (let i = 0; i < bytes.length; i += 8) out.push(Number(view.getBigInt64(i, true)));
  } else if (dataType === ONNX_INT32 && bytes.length % 4 === 0) {
    for (let i = 0; i < bytes.length; i += 4) out.push(view.getInt32(i, true));
  } else if (dataType === ONNX_FLOAT && bytes.length % 4 === 0) {
    for (let i = 0; i < bytes.length; i += 4) out.push(view.getFloat32(i, true));
  } else return undefined;
  return out;
}

function tensor(r: Reader, end: number, where: string): OnnxTensor {
  const t: OnnxTensor = { name: '', dims: [], dataType: 0, external: false };
  let raw: Uint8Array | undefined;
  const listed: number[] = [];
  let tooBig = false;
  message(r, end, where, (no, wire) => {
    if (no === 1) repeated(r, wire, t.dims, () => int64(r), 0, `${where}.dims`);
    else if (no === 2 && wire === 0) t.dataType = r.int32();
    else if (no === 8) t.name = text(r, wire, `${where}.name`);
    else if (no === 9) {
      const e = sub(r, wire, `${where}.raw_data`);
      if (e - r.pos <= SMALL_TENSOR_BYTES) raw = r.data.subarray(r.pos, e);
      r.pos = e; // the weights themselves: skipped, never copied or decoded
    } else if (no === 14 && wire === 0) t.external = r.int32() === 1;
    else if ((no === 4 || no === 5 || no === 7) && !tooBig) {
      // float_data / int32_data / int64_data: kept only while small (shape constants)
      if (wire === 2) {
        const start = r.pos;
        const e = sub(r, wire, where);
        r.pos = start;
        if (e - start > SMALL_TENSOR_BYTES) {
          tooBig = true;
          r.pos = e;
          return;
        }
      }
      const read = no === 4 ? () => r.float() : no === 5 ? () => r.int32() : () => int64(r);
      repeated(r, wire, listed, read, no === 4 ? 4 : 0, `${where}.data`);
      if (listed.length * 8 > SMALL_TENSOR_BYTES) tooBig = true;
    } else r.skipType(wire);
  });
  if (!t.external) {
    if (raw) t.values = rawValues(raw, t.dataType);
    else if (listed.length > 0 && !tooBig) t.values = listed;
  }
  return t;
}

function attribute(r: Reader, end: number, where: string): OnnxAttribute {
  const a: OnnxAttribute = { name: '', floats: [], ints: [] };
  message(r, end, where, (no, wire) => {
    if (no === 1) a.name = text(r, wire, `${where}.name`);
    else if (no === 2 && wire === 5) a.f = r.float();
    else if (no === 3 && wire === 0) a.i = int64(r);
    else if (no === 4) a.s = text(r, wire, `${where}.s`);
    else if (no === 5) a.t = tensor(r, sub(r, wire, `${where}.t`), `${where}.t`);
    else if (no === 7) repeated(r, wire, a.floats, () => r.float(), 4, `${where}.floats`);
    else if (no === 8) repeated(r, wire, a.ints, () => int64(r), 0, `${where}.ints`);
    else r.skipType(wire); // subgraphs (If / Loop bodies), strings, type protos: not needed
  });
  return a;
}

function node(r: Reader, end: number, index: number): OnnxNode {
  const where = `graph.node[${index}]`;
  const n: OnnxNode = { name: '', opType: '', domain: '', inputs: [], outputs: [], attributes: new Map() };
  message(r, end, where, (no, wire) => {
    if (no === 1) n.inputs.push(text(r, wire, `${where}.input`));
    else if (no === 2) n.outputs.push(text(r, wire, `${where}.output`));
    else if (no === 3) n.name = text(r, wire, `${where}.name`);
    else if (no === 4) n.opType = text(r, wire, `${where}.op_type`);
    else if (no === 7) n.domain = text(r, wire, `${where}.domain`);
    else if (no === 5) {
      const a = attribute(r, sub(r, wire, `${where}.attribute`), `${where}.attribute`);
      n.attributes.set(a.name, a);
    } else r.skipType(wire);
  });
  return n;
}

/** ValueInfoProto → name and tensor dims (TypeProto.tensor_type.shape.dim). */
function valueInfo(r: Reader, end: number, where: string): OnnxValueInfo {
  const v: OnnxValueInfo = { name: '' };
  message(r, end, where, (no, wire) => {
    if (no === 1) v.name = text(r, wire, `${where}.name`);
    else if (no === 2) {
      message(r, sub(r, wire, `${where}.type`), `${where}.type`, (tno, tw) => {
        if (tno !== 1) return void r.skipType(tw);
        message(r, sub(r, tw, `${where}.type.tensor_type`), `${where}.type.tensor_type`, (sno, sw) => {
          if (sno !== 2) return void r.skipType(sw);
          const dims: (number | null)[] = [];
          message(r, sub(r, sw, `${where}.shape`), `${where}.shape`, (dno, dw) => {
            if (dno !== 1) return void r.skipType(dw);
            let d: number | null = null;
            message(r, sub(r, dw, `${where}.shape.dim`), `${where}.shape.dim`, (xno, xw) => {
              if (xno === 1 && xw === 0) d = int64(r);
              else r.skipType(xw);
            });
            if (dims.length >= IMPORT_LIMITS.onnxListItems) {
              throw new ImportError(`${where}.shape`, `${where}: more than ${IMPORT_LIMITS.onnxListItems} dimensions`);
            }
            dims.push(d);
          });
          v.dims = dims;
        });
      });
    } else r.skipType(wire);
  });
  return v;
}

function graph(r: Reader, end: number): OnnxGraph {
  const g: OnnxGraph = { name: '', nodes: [], initializers: new Map(), inputs: [], outputs: [], valueInfo: new Map() };
  message(r, end, 'graph', (no, wire) => {
    if (no === 1) {
      if (g.nodes.length >= IMPORT_LIMITS.graphNodes) {
        throw new ImportError(
          'graph.node',
          `more than ${IMPORT_LIMITS.graphNodes} nodes; the limit is ${IMPORT_LIMITS.graphNodes}`,
        );
      }
      g.nodes.push(node(r, sub(r, wire, 'graph.node'), g.nodes.length));
    } else if (no === 2) g.name = text(r, wire, 'graph.name');
    else if (no === 5) {
      const t = tensor(r, sub(r, wire, 'graph.initializer'), 'graph.initializer');
      g.initializers.set(t.name, t);
    } else if (no === 11) g.inputs.push(valueInfo(r, sub(r, wire, 'graph.input'), 'graph.input'));
    else if (no === 12) g.outputs.push(valueInfo(r, sub(r, wire, 'graph.output'), 'graph.output'));
    else if (no === 13) {
      const v = valueInfo(r, sub(r, wire, 'graph.value_info'), 'graph.value_info');
      g.valueInfo.set(v.name, v);
    } else r.skipType(wire);
  });
  return g;
}

/** Decodes an ONNX ModelProto's topology. Throws ImportError naming the protobuf field on bad bytes. */
export function readOnnxModel(bytes: Uint8Array): OnnxModel {
  const r = new Reader(bytes);
  const empty: OnnxGraph = {
    name: '',
    nodes: [],
    initializers: new Map(),
    inputs: [],
    outputs: [],
    valueInfo: new Map(),
  };
  const m: OnnxModel = { irVersion: 0, producer: '', opset: 0, graph: empty };
  let sawGraph = false;
  try {
    message(r, r.len, 'model', (no, wire) => {
      if (no === 1 && wire === 0) m.irVersion = int64(r);
      else if (no === 2) m.producer = text(r, wire, 'model.producer_name');
      else if (no === 7) {
        // Repeated occurrences of a message field merge (protobuf rule): keep adding to one graph.
        const g = graph(r, sub(r, wire, 'model.graph'));
        if (sawGraph) mergeGraph(m.graph, g);
        else m.graph = g;
        sawGraph = true;
      } else if (no === 8) {
        let domain = '';
        let version = 0;
        message(r, sub(r, wire, 'model.opset_import'), 'model.opset_import', (ono, ow) => {
          if (ono === 1) domain = text(r, ow, 'model.opset_import.domain');
          else if (ono === 2 && ow === 0) version = int64(r);
          else r.skipType(ow);
        });
        if (domain === '' || domain === 'ai.onnx') m.opset = version;
      } else r.skipType(wire);
    });
  } catch (e) {
    if (e instanceof ImportError) throw e;
    // BinaryReader throws a plain Error ("premature EOF", "invalid varint") on truncated input.
    throw new ImportError('model', `not a readable ONNX protobuf: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!sawGraph) throw new ImportError('model.graph', 'not an ONNX model: no graph (ModelProto field 7)');
  return m;
}

function mergeGraph(into: OnnxGraph, g: OnnxGraph): void {
  // Loops, not push(...): a graph may hold more items than the engine's argument limit.
  for (const n of g.nodes) into.nodes.push(n);
  if (into.nodes.length > IMPORT_LIMITS.graphNodes) {
    throw new ImportError(
      'graph.node',
      `more than ${IMPORT_LIMITS.graphNodes} nodes; the limit is ${IMPORT_LIMITS.graphNodes}`,
    );
  }
  for (const [k, v] of g.initializers) into.initializers.set(k, v);
  for (const v of g.inputs) into.inputs.push(v);
  for (const v of g.outputs) into.outputs.push(v);
  for (const [k, v] of g.valueInfo) into.valueInfo.set(k, v);
  if (g.name) into.name = g.name;
}
