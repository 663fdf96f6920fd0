/**
 * Layer IR. A layer stores only its shape; MACs, parameters and bytes are derived from it
 * (never typed in). Shapes follow the usual accelerator notation:
 *   n batch, c input channels, h×w input spatial size (unpadded), k output channels,
 *   p×q output spatial size, r×s filter size, strideH/strideW, padH/padW total padding.
 * Counting convention (REFERENCE.md §1, torchvision `_ops`): MACs of convolutions, FC and SE FCs;
 * batch-norm, activations, pooling, element-wise ops count 0 MACs.
 */

export type Op =
  /** Convolution, possibly grouped (groups > 1) or transposed (transposed = true). */
  | 'conv'
  /** Depthwise convolution: every output channel reads one input channel (k = c · multiplier). */
  | 'depthwise'
  /** Fully connected (matrix-vector per sample): c inputs, k outputs. */
  | 'fc'
  /** Max / average pooling, global pooling included (r = h, s = w). */
  | 'pool'
  /** Element-wise op over k×p×q outputs reading `inputs` tensors (residual add, SE gate, concat copy). */
  | 'eltwise'
  /** Stand-alone batch-norm (not folded into a preceding conv), 2 params per channel. */
  | 'norm'
  /** LSTM over `timesteps` steps: input size c, hidden size k. */
  | 'lstm';

export const OPS: readonly Op[] = ['conv', 'depthwise', 'fc', 'pool', 'eltwise', 'norm', 'lstm'];

export interface Layer {
  name: string;
  op: Op;
  n: number;
  c: number;
  h: number;
  w: number;
  k: number;
  p: number;
  q: number;
  r: number;
  s: number;
  strideH: number;
  strideW: number;
  /** Total padding along H (top + bottom) and W (left + right), in pixels. */
  padH: number;
  padW: number;
  groups: number;
  /** Has a bias vector (k params). */
  bias: boolean;
  /** Followed by a batch-norm over its k outputs (2k params, folded at inference). */
  bn: boolean;
  /** Transposed convolution (Conv2DTranspose): MACs are counted per input pixel. */
  transposed?: boolean;
  /**
   * Number of equally shaped input tensors read element-wise (eltwise: 2 for a residual add).
   * Default 1. A concatenation copy is an eltwise layer with inputs 1 (it reads every element of
   * its parts once), c = k = the parts' channels summed, and `from` listing the parts.
   */
  inputs?: number;
  /**
   * Graph edges: indices (into the workload's layer list, all < this layer's) of the layers whose
   * outputs this layer reads; -1 is the network input. Default: the previous layer (-1 for the
   * first), i.e. a chain. Set it where the graph branches: a residual add lists its block input
   * (or downsample) and the block output, a concatenation its parts, a branch its fork point.
   * The simulator derives from it which activations stay live (src/core/workload/graph.ts).
   */
  from?: number[];
  /** LSTM: number of timesteps. */
  timesteps?: number;
  /** Pool kind, informative only. */
  pool?: 'max' | 'avg';
  /** Free-form note (which block the layer belongs to, the activation, ...). */
  note?: string;
}

/** Multiply-accumulates of one inference of `l` (batch n included). */
export function layerMacs(l: Layer): number {
  switch (l.op) {
    case 'conv':
      if (l.transposed) return l.n * l.h * l.w * l.c * (l.k / l.groups) * l.r * l.s;
      return l.n * l.p * l.q * l.k * (l.c / l.groups) * l.r * l.s;
    case 'depthwise':
      return l.n * l.p * l.q * l.k * l.r * l.s;
    case 'fc':
      return l.n * l.c * l.k;
    case 'lstm':
      return l.n * (l.timesteps ?? 1) * 4 * l.k * (l.c + l.k);
    default:
      return 0;
  }
}

/** Weight elements (no bias, no batch-norm). */
export function layerWeights(l: Layer): number {
  switch (l.op) {
    case 'conv':
      return l.k * (l.c / l.groups) * l.r * l.s;
    case 'depthwise':
      return l.k * l.r * l.s;
    case 'fc':
      return l.c * l.k;
    case 'lstm':
      return 4 * l.k * (l.c + l.k);
    default:
      return 0;
  }
}

/** Trainable parameters, counted as torchvision does: weights + bias + 2 per batch-norm channel. */
export function layerParams(l: Layer): number {
  if (l.op === 'norm') return 2 * l.c;
  if (l.op === 'lstm') return layerWeights(l) + 4 * l.k;
  return layerWeights(l) + (l.bias ? l.k : 0) + (l.bn ? 2 * l.k : 0);
}

/**
 * Bytes of parameters the accelerator must hold for `l`: weights plus one bias per output
 * channel when there is a bias or a folded batch-norm (int8 weights, bias in the same width for
 * simplicity). `bytesPerElement` is 1 for int8 (Edge TPU).
 */
export function layerWeightBytes(l: Layer, bytesPerElement = 1): number {
  const biasCount = l.op === 'lstm' ? 4 * l.k : l.bias || l.bn ? l.k : 0;
  return (layerWeights(l) + biasCount) * bytesPerElement;
}

/** Bytes of input activations read by `l` (all input tensors). */
export function layerInputBytes(l: Layer, bytesPerElement = 1): number {
  if (l.op === 'lstm') return l.n * (l.timesteps ?? 1) * l.c * bytesPerElement;
  return l.n * l.c * l.h * l.w * (l.inputs ?? 1) * bytesPerElement;
}

/** Bytes of output activations written by `l`. */
export function layerOutputBytes(l: Layer, bytesPerElement = 1): number {
  if (l.op === 'lstm') return l.n * (l.timesteps ?? 1) * l.k * bytesPerElement;
  return l.n * l.k * l.p * l.q * bytesPerElement;
}

/** Output size of a convolution or pooling window along one axis (floor convention). */
export function convOut(input: number, filter: number, stride: number, padTotal: number): number {
  return Math.floor((input + padTotal - filter) / stride) + 1;
}

/** "Same" padding output size: ceil(input / stride) (TensorFlow convention). */
export function sameOut(input: number, stride: number): number {
  return Math.ceil(input / stride);
}

/** Total padding TensorFlow's "same" adds along one axis. */
export function samePad(input: number, filter: number, stride: number): number {
  const out = sameOut(input, stride);
  return Math.max((out - 1) * stride + filter - input, 0);
}
