import { type Layer, layerInputBytes, layerMacs, layerOutputBytes, layerParams } from '../workload/layer';
import type { Workload } from '../workload/workload';

/**
 * PRIME conditions its surrogate on a context vector describing the application (Kumar et al.,
 * ICLR 2022, §5: the model sees per-application features so one model serves several
 * applications and can be queried for an unseen one, zero-shot). Ours is computed from the Layer
 * IR alone, so an imported model gets one too. Every entry is mapped by a FIXED affine transform
 * (not statistics of the training set), so a held-out workload is normalised exactly like the
 * training ones; the ranges below put the zoo (56 M … 150 G MACs) roughly inside [0, 1].
 */
export const CONTEXT_FEATURES = [
  'logMacs',
  'convShare',
  'pointwiseShare',
  'depthwiseShare',
  'fcShare',
  'lstmShare',
  'logParams',
  'logActivationBytes',
  'logMaxLayerActivation',
  'logMaxLayerWeights',
  'logDepth',
  'meanLogChannels',
  'maxLogChannels',
  'logIntensity',
] as const;
export type ContextFeature = (typeof CONTEXT_FEATURES)[number];
export const CONTEXT_DIMS = CONTEXT_FEATURES.length;

/** Raw (un-normalised) statistics of a workload, int8 elements. */
export interface WorkloadStats {
  /** Multiply-accumulates per inference. */
  macs: number;
  /** Shares of the MACs by kind (sum to 1 when macs > 0): k×k conv, 1×1 conv, depthwise, FC, LSTM. */
  shares: { conv: number; pointwise: number; depthwise: number; fc: number; lstm: number };
  params: number;
  /** Input + output activation bytes summed over layers (int8). */
  activationBytes: number;
  /** Largest input + output activation bytes of one layer. */
  maxLayerActivation: number;
  /** Largest parameter count of one layer (≈ bytes at int8). */
  maxLayerWeights: number;
  /** Layers with MACs (conv, depthwise, fc, lstm). */
  depth: number;
  /** MAC-weighted mean and max of log2 output channels over layers with MACs. */
  meanLog2Channels: number;
  maxLog2Channels: number;
}

export function workloadStats(wl: Workload): WorkloadStats {
  const shares = { conv: 0, pointwise: 0, depthwise: 0, fc: 0, lstm: 0 };
  let macs = 0;
  let params = 0;
  let act = 0;
  let maxAct = 0;
  let maxW = 0;
  let depth = 0;
  let chSum = 0;
  let chMax = 0;
  for (const l of wl.layers as Layer[]) {
    const m = layerMacs(l);
    const p = layerParams(l);
    const a = layerInputBytes(l) + layerOutputBytes(l);
    macs += m;
    params += p;
    act += a;
    maxAct = Math.max(maxAct, a);
    maxW = Math.max(maxW, p);
    if (m <= 0) continue;
    depth++;
    if (l.op === 'conv') {
      if (l.r === 1 && l.s === 1) shares.pointwise += m;
      else shares.conv += m;
    } else if (l.op === 'depthwise') shares.depthwise += m;
    else if (l.op === 'fc') shares.fc += m;
    else if (l.op === 'lstm') shares.lstm += m;
    const lc = Math.log2(Math.max(1, l.k));
    chSum += m * lc;
    chMax = Math.max(chMax, lc);
  }
  if (macs > 0) for (const k of Object.keys(shares) as (keyof typeof shares)[]) shares[k] /= macs;
  return {
    macs,
    shares,
    params,
    activationBytes: act,
    maxLayerActivation: maxAct,
    maxLayerWeights: maxW,
    depth,
    meanLog2Channels: macs > 0 ? chSum / macs : 0,
    maxLog2Channels: chMax,
  };
}

/** (log10 v − lo) / (hi − lo): maps [10^lo, 10^hi] to [0, 1]; v ≤ 0 maps as v = 1. */
const logScale = (v: number, lo: number, hi: number) => (Math.log10(Math.max(v, 1)) - lo) / (hi - lo);

/**
 * The normalised context vector of a workload (CONTEXT_FEATURES order, Float32 for the model).
 * Ranges: MACs 10^7…10^11, params 10^5…10^8, activation bytes 10^5…10^9, one layer's activations
 * 10^4…10^8 and weights 10^3…10^8, depth 1…300 layers, channels 2^4…2^17 (an 80,000-word
 * vocabulary), MACs per parameter
 * (arithmetic intensity of the weights, the Edge TPU's caching trade-off) 1…10^5.
 */
export function workloadContext(wl: Workload): Float32Array {
  return contextOfStats(workloadStats(wl));
}

export function contextOfStats(s: WorkloadStats): Float32Array {
  const v = [
    logScale(s.macs, 7, 11),
    s.shares.conv,
    s.shares.pointwise,
    s.shares.depthwise,
    s.shares.fc,
    s.shares.lstm,
    logScale(s.params, 5, 8),
    logScale(s.activationBytes, 5, 9),
    logScale(s.maxLayerActivation, 4, 8),
    logScale(s.maxLayerWeights, 3, 8),
    logScale(s.depth, 0, Math.log10(300)),
    (s.meanLog2Channels - 4) / 13,
    (s.maxLog2Channels - 4) / 13,
    logScale(s.params > 0 ? s.macs / s.params : 1, 0, 5),
  ];
  return Float32Array.from(v);
}
