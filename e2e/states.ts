import LZString from 'lz-string';

/** The explorer's default view as a permalink holds it (MobileNetV2 on prime-baseline). */
export const BASE_STATE = {
  v: 1,
  view: 'explorer',
  workloads: [{ id: 'mobilenet_v2' }],
  template: 'edgetpu',
  preset: 'prime-baseline',
  design: {
    peX: 4,
    peY: 4,
    lanes: 64,
    cores: 4,
    peMemory: 524288,
    coreMemory: 8192,
    instructionMemory: 2048,
    parameterMemory: 16384,
    activationMemory: 8192,
    dramBandwidth: 30,
  },
  budgetMm2: 27,
  breakdown: 'cycles',
  sort: 'order',
};

/** A MobileNetV2 latency study under 27 mm² on the exploration view. */
export function studyState(budget: number, optimizers: string[], seed = 7, run = true) {
  return {
    ...BASE_STATE,
    view: 'explore',
    study: {
      template: 'edgetpu',
      workloads: [{ id: 'mobilenet_v2' }],
      objective: 'latency',
      aggregation: 'geomean',
      areaMm2: 27,
      optimizers,
      seeds: 1,
      seed,
      budget,
      ...(run ? { run: true } : {}),
    },
  };
}

/** `/#s=…` for a state object (compressed exactly as the app does). */
export function linkTo(state: unknown): string {
  return `/#s=${LZString.compressToEncodedURIComponent(JSON.stringify(state))}`;
}
