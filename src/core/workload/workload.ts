import { type Layer, layerMacs, layerParams, layerWeightBytes } from './layer';

/** Where a workload came from. */
export type WorkloadSource =
  | { kind: 'zoo'; builder: string; reference: string }
  | { kind: 'scalesim'; file: string }
  | { kind: 'keras'; file: string }
  | { kind: 'onnx'; file: string }
  | { kind: 'tflite'; file: string }
  /** Network `index` of a generated network space for `seed` (src/core/workload/space). */
  | { kind: 'space'; space: string; seed: number; index: number };

export interface Workload {
  /** Stable id, e.g. `mobilenet_v2` (zoo) or `import:<file>`. */
  id: string;
  name: string;
  /** Input tensor (channels, height, width); for sequence models h = timesteps, w = 1. */
  input: { c: number; h: number; w: number };
  layers: Layer[];
  source: WorkloadSource;
  /** Import notes: ops counted as 0 MACs, parts of the file that were not visible, ... */
  notes?: string[];
}

export interface WorkloadTotals {
  macs: number;
  params: number;
  weightBytes: number;
  layers: number;
}

/** Totals of a workload, derived from its layers. */
export function workloadTotals(wl: Workload, bytesPerElement = 1): WorkloadTotals {
  let macs = 0;
  let params = 0;
  let weightBytes = 0;
  for (const l of wl.layers) {
    macs += layerMacs(l);
    params += layerParams(l);
    weightBytes += layerWeightBytes(l, bytesPerElement);
  }
  return { macs, params, weightBytes, layers: wl.layers.length };
}
