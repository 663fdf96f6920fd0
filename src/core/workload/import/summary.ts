import { type Layer, layerMacs, layerParams, type Op } from '../layer';

/** One printable line per layer (the CLI's `workloads --import` and the UI's layer table). */
export interface LayerSummary {
  name: string;
  op: Op;
  /** Multiply-accumulates of one inference (batch included). */
  macs: number;
  /** Trainable parameters (weights + bias + 2 per folded batch-norm channel). */
  params: number;
  /** Input activation [channels, height, width]; for an LSTM [features, timesteps, 1]. */
  inputShape: [number, number, number];
  /** Output activation [channels, height, width]; for an LSTM [hidden, timesteps, 1]. */
  outputShape: [number, number, number];
}

export function layerSummary(l: Layer): LayerSummary {
  return {
    name: l.name,
    op: l.op,
    macs: layerMacs(l),
    params: layerParams(l),
    inputShape: [l.c, l.h, l.w],
    outputShape: [l.k, l.p, l.q],
  };
}
