import type { LayerConfig } from './keras-config';
import { type Handler, image, imageDims, layer, one, type Tensor } from './keras-tensor';

/**
 * Convolution and pooling layer classes: Conv2D, DepthwiseConv2D, SeparableConv2D,
 * Conv2DTranspose, MaxPooling2D / AveragePooling2D and their global forms. Shapes follow the
 * TensorFlow conventions; weights are never read.
 */

type Padding = 'same' | 'valid';

/**
 * Output size and total padding along one axis, TensorFlow conventions: 'same' gives
 * ⌈in/stride⌉ and pads (out−1)·stride + window − in; 'valid' gives ⌊(in + pre − window)/stride⌋ + 1
 * where `pre` is padding already supplied by a preceding ZeroPadding2D. Dilation widens the
 * window to (k−1)·d + 1 without adding taps.
 */
function axisOut(
  cfg: LayerConfig,
  size: number,
  pre: number,
  k: number,
  stride: number,
  dil: number,
  mode: Padding,
): [number, number] {
  const win = (k - 1) * dil + 1;
  if (mode === 'same') {
    const out = Math.ceil(size / stride);
    return [out, Math.max((out - 1) * stride + win - size, 0)];
  }
  if (size + pre < win) cfg.fail('kernel_size', `window ${win} is larger than the (padded) input ${size + pre}`);
  return [Math.floor((size + pre - win) / stride) + 1, pre];
}

/** The input of a conv: a ZeroPadding2D output feeds its padding into a 'valid' conv. */
function convInput(cfg: LayerConfig, t: Tensor, cf: boolean, mode: Padding) {
  if (mode === 'valid' && t.padded)
    return { ...image(cfg, t.padded.dims, cf), padH: t.padded.padH, padW: t.padded.padW };
  return { ...image(cfg, t.dims, cf), padH: 0, padW: 0 };
}

/** Geometry shared by Conv2D, DepthwiseConv2D and SeparableConv2D; `note` mentions dilation / fed padding. */
function convCommon(cfg: LayerConfig, t: Tensor) {
  const cf = cfg.channelsFirst();
  const [r, s] = cfg.pair('kernel_size');
  const [strideH, strideW] = cfg.pair('strides', [1, 1]);
  const [dilH, dilW] = cfg.pair('dilation_rate', [1, 1]);
  const mode = cfg.str<Padding>('padding', ['same', 'valid'], 'valid');
  const inp = convInput(cfg, t, cf, mode);
  const [p, padH] = axisOut(cfg, inp.h, inp.padH, r, strideH, dilH, mode);
  const [q, padW] = axisOut(cfg, inp.w, inp.padW, s, strideW, dilW, mode);
  const notes: string[] = [];
  if (dilH > 1 || dilW > 1) notes.push(`dilation ${dilH}x${dilW} (window ${(r - 1) * dilH + 1}x${(s - 1) * dilW + 1})`);
  if (inp.padH || inp.padW) notes.push('padding from the preceding ZeroPadding2D');
  const geom = { c: inp.c, h: inp.h, w: inp.w, p, q, r, s, strideH, strideW, padH, padW };
  return { cf, geom, extra: notes.length ? { note: notes.join('; ') } : {} };
}

export const conv2d: Handler = (cfg, name, inputs, sink) => {
  const { cf, geom, extra } = convCommon(cfg, one(cfg, inputs));
  const k = cfg.int('filters');
  const groups = cfg.int('groups', 1);
  if (geom.c % groups !== 0 || k % groups !== 0) {
    cfg.fail('groups', `groups ${groups} does not divide ${geom.c} → ${k} channels`);
  }
  const l = layer({ name, op: 'conv', ...geom, k, groups, bias: cfg.bool('use_bias', true), ...extra });
  sink.emit(l);
  return { dims: imageDims(k, geom.p, geom.q, cf), producer: l };
};

export const depthwise2d: Handler = (cfg, name, inputs, sink) => {
  const { cf, geom, extra } = convCommon(cfg, one(cfg, inputs));
  const k = geom.c * cfg.int('depth_multiplier', 1);
  const l = layer({ name, op: 'depthwise', ...geom, k, groups: geom.c, bias: cfg.bool('use_bias', true), ...extra });
  sink.emit(l);
  return { dims: imageDims(k, geom.p, geom.q, cf), producer: l };
};

/** SeparableConv2D = depthwise (no bias) then a 1×1 pointwise conv carrying the layer's bias. */
export const separable2d: Handler = (cfg, name, inputs, sink) => {
  const { cf, geom, extra } = convCommon(cfg, one(cfg, inputs));
  const { p, q } = geom;
  const mid = geom.c * cfg.int('depth_multiplier', 1);
  const k = cfg.int('filters');
  sink.emit(layer({ name: `${name}_dw`, op: 'depthwise', ...geom, k: mid, groups: geom.c, ...extra }));
  const pw = layer({ name: `${name}_pw`, op: 'conv', c: mid, h: p, w: q, k, p, q, bias: cfg.bool('use_bias', true) });
  sink.emit(pw);
  return { dims: imageDims(k, p, q, cf), producer: pw };
};

/** Keras `deconv_output_length`: output size of a transposed convolution along one axis. */
function deconvOut(size: number, k: number, stride: number, dil: number, mode: Padding, outPad?: number): number {
  const win = k + (k - 1) * (dil - 1);
  if (outPad === undefined) return mode === 'valid' ? size * stride + Math.max(win - stride, 0) : size * stride;
  const pad = mode === 'same' ? Math.floor(win / 2) : 0;
  return (size - 1) * stride + win - 2 * pad + outPad;
}

export const conv2dTranspose: Handler = (cfg, name, inputs, sink) => {
  const cf = cfg.channelsFirst();
  const { c, h, w } = image(cfg, one(cfg, inputs).dims, cf);
  const k = cfg.int('filters');
  const [r, s] = cfg.pair('kernel_size');
  const [strideH, strideW] = cfg.pair('strides', [1, 1]);
  const [dilH, dilW] = cfg.pair('dilation_rate', [1, 1]);
  const mode = cfg.str<Padding>('padding', ['same', 'valid'], 'valid');
  const outPad = cfg.has('output_padding') ? cfg.pair('output_padding', undefined, 0) : undefined;
  const p = deconvOut(h, r, strideH, dilH, mode, outPad?.[0]);
  const q = deconvOut(w, s, strideW, dilW, mode, outPad?.[1]);
  if (p < 1 || q < 1) cfg.fail('output_padding', `output size ${p}x${q} is not positive`);
  const groups = cfg.int('groups', 1);
  if (c % groups !== 0 || k % groups !== 0) cfg.fail('groups', `groups ${groups} does not divide ${c} → ${k} channels`);
  const l = layer({ name, op: 'conv', transposed: true, c, h, w, k, p, q, r, s, strideH, strideW, groups });
  l.bias = cfg.bool('use_bias', true);
  sink.emit(l);
  return { dims: imageDims(k, p, q, cf), producer: l };
};

export const pool2d =
  (kind: 'max' | 'avg'): Handler =>
  (cfg, name, inputs, sink) => {
    const cf = cfg.channelsFirst();
    const { c, h, w } = image(cfg, one(cfg, inputs).dims, cf);
    const [r, s] = cfg.pair('pool_size', [2, 2]);
    const [strideH, strideW] = cfg.pair('strides', [r, s]);
    const mode = cfg.str<Padding>('padding', ['same', 'valid'], 'valid');
    const [p, padH] = axisOut(cfg, h, 0, r, strideH, 1, mode);
    const [q, padW] = axisOut(cfg, w, 0, s, strideW, 1, mode);
    sink.emit(
      layer({ name, op: 'pool', pool: kind, c, h, w, k: c, p, q, r, s, strideH, strideW, padH, padW, groups: c }),
    );
    return { dims: imageDims(c, p, q, cf) };
  };

export const globalPool2d =
  (kind: 'max' | 'avg'): Handler =>
  (cfg, name, inputs, sink) => {
    const cf = cfg.channelsFirst();
    const { c, h, w } = image(cfg, one(cfg, inputs).dims, cf);
    sink.emit(layer({ name, op: 'pool', pool: kind, c, h, w, k: c, p: 1, q: 1, r: h, s: w, groups: c }));
    return { dims: cfg.bool('keepdims', false) ? imageDims(c, 1, 1, cf) : [c] };
  };
