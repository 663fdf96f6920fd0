import type { Layer } from '../layer';
import type { LayerConfig } from './keras-config';

/**
 * The activation tensor flowing between Keras layers, and the helpers the layer handlers share
 * to view it as the Layer IR's (c, h, w).
 */
export interface Tensor {
  /** Shape without the batch axis, in the model's own axis order (channels last or first). */
  dims: number[];
  /** The emitted layer that produced exactly this tensor (for folding a following BatchNormalization). */
  producer?: Layer;
  /** Output of ZeroPadding2D: the unpadded shape and the pad totals, for a following 'valid' conv. */
  padded?: { dims: number[]; padH: number; padW: number };
  /** A model input (for Embedding on token ids). */
  isModelInput?: boolean;
  /** Index of the layer that wrote this tensor (-1: a model input); see EdgeTracker in ../graph.ts. */
  src?: number;
}

export interface LayerSink {
  /** Appends a layer to the workload (checked against the MAC and layer-count limits). */
  emit(l: Layer): void;
  /** The model input is a sequence of token ids (the workload input is then c = 1, h = T). */
  markTokenInput(): void;
}

/** Applies one Keras layer class: reads its config, emits IR layers, returns the output tensor. */
export type Handler = (cfg: LayerConfig, name: string, inputs: Tensor[], sink: LayerSink, modelCf: boolean) => Tensor;

export const prod = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

/** A full Layer with the defaults of a 1×1, stride-1, unpadded, ungrouped op. */
export function layer(l: Pick<Layer, 'name' | 'op' | 'c' | 'h' | 'w' | 'k' | 'p' | 'q'> & Partial<Layer>): Layer {
  return {
    n: 1,
    r: 1,
    s: 1,
    strideH: 1,
    strideW: 1,
    padH: 0,
    padW: 0,
    groups: 1,
    bias: false,
    bn: false,
    ...l,
  };
}

/** A pooling window over each of c channels (k = groups = c): shared by the ONNX and TFLite importers. */
export function poolLayer(
  l: Pick<Layer, 'name' | 'n' | 'c' | 'h' | 'w' | 'p' | 'q' | 'r' | 's' | 'pool'> & Partial<Layer>,
): Layer {
  return layer({ ...l, op: 'pool', k: l.c, groups: l.c });
}

/** Channel count and positions (h, w) of a tensor viewed as an image: rank 3 honours the format. */
export function chwOf(dims: readonly number[], channelsFirst: boolean): { c: number; h: number; w: number } {
  if (dims.length === 3 && channelsFirst) return { c: dims[0] as number, h: dims[1] as number, w: dims[2] as number };
  return chwAround(dims, dims.length - 1);
}

/** Channels on `axis`; the other axes become h (and w when there are exactly two of them). */
export function chwAround(dims: readonly number[], axis: number): { c: number; h: number; w: number } {
  const rest = dims.filter((_, i) => i !== axis);
  const c = dims[axis] ?? 1;
  if (rest.length === 2) return { c, h: rest[0] as number, w: rest[1] as number };
  return { c, h: prod(rest), w: 1 };
}

export function one(cfg: LayerConfig, inputs: Tensor[]): Tensor {
  if (inputs.length !== 1) cfg.fail('inbound_nodes', `expects 1 input, got ${inputs.length}`);
  return inputs[0] as Tensor;
}

export function image(cfg: LayerConfig, dims: readonly number[], cf: boolean): { c: number; h: number; w: number } {
  if (dims.length !== 3) {
    cfg.fail(
      'input_shape',
      `expects a rank-3 input (${cf ? 'channels, height, width' : 'height, width, channels'}), got [${dims.join(', ')}]`,
    );
  }
  return chwOf(dims, cf);
}

export const imageDims = (c: number, h: number, w: number, cf: boolean): number[] => (cf ? [c, h, w] : [h, w, c]);
