import type { Layer } from '../layer';
import { layer } from './keras-tensor';
import { conv, convTranspose, globalPool, type LayerSink, pool } from './onnx-conv';
import { fc, gru, lstm } from './onnx-dense';
import { broadcast, dim, type NodeCtx, type Out, prod } from './onnx-node';
import { SHAPE_OPS } from './onnx-shape-ops';

/**
 * ONNX op → Layer IR and output shapes. Counting conventions follow the Keras importer
 * (REFERENCE.md §1): activations, reshapes, padding, resizing and concatenation produce no layer
 * and count 0 MACs (the workload's notes list them); a BatchNormalization right after a conv or
 * FC is folded into it, else it is a 'norm' layer; an element-wise op over ≥ 2 activations is an
 * 'eltwise' layer (a residual add, a squeeze-excite gate).
 */

export type Handler = (ctx: NodeCtx, sink: LayerSink) => Out[];

const same = (ctx: NodeCtx): Out[] => [{ dims: ctx.input(0).dims }];

/** Identity at inference (and QDQ quantisation stubs): the tensor, producer included, passes. */
const passThrough = (ctx: NodeCtx): Out[] => {
  const t = ctx.input(0);
  // Dropout before opset 12 may also output its mask, of the same shape.
  return [{ dims: t.dims, values: t.values, producer: t.producer, constant: t.constant }, { dims: t.dims }];
};

/** Extra outputs a training-mode BatchNormalization export lists (running mean / var, saved stats): [C]. */
const bnStats = (c: number): Out[] => Array.from({ length: 4 }, () => ({ dims: [c] }));

const batchNorm: Handler = (ctx, sink) => {
  const x = ctx.input(0);
  if (x.dims.length < 2) ctx.fail('input[0]', `expects an (N, C, ...) input, got [${x.dims.join(', ')}]`);
  const c = x.dims[1] as number;
  const pr = x.producer;
  if (pr && !pr.bn && pr.k === c && (pr.op === 'conv' || pr.op === 'depthwise' || pr.op === 'fc')) {
    pr.bn = true;
    pr.note = `${pr.note ? `${pr.note}; ` : ''}BN "${ctx.label}" folded`;
    return [{ dims: x.dims }, ...bnStats(c)];
  }
  return [...norm(ctx, sink), ...bnStats(c)];
};

/** An activation [N, C, ...] as the IR's n, c and h × w: H and W for images, the rest on w. */
function nchwOf(dims: readonly number[]): { n: number; c: number; h: number; w: number } {
  const [n = 1, c = 1] = dims;
  if (dims.length >= 4) return { n, c, h: dims[2] as number, w: prod(dims.slice(3)) };
  return { n, c, h: 1, w: prod(dims.slice(2)) };
}

/** A 0-MAC layer over every element of `dims` (k = c, p×q = h×w): eltwise, norm and copy layers. */
function perElement(ctx: NodeCtx, op: 'eltwise' | 'norm', dims: readonly number[], extra: Partial<Layer>): Layer {
  const { n, c, h, w } = nchwOf(dims);
  return layer({ name: ctx.label, op, n, c, h, w, k: c, p: h, q: w, groups: c, note: ctx.op, ...extra });
}

/** A normalisation with 2 parameters per channel (BN not after a conv, instance / layer norm). */
const norm: Handler = (ctx, sink) => {
  const x = ctx.input(0);
  sink.emit(perElement(ctx, 'norm', x.dims, {}));
  if (ctx.op !== 'LayerNormalization') return [{ dims: x.dims }];
  // LayerNormalization may also output Mean and InvStdDev: the input with the normalised axes set to 1.
  const axis = ctx.axis(ctx.int('axis', -1), x.dims.length, 'axis');
  const stats = { dims: x.dims.map((d, i) => (i >= axis ? 1 : d)) };
  return [{ dims: x.dims }, stats, stats];
};

/** Binary / n-ary element-wise ops. With one activation input (x·const) it is a 0-MAC scale. */
const eltwise: Handler = (ctx, sink) => {
  const present = ctx.ins.filter((t) => t !== undefined);
  if (present.length === 0) ctx.fail('input', 'has no inputs');
  const out = broadcast(
    ctx,
    present.map((t) => t.dims),
  );
  const acts = present.filter((t) => !t.constant);
  if (acts.length === 0) return [{ dims: out, constant: true, values: constValues(ctx, present) }];
  if (acts.length === 1) {
    const a = acts[0];
    const b = present.find((t) => t.constant);
    // MatMul + Add(bias): PyTorch's Linear exported without Gemm. The bias is the FC's.
    const pr = a?.producer;
    if (ctx.op === 'Add' && pr && (pr.op === 'fc' || pr.op === 'conv') && !pr.bias && b && prod(b.dims) === pr.k) {
      pr.bias = true;
      return [{ dims: out, producer: pr }];
    }
    return [{ dims: out }];
  }
  const rest = prod(out.slice(2));
  const gate = ctx.op === 'Mul' && acts.some((t) => t.dims.length === 4 && prod(t.dims.slice(2)) === 1 && rest > 1);
  sink.emit(
    perElement(ctx, 'eltwise', out, { inputs: acts.length, note: gate ? 'Mul (squeeze-excite gate)' : ctx.op }),
  );
  return [{ dims: out }];
};

/**
 * Concat of ≥ 2 activations: a copy layer reading every part once (inputs 1, c = k = the joined
 * channels), as the zoo's builder and TFLite's CONCATENATION have it; 0 MACs. A Concat of
 * constants (shape arithmetic) stays a shape-only op.
 */
const concat: Handler = (ctx, sink) => {
  const outs = SHAPE_OPS.Concat?.(ctx) ?? [];
  const dims = outs[0]?.dims;
  const acts = ctx.ins.filter((t) => t !== undefined && !t.constant).length;
  if (acts >= 2 && dims && dims.length >= 2)
    sink.emit(perElement(ctx, 'eltwise', dims, { inputs: 1, note: 'Concat (copy)' }));
  return outs;
};

/** Shape arithmetic on small constants (Shape → Gather → Mul → Reshape). */
function constValues(ctx: NodeCtx, ins: { values?: number[] }[]): number[] | undefined {
  const [a, b] = ins;
  if (ins.length !== 2 || !a?.values || !b?.values) return undefined;
  const len = Math.max(a.values.length, b.values.length);
  const at = (v: number[], i: number) => (v.length === 1 ? (v[0] as number) : (v[i] as number));
  const f: Record<string, (x: number, y: number) => number> = {
    Add: (x, y) => x + y,
    Sub: (x, y) => x - y,
    Mul: (x, y) => x * y,
    Div: (x, y) => Math.trunc(x / y),
  };
  const op = f[ctx.op];
  if (!op || (a.values.length !== len && a.values.length !== 1) || (b.values.length !== len && b.values.length !== 1)) {
    return undefined;
  }
  return Array.from({ length: len }, (_, i) => op(at(a.values as number[], i), at(b.values as number[], i)));
}

/** Global pooling ops and their ReduceMean / ReduceMax spellings over the spatial axes. */
const globalAvg: Handler = (ctx, sink) => [globalPool(ctx, sink, 'avg', true)];
const globalMax: Handler = (ctx, sink) => [globalPool(ctx, sink, 'max', true)];

const reduce: Handler = (ctx, sink) => {
  const x = ctx.input(0);
  const rank = x.dims.length;
  const keep = ctx.int('keepdims', 1) === 1;
  const raw = ctx.optional(1) ? ctx.valuesOf(1, 'axes') : ctx.ints('axes', []);
  const axes = (raw.length === 0 ? x.dims.map((_, i) => i) : raw).map((a) => ctx.axis(a, rank, 'axes'));
  const spatial = rank === 4 && axes.length === 2 && axes.includes(2) && axes.includes(3);
  if (spatial && (ctx.op === 'ReduceMean' || ctx.op === 'ReduceMax')) {
    return [globalPool(ctx, sink, ctx.op === 'ReduceMean' ? 'avg' : 'max', keep)];
  }
  const dims = keep ? x.dims.map((d, i) => (axes.includes(i) ? 1 : d)) : x.dims.filter((_, i) => !axes.includes(i));
  return [{ dims }];
};

const ACTIVATIONS = [
  'Relu',
  'LeakyRelu',
  'PRelu',
  'Elu',
  'Selu',
  'Celu',
  'Gelu',
  'Sigmoid',
  'HardSigmoid',
  'HardSwish',
  'Tanh',
  'Clip',
  'Softmax',
  'LogSoftmax',
  'Softplus',
  'Softsign',
  'Mish',
  'Erf',
  'Exp',
  'Log',
  'Sqrt',
  'Reciprocal',
  'Neg',
  'Abs',
  'Floor',
  'Ceil',
  'Round',
  'Not',
  'ThresholdedRelu',
  'Shrink',
  'LRN',
] as const;

const PASS_THROUGH = ['Identity', 'Dropout', 'QuantizeLinear', 'DequantizeLinear'] as const;

const ELTWISE = ['Add', 'Sub', 'Mul', 'Div', 'Sum', 'Max', 'Min', 'Mean', 'Pow', 'Equal', 'Greater', 'Less', 'Where'];

export const HANDLERS: Record<string, Handler> = {
  Conv: (ctx, sink) => [conv(ctx, sink)],
  ConvTranspose: (ctx, sink) => [convTranspose(ctx, sink)],
  // MaxPool's optional second output (Indices) has the shape of the first.
  MaxPool: (ctx, sink) => {
    const out = pool('max')(ctx, sink);
    return [out, { dims: out.dims }];
  },
  AveragePool: (ctx, sink) => [pool('avg')(ctx, sink)],
  LpPool: (ctx, sink) => [pool('avg')(ctx, sink)],
  GlobalAveragePool: globalAvg,
  GlobalMaxPool: globalMax,
  GlobalLpPool: globalAvg,
  ReduceMean: reduce,
  ReduceMax: reduce,
  ReduceSum: reduce,
  ReduceMin: reduce,
  BatchNormalization: batchNorm,
  InstanceNormalization: norm,
  LayerNormalization: norm,
  GroupNormalization: norm,
  Gemm: (ctx, sink) => [fc(ctx, sink, 'Gemm')],
  MatMul: (ctx, sink) => [fc(ctx, sink, 'MatMul')],
  LSTM: lstm,
  GRU: gru,
  RNN: gru,
  ...Object.fromEntries(ELTWISE.map((op) => [op, eltwise])),
  ...Object.fromEntries(ACTIVATIONS.map((op) => [op, same])),
  ...Object.fromEntries(PASS_THROUGH.map((op) => [op, passThrough])),
  ...SHAPE_OPS,
  Concat: concat,
};

/** Op types whose nodes produce no layer: the workload's note counts them as 0 MACs. */
export const ZERO_MAC_OPS: ReadonlySet<string> = new Set([...ACTIVATIONS, ...PASS_THROUGH, ...Object.keys(SHAPE_OPS)]);

export const SUPPORTED_ONNX_OPS: readonly string[] = Object.keys(HANDLERS).sort();

export { dim };
