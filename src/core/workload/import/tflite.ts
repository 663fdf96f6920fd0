import { EdgeTracker } from '../graph';
import { type Layer, layerMacs, samePad } from '../layer';
import type { Workload } from '../workload';
import { Budget, checkBinarySize, checkDim, checkElements, IMPORT_LIMITS, ImportError } from './errors';
import { layer, poolLayer } from './keras-tensor';
import { type FbTable, NAMES, OPS, rootTable, SUPPORTED_TFLITE_OPS, TYPES, ZERO_MAC } from './tflite-reader';

/**
 * TFLite flatbuffer → Workload, topology only. Tables are read by field index from TensorFlow's
 * public schema (tensorflow/lite/schema/schema.fbs, version 3): Model {version 0, operator_codes 1,
 * subgraphs 2, buffers 4}, SubGraph {tensors 0, inputs 1, outputs 2, operators 3, name 4},
 * Tensor {shape 0, type 1, buffer 2, name 3}, Operator {opcode_index 0, inputs 1, outputs 2,
 * builtin_options 4}, OperatorCode {deprecated_builtin_code 0, custom_code 1, builtin_code 3}.
 * Every tensor carries its shape (NHWC), so no inference is needed; weights (buffers) are never
 * read, only whether a buffer holds data (a constant operand of ADD / MUL is not an activation).
 */

const EDGETPU_OP = 'edgetpu-custom-op';

interface Tensor {
  name: string;
  dims: number[];
  type: number;
  /** Its buffer holds data: a weight or constant, not an activation. */
  constant: boolean;
}

/** Reads a TFLite model's first subgraph into a workload. Errors name the operator and field. */
export function parseTfliteModel(bytes: Uint8Array, fileName: string): Workload {
  checkBinarySize(bytes.length);
  const model = rootTable(bytes, 'TFL3');
  const max = IMPORT_LIMITS.graphNodes;
  const version = model.uint32(0, 0);
  if (version !== 3)
    throw new ImportError('model.version', `TFLite schema version ${version}; Archscope reads version 3`);
  const codes = model.tables(1, 'operator_codes', max).map((oc) => ({
    code: Math.max(oc.int8(0, 0), oc.int32(3, 0)),
    custom: oc.string(1, 'custom_code'),
  }));
  const buffers = model.tables(4, 'buffers', 10 * max);
  const subgraphs = model.tables(2, 'subgraphs', 1024);
  const sg = subgraphs[0];
  if (!sg) throw new ImportError('model.subgraphs', 'the model has no subgraph');
  const tensors: Tensor[] = sg.tables(0, 'tensors', 10 * max).map((t, i) => {
    const dims = t
      .int32s(0, 'shape', 16)
      .map((d, j) => checkDim(d, `${t.where}.shape`, `tensor ${i} dimension ${j}`, 1));
    checkElements(dims, `${t.where}.shape`);
    const b = buffers[t.uint32(2, 0)];
    return {
      name: t.string(3, 'name') || `tensor_${i}`,
      dims,
      type: t.int8(1, 0),
      constant: !!b && b.vectorLength(0, 'data', 1) > 0,
    };
  });
  const tensorAt = (i: number, where: string): Tensor => {
    const t = tensors[i];
    if (!t) throw new ImportError(where, `${where}: tensor index ${i} is out of range (${tensors.length} tensors)`);
    return t;
  };
  const layers: Layer[] = [];
  const budget = new Budget();
  const zero = new Map<string, number>();
  const notes: string[] = [];
  let hidden = 0;
  const written: number[] = [];
  // Graph edges: the layer that wrote each activation tensor (-1: a subgraph input), see EdgeTracker in ../graph.ts.
  const edges = new EdgeTracker(layers);
  const srcOf = new Map<number, number>();
  for (const t of sg.int32s(1, 'inputs', 64)) srcOf.set(t, -1);
  sg.tables(3, 'operators', max).forEach((op, index) => {
    const oc = codes[op.uint32(0, 0)];
    const where = `operator[${index}]`;
    if (!oc)
      throw new ImportError(`${where}.opcode_index`, `${where}: opcode index ${op.uint32(0, 0)} is out of range`);
    const ins = op.int32s(1, 'inputs', 64);
    const outs = op.int32s(2, 'outputs', 64);
    const input = (i: number) => tensorAt(ins[i] ?? -1, `${where}.inputs[${i}]`);
    const output = tensorAt(outs[0] ?? -1, `${where}.outputs[0]`);
    for (const o of outs) written.push(o);
    edges.begin(ins.map((t) => (tensors[t]?.constant === false ? srcOf.get(t) : undefined)));
    // What this operator's outputs are, once it has (or has not) emitted its layer.
    const wrote = (l?: Layer) => {
      const src = edges.srcOf(l);
      for (const o of outs) if (src !== undefined && tensors[o]?.constant === false) srcOf.set(o, src);
    };
    const opName = oc.code === OPS.CUSTOM ? oc.custom : (NAMES[oc.code] ?? `builtin #${oc.code}`);
    const name = output.name;
    const ctx: Ctx = {
      where,
      opName,
      name,
      options: op.table(4, 'builtin_options'),
      input,
      output,
      hasInput: (i) => (ins[i] ?? -1) >= 0,
    };
    if (oc.code === OPS.CUSTOM) {
      if (oc.custom !== EDGETPU_OP) fail(ctx, 'custom_code', `custom op "${oc.custom}" is not supported`);
      hidden++;
      wrote();
      return;
    }
    const l = toLayer(oc.code, ctx);
    if (l === undefined) {
      if (!(oc.code in ZERO_MAC)) {
        fail(ctx, 'opcode_index', `unsupported op ${opName}; supported: ${SUPPORTED_TFLITE_OPS.join(', ')}`);
      }
      zero.set(opName, (zero.get(opName) ?? 0) + 1);
      wrote();
      return;
    }
    if (l === null) {
      zero.set(opName, (zero.get(opName) ?? 0) + 1);
      wrote();
      return;
    }
    budget.add(l.name, layerMacs(l));
    edges.stamp(l);
    layers.push(l);
    wrote(l);
  });
  if (hidden > 0) {
    notes.push(
      `${hidden} ${EDGETPU_OP} operator${hidden > 1 ? 's' : ''}: compiled for the Edge TPU, the layers inside are not visible (counted as 0 MACs)`,
    );
  }
  if (zero.size > 0)
    notes.push(
      `counted as 0 MACs (activations and shape-only ops, no layer): ${[...zero].map(([k, v]) => `${k} ×${v}`).join(', ')}`,
    );
  // Activation types: what operators write and the model reads (weights and biases excluded).
  const acts = [...sg.int32s(1, 'inputs', 64), ...written].map((i) => tensors[i]).filter((t) => t !== undefined);
  const types = new Set(acts.map((t) => TYPES[t.type] ?? `type ${t.type}`));
  notes.push(`activation tensors: ${[...types].join(', ')}`);
  if (layers.length === 0) {
    const why =
      hidden > 0
        ? `: it was compiled for the Edge TPU and its layers are inside ${EDGETPU_OP}; import the .tflite from before edgetpu_compiler`
        : '';
    throw new ImportError('operators', `the model has no layers Archscope can see${why}`);
  }
  const first = tensorAt(sg.int32s(1, 'inputs', 64)[0] ?? -1, 'subgraph[0].inputs[0]').dims;
  return {
    id: `import:${fileName}`,
    name: sg.string(4, 'name') || fileName.replace(/\.[^.]*$/, ''),
    input:
      first.length === 4
        ? { c: first[3] as number, h: first[1] as number, w: first[2] as number }
        : { c: first[first.length - 1] ?? 1, h: 1, w: 1 },
    layers,
    source: { kind: 'tflite', file: fileName },
    notes,
  };
}

interface Ctx {
  where: string;
  opName: string;
  name: string;
  options: FbTable | undefined;
  input(i: number): Tensor;
  output: Tensor;
  hasInput(i: number): boolean;
}

function fail(ctx: Ctx, field: string, message: string): never {
  throw new ImportError(`${ctx.where}.${field}`, `${ctx.where} "${ctx.name}" (${ctx.opName}): ${message}`);
}

/** NHWC of a rank-4 tensor. */
function nhwc(ctx: Ctx, t: Tensor, what: string): [number, number, number, number] {
  if (t.dims.length !== 4) fail(ctx, what, `expects a rank-4 NHWC ${what}, got [${t.dims.join(', ')}]`);
  return t.dims as [number, number, number, number];
}

/** Output size and total padding of one axis under TFLite's SAME / VALID padding, checked against the file. */
function axis(
  ctx: Ctx,
  input: number,
  filter: number,
  stride: number,
  dilation: number,
  got: number,
  a: string,
): number {
  const same = (ctx.options?.int8(0, 0) ?? 0) === 0;
  const eff = dilation * (filter - 1) + 1;
  const want = same ? Math.ceil(input / stride) : Math.floor((input - eff) / stride) + 1;
  if (want !== got) fail(ctx, 'outputs', `output ${a} is ${got}, but ${same ? 'SAME' : 'VALID'} padding gives ${want}`);
  return same ? samePad(input, eff, stride) : 0;
}

/** A 0-MAC layer over every element of an NHWC tensor: element-wise merges and concat copies. */
function elementwise(
  name: string,
  nhwc: readonly [number, number, number, number],
  inputs: number,
  note: string,
): Layer {
  const [n, h, w, c] = nhwc;
  return layer({ name, op: 'eltwise', n, c, h, w, k: c, p: h, q: w, groups: c, inputs, note });
}

/** The layer of a mapped op; null for a mapped op that makes no layer here; undefined for an op not mapped. */
function toLayer(code: number, ctx: Ctx): Layer | null | undefined {
  const o = ctx.options;
  const base = { name: ctx.name };
  switch (code) {
    case OPS.CONV_2D:
    case OPS.DEPTHWISE_CONV_2D: {
      const [n, h, w, c] = nhwc(ctx, ctx.input(0), 'input');
      const [fk, r, s, fc] = nhwc(ctx, ctx.input(1), 'filter');
      const [, p, q, k] = nhwc(ctx, ctx.output, 'output');
      const dw = code === OPS.DEPTHWISE_CONV_2D;
      const strideW = checkDim(o?.int32(1, 1) ?? 1, `${ctx.where}.stride_w`, 'stride_w');
      const strideH = checkDim(o?.int32(2, 1) ?? 1, `${ctx.where}.stride_h`, 'stride_h');
      const dilW = checkDim(o?.int32(dw ? 5 : 4, 1) ?? 1, `${ctx.where}.dilation_w_factor`, 'dilation_w_factor');
      const dilH = checkDim(o?.int32(dw ? 6 : 5, 1) ?? 1, `${ctx.where}.dilation_h_factor`, 'dilation_h_factor');
      const padH = axis(ctx, h, r, strideH, dilH, p, 'height');
      const padW = axis(ctx, w, s, strideW, dilW, q, 'width');
      const bias = ctx.hasInput(2);
      if (dw) {
        if (fk !== 1 || fc !== k || k % c !== 0)
          fail(ctx, 'inputs', `depthwise filter [${fk}, ${r}, ${s}, ${fc}] does not fit ${c} → ${k} channels`);
        return layer({
          ...base,
          op: 'depthwise',
          n,
          c,
          h,
          w,
          k,
          p,
          q,
          r,
          s,
          strideH,
          strideW,
          padH,
          padW,
          groups: c,
          bias,
          note: 'DEPTHWISE_CONV_2D',
        });
      }
      if (fk !== k || c % fc !== 0)
        fail(ctx, 'inputs', `filter [${fk}, ${r}, ${s}, ${fc}] does not fit ${c} → ${k} channels`);
      return layer({
        ...base,
        op: 'conv',
        n,
        c,
        h,
        w,
        k,
        p,
        q,
        r,
        s,
        strideH,
        strideW,
        padH,
        padW,
        groups: c / fc,
        bias,
        note: 'CONV_2D',
      });
    }
    case OPS.TRANSPOSE_CONV: {
      const [fk, r, s, fc] = nhwc(ctx, ctx.input(1), 'filter');
      const [n, h, w, c] = nhwc(ctx, ctx.input(2), 'input');
      const [, p, q, k] = nhwc(ctx, ctx.output, 'output');
      if (fk !== k || fc !== c)
        fail(ctx, 'inputs', `filter [${fk}, ${r}, ${s}, ${fc}] does not fit ${c} → ${k} channels`);
      const strideW = checkDim(o?.int32(1, 1) ?? 1, `${ctx.where}.stride_w`, 'stride_w');
      const strideH = checkDim(o?.int32(2, 1) ?? 1, `${ctx.where}.stride_h`, 'stride_h');
      return layer({
        ...base,
        op: 'conv',
        transposed: true,
        n,
        c,
        h,
        w,
        k,
        p,
        q,
        r,
        s,
        strideH,
        strideW,
        bias: ctx.hasInput(3),
        note: 'TRANSPOSE_CONV',
      });
    }
    case OPS.FULLY_CONNECTED: {
      const x = ctx.input(0);
      const wt = ctx.input(1);
      if (wt.dims.length !== 2) fail(ctx, 'inputs', `weights must be [units, depth], got [${wt.dims.join(', ')}]`);
      const [k, c] = wt.dims as [number, number];
      const total = x.dims.reduce((a, b) => a * b, 1);
      if (total % c !== 0) fail(ctx, 'inputs', `input [${x.dims.join(', ')}] does not split into rows of ${c}`);
      return layer({
        ...base,
        op: 'fc',
        n: total / c,
        c,
        h: 1,
        w: 1,
        k,
        p: 1,
        q: 1,
        bias: ctx.hasInput(2),
        note: 'FULLY_CONNECTED',
      });
    }
    case OPS.MAX_POOL_2D:
    case OPS.AVERAGE_POOL_2D: {
      const [n, h, w, c] = nhwc(ctx, ctx.input(0), 'input');
      const [, p, q] = nhwc(ctx, ctx.output, 'output');
      const strideW = checkDim(o?.int32(1, 1) ?? 1, `${ctx.where}.stride_w`, 'stride_w');
      const strideH = checkDim(o?.int32(2, 1) ?? 1, `${ctx.where}.stride_h`, 'stride_h');
      const s = checkDim(o?.int32(3, 1) ?? 1, `${ctx.where}.filter_width`, 'filter_width');
      const r = checkDim(o?.int32(4, 1) ?? 1, `${ctx.where}.filter_height`, 'filter_height');
      const padH = axis(ctx, h, r, strideH, 1, p, 'height');
      const padW = axis(ctx, w, s, strideW, 1, q, 'width');
      const pool = code === OPS.MAX_POOL_2D ? 'max' : 'avg';
      return poolLayer({ ...base, pool, n, c, h, w, p, q, r, s, strideH, strideW, padH, padW, note: ctx.opName });
    }
    case OPS.MEAN: {
      // A mean over H and W of an NHWC tensor is a global average pool; any other mean is a 0-MAC reduction.
      const x = ctx.input(0);
      const out = ctx.output.dims;
      if (x.dims.length !== 4) return null;
      const [n, h, w, c] = x.dims as [number, number, number, number];
      if (out.reduce((a, b) => a * b, 1) !== n * c || h * w === 1) return null;
      return poolLayer({ ...base, pool: 'avg', n, c, h, w, p: 1, q: 1, r: h, s: w, note: 'MEAN over H, W' });
    }
    case OPS.CONCATENATION: {
      // A copy layer reading every part once (inputs 1, c = k = the joined channels), as the zoo has it.
      const d = ctx.output.dims;
      if (d.length !== 4) return null;
      const [n, h, w, c] = d as [number, number, number, number];
      return elementwise(ctx.name, [n, h, w, c], 1, 'CONCATENATION (copy)');
    }
    case OPS.ADD:
    case OPS.MUL:
    case OPS.SUB: {
      const acts = [ctx.input(0), ctx.input(1)].filter((t) => !t.constant);
      if (acts.length < 2) return null; // x·constant: a 0-MAC rescale, no layer
      const d = ctx.output.dims;
      const [n = 1, h = 1, w = 1, c = 1] =
        d.length === 4 ? d : [1, 1, d.slice(0, -1).reduce((a, b) => a * b, 1), d[d.length - 1]];
      const gate =
        code === OPS.MUL &&
        acts.some((t) => t.dims.length === 4 && (t.dims[1] as number) * (t.dims[2] as number) === 1) &&
        h * w > 1;
      return elementwise(ctx.name, [n, h, w, c], 2, gate ? 'MUL (squeeze-excite gate)' : ctx.opName);
    }
    default:
      return undefined;
  }
}

/** True when bytes 4–7 are the TFLite file identifier. */
export function looksLikeTflite(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[4] === 0x54 && bytes[5] === 0x46 && bytes[6] === 0x4c && bytes[7] === 0x33;
}
