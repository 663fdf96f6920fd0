import type { Layer } from '../layer';
import { layer, poolLayer } from './keras-tensor';
import { dim, type Info, type NodeCtx, type Out } from './onnx-node';

/**
 * ONNX Conv, ConvTranspose and pooling → Layer IR (NCHW). 1-D ops (N, C, L) map to h = 1; 3-D
 * ops are refused (the IR is 2-D). Dilation changes the output size but not the MACs: a dilated
 * r×s window still multiplies r·s weights.
 */

export interface LayerSink {
  /** Appends a layer; `fromInputs`: it reads the node's inputs rather than the layer emitted before it. */
  emit(l: Layer, fromInputs?: boolean): void;
}

type AutoPad = 'NOTSET' | 'SAME_UPPER' | 'SAME_LOWER' | 'VALID';
const AUTO_PADS: readonly AutoPad[] = ['NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID'];

/** Spatial attributes shared by Conv, ConvTranspose and the pools. */
function window(ctx: NodeCtx, spatial: number, kernel: number[]) {
  const ones = Array.from({ length: spatial }, () => 1);
  const strides = ctx.positive('strides', spatial, ones);
  const dilations = ctx.positive('dilations', spatial, ones);
  const pads = ctx.positive(
    'pads',
    2 * spatial,
    [...ones, ...ones].map(() => 0),
    0,
  );
  const autoPad = ctx.str('auto_pad', AUTO_PADS, 'NOTSET') as AutoPad;
  return { kernel, strides, dilations, pads, autoPad };
}

/** Output size and total padding of one axis of a forward window (conv or pool). */
function forwardAxis(
  ctx: NodeCtx,
  input: number,
  w: ReturnType<typeof window>,
  axis: number,
  spatial: number,
  ceil = false,
): [number, number] {
  const k = w.kernel[axis] as number;
  const s = w.strides[axis] as number;
  const eff = (w.dilations[axis] as number) * (k - 1) + 1;
  let out: number;
  let pad: number;
  if (w.autoPad === 'VALID') {
    out = Math.floor((input - eff) / s) + 1;
    pad = 0;
  } else if (w.autoPad === 'NOTSET') {
    pad = (w.pads[axis] as number) + (w.pads[axis + spatial] as number);
    const span = (input + pad - eff) / s;
    out = (ceil ? Math.ceil(span) : Math.floor(span)) + 1;
  } else {
    out = Math.ceil(input / s);
    pad = Math.max((out - 1) * s + eff - input, 0);
  }
  if (!(out >= 1)) {
    ctx.fail('kernel_shape', `window ${k} (dilated ${eff}) does not fit input ${input} with padding ${pad}`);
  }
  return [dim(ctx, out, `output size on axis ${axis + 2}`), pad];
}

/** The image view of an N,C,(H,)W input: rank 3 puts the sequence on w with h = 1. */
function nchw(ctx: NodeCtx) {
  const x = ctx.input(0);
  if (x.dims.length === 5)
    ctx.fail('input[0]', `3-D ${ctx.op} (input [${x.dims.join(', ')}]) is not supported: the Layer IR is 2-D`);
  if (x.dims.length !== 3 && x.dims.length !== 4) {
    ctx.fail('input[0]', `expects an (N, C, H, W) or (N, C, L) input, got [${x.dims.join(', ')}]`);
  }
  const [n, c] = x.dims as [number, number];
  const oneD = x.dims.length === 3;
  const h = oneD ? 1 : (x.dims[2] as number);
  const w = x.dims[x.dims.length - 1] as number;
  return { x, n, c, h, w, oneD, spatial: x.dims.length - 2 };
}

/** kernel_shape, which must agree with the weight's spatial dims when both are given. */
function kernelOf(ctx: NodeCtx, spatial: number, wt: Info): number[] {
  const kernel = ctx.positive('kernel_shape', spatial, wt.dims.slice(2));
  if (kernel.some((k, i) => k !== wt.dims[i + 2])) {
    ctx.fail('kernel_shape', `kernel_shape [${kernel.join(', ')}] differs from the weight [${wt.dims.join(', ')}]`);
  }
  return kernel;
}

/** Expands 1-D attribute lists to (h, w) with a unit h axis. */
const hw = (oneD: boolean, v: number[], unit: number): [number, number] =>
  oneD ? [unit, v[0] as number] : [v[0] as number, v[1] as number];

export function conv(ctx: NodeCtx, sink: LayerSink): Out {
  const { n, c, h, w, oneD, spatial } = nchw(ctx);
  const wt = ctx.input(1);
  if (wt.dims.length !== spatial + 2) {
    ctx.fail('input[1]', `weight shape [${wt.dims.join(', ')}] does not match a ${spatial}-D input`);
  }
  const groups = ctx.int('group', 1);
  const k = wt.dims[0] as number;
  if (groups < 1 || c % groups !== 0 || k % groups !== 0 || (wt.dims[1] as number) * groups !== c) {
    ctx.fail('group', `group ${groups} with weight [${wt.dims.join(', ')}] does not fit ${c} input channels`);
  }
  const win = window(ctx, spatial, kernelOf(ctx, spatial, wt));
  const [p, padH] = oneD ? [1, 0] : forwardAxis(ctx, h, win, 0, spatial);
  const [q, padW] = forwardAxis(ctx, w, win, spatial - 1, spatial);
  const [r, s] = hw(oneD, win.kernel, 1);
  const [strideH, strideW] = hw(oneD, win.strides, 1);
  const dil = win.dilations.some((d) => d > 1) ? `dilation ${win.dilations.join('×')}` : '';
  const bias = ctx.optional(2) !== undefined;
  const depthwise = groups === c && groups > 1;
  let l: Layer;
  if (!depthwise && groups === 1 && h === 1 && w === 1 && r === 1 && s === 1) {
    // A 1×1 conv on a 1×1 map is an FC: the squeeze-excite FCs of MobileNetV3 / EfficientNet.
    l = layer({ name: ctx.label, op: 'fc', n, c, h: 1, w: 1, k, p: 1, q: 1, bias, note: 'Conv 1×1 on 1×1 (FC)' });
  } else {
    l = layer({
      name: ctx.label,
      op: depthwise ? 'depthwise' : 'conv',
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
      groups,
      bias,
      note: ['Conv', dil].filter(Boolean).join('; '),
    });
  }
  sink.emit(l);
  return { dims: oneD ? [n, k, q] : [n, k, p, q], producer: l };
}

export function convTranspose(ctx: NodeCtx, sink: LayerSink): Out {
  const { n, c, h, w, oneD, spatial } = nchw(ctx);
  const wt = ctx.input(1);
  if (wt.dims.length !== spatial + 2 || wt.dims[0] !== c) {
    ctx.fail('input[1]', `weight shape [${wt.dims.join(', ')}] does not match input channels ${c}`);
  }
  const groups = ctx.int('group', 1);
  const k = (wt.dims[1] as number) * groups;
  if (groups < 1 || c % groups !== 0) ctx.fail('group', `group ${groups} does not divide ${c} input channels`);
  const win = window(ctx, spatial, kernelOf(ctx, spatial, wt));
  const outPad = ctx.positive(
    'output_padding',
    spatial,
    win.kernel.map(() => 0),
    0,
  );
  const outShape = ctx.has('output_shape') ? ctx.positive('output_shape', spatial, undefined) : undefined;
  const sizes = [h, w].slice(oneD ? 1 : 0).map((input, a) => {
    if (outShape) return outShape[a] as number;
    const eff = (win.dilations[a] as number) * ((win.kernel[a] as number) - 1) + 1;
    const st = win.strides[a] as number;
    if (win.autoPad === 'SAME_UPPER' || win.autoPad === 'SAME_LOWER') return input * st;
    const pad = win.autoPad === 'VALID' ? 0 : (win.pads[a] as number) + (win.pads[a + spatial] as number);
    const out = st * (input - 1) + (outPad[a] as number) + eff - pad;
    if (!(out >= 1)) ctx.fail('pads', `output size ${out} on axis ${a + 2} is not positive`);
    return dim(ctx, out, `output size on axis ${a + 2}`);
  });
  const [p, q] = oneD ? [1, sizes[0] as number] : (sizes as [number, number]);
  const [r, s] = hw(oneD, win.kernel, 1);
  const [strideH, strideW] = hw(oneD, win.strides, 1);
  const geometry = { n, c, h, w, k, p, q, r, s, strideH, strideW, groups };
  const bias = ctx.optional(2) !== undefined;
  const l = layer({ ...geometry, name: ctx.label, op: 'conv', transposed: true, bias, note: 'ConvTranspose' });
  sink.emit(l);
  return { dims: oneD ? [n, k, q] : [n, k, p, q], producer: l };
}

export function pool(kind: 'max' | 'avg') {
  return (ctx: NodeCtx, sink: LayerSink): Out => {
    const { n, c, h, w, oneD, spatial } = nchw(ctx);
    const win = window(ctx, spatial, ctx.positive('kernel_shape', spatial, undefined));
    const ceil = ctx.int('ceil_mode', 0) === 1;
    const [p, padH] = oneD ? [1, 0] : forwardAxis(ctx, h, win, 0, spatial, ceil);
    const [q, padW] = forwardAxis(ctx, w, win, spatial - 1, spatial, ceil);
    const [r, s] = hw(oneD, win.kernel, 1);
    const [strideH, strideW] = hw(oneD, win.strides, 1);
    const geometry = { n, c, h, w, p, q, r, s, strideH, strideW, padH, padW };
    const l = poolLayer({ ...geometry, name: ctx.label, pool: kind, note: ctx.op });
    sink.emit(l);
    return { dims: oneD ? [n, c, q] : [n, c, p, q] };
  };
}

/** GlobalAveragePool / GlobalMaxPool, and ReduceMean / ReduceMax over exactly the spatial axes. */
export function globalPool(ctx: NodeCtx, sink: LayerSink, kind: 'max' | 'avg', keep: boolean): Out {
  const { n, c, h, w, oneD } = nchw(ctx);
  sink.emit(poolLayer({ name: ctx.label, pool: kind, n, c, h, w, p: 1, q: 1, r: h, s: w, note: ctx.op }));
  if (!keep) return { dims: [n, c] };
  return { dims: oneD ? [n, c, 1] : [n, c, 1, 1] };
}
