import type { Mm2 } from '../units';
import { designNumber } from './design';
import * as tech from './tech';
import { DRAM_PHY_MM2_PER_GBPS, MAC_AREA_UM2, sramAreaMm2 } from './tech';
import type { AreaBreakdown, ConstantSpec, Design, DesignTemplate, ParamSpec } from './types';

const KiB = 1024;
const MiB = 1024 * KiB;
const pow2 = (from: number, to: number): number[] => {
  const out: number[] = [];
  for (let v = from; v <= to; v *= 2) out.push(v);
  return out;
};

/**
 * PRIME's Edge TPU design space (Kumar et al., ICLR 2022, released code; Apollo, Yazdanbakhsh et
 * al. 2021): exactly its ten parameters and value sets, REFERENCE.md §2 — 452,760,000 designs.
 * Memory sizes are in bytes, the instruction memory in entries, bandwidth in GB/s (1e9 B/s).
 */
export const EDGETPU_PARAMS: readonly ParamSpec[] = [
  {
    key: 'peX',
    label: 'PE columns',
    unit: '',
    values: [1, 2, 4, 6, 8, 10, 12, 14, 16, 32],
    min: 1,
    max: 64,
    integer: true,
    doc: 'Columns of the processing-element array; PEs split a layer by output channels or output pixels.',
  },
  {
    key: 'peY',
    label: 'PE rows',
    unit: '',
    values: [1, 2, 4, 6, 8, 10, 12, 14, 16, 32],
    min: 1,
    max: 64,
    integer: true,
    doc: 'Rows of the processing-element array.',
  },
  {
    key: 'lanes',
    label: 'SIMD lanes per core',
    unit: '',
    values: [4, 8, 16, 32, 64, 128, 256],
    min: 1,
    max: 1024,
    integer: true,
    doc: 'MAC lanes of each core (one int8 MAC per lane per cycle); they work on output channels or on one reduction.',
  },
  {
    key: 'cores',
    label: 'Cores per PE',
    unit: '',
    values: [1, 2, 4, 6, 8, 10, 12, 14, 16, 32],
    min: 1,
    max: 64,
    integer: true,
    doc: 'Cores in each PE, sharing its PE memory.',
  },
  {
    key: 'peMemory',
    label: 'PE memory',
    unit: 'B',
    values: pow2(256 * KiB, 16 * MiB),
    min: 16 * KiB,
    max: 64 * MiB,
    integer: true,
    doc: 'Memory of each PE: holds activations and caches parameters; what does not fit goes to DRAM.',
  },
  {
    key: 'coreMemory',
    label: 'Core memory',
    unit: 'B',
    values: pow2(4 * KiB, 4 * MiB),
    min: 1 * KiB,
    max: 16 * MiB,
    integer: true,
    doc: "Memory of each core: stages the core's weights for a layer.",
  },
  {
    key: 'instructionMemory',
    label: 'Instruction memory',
    unit: 'entries',
    values: pow2(256, 16384),
    min: 64,
    max: 65536,
    integer: true,
    doc: "Instruction entries of each PE's sequencer; the whole program must fit.",
  },
  {
    key: 'parameterMemory',
    label: 'Parameter memory',
    unit: 'B',
    values: [8 * KiB, 16 * KiB, 32 * KiB, 64 * KiB],
    min: 1 * KiB,
    max: 1 * MiB,
    integer: true,
    doc: 'Weight buffer of each core feeding its lanes; must hold one output channel’s filter.',
  },
  {
    key: 'activationMemory',
    label: 'Activation memory',
    unit: 'B',
    values: pow2(2 * KiB, 32 * KiB),
    min: 512,
    max: 1 * MiB,
    integer: true,
    doc: "Activation buffer of each core feeding its lanes; must hold one output pixel's receptive field.",
  },
  {
    key: 'dramBandwidth',
    label: 'DRAM bandwidth',
    unit: 'GB/s',
    values: [5, 10, 16, 20, 25, 30],
    min: 0.05,
    max: 1000,
    doc: 'Off-chip bandwidth (GB/s) for parameters that are not cached, spilled activations, and input/output.',
  },
];

/** Template constants: never searched, set by presets (Coral's calibration) or by hand. */
export const EDGETPU_CONSTANTS: readonly ConstantSpec[] = [
  { key: 'clockMHz', label: 'Clock', unit: 'MHz', default: 500, min: 10, max: 5000, doc: 'Core clock.' },
  {
    key: 'bytesPerElement',
    label: 'Bytes per element',
    unit: 'B',
    default: 1,
    min: 1,
    max: 4,
    integer: true,
    doc: 'Width of weights and activations (1 = int8, as the Edge TPU).',
  },
  {
    key: 'hostOverheadUs',
    label: 'Host overhead per inference',
    unit: 'µs',
    default: 0,
    min: 0,
    max: 1e6,
    doc: 'Fixed time per inference outside the accelerator (driver call, host-link round trips).',
  },
  {
    key: 'layerOverheadCycles',
    label: 'Per-layer overhead',
    unit: 'cycles',
    default: 3000,
    min: 0,
    max: 1e7,
    doc: 'Fixed cycles per layer: configuration, synchronisation across PEs, pipeline fill and drain.',
  },
  {
    key: 'tileOverheadCycles',
    label: 'Per-tile overhead',
    unit: 'cycles',
    default: 4,
    min: 0,
    max: 1e4,
    doc: 'Cycles each core spends per tile iteration on loop control and DMA issue.',
  },
  {
    key: 'peBytesPerCycle',
    label: 'PE memory port',
    unit: 'B/cycle',
    default: 64,
    min: 1,
    max: 65536,
    doc: "Bytes per cycle a PE memory delivers to (or takes from) its cores' buffers.",
  },
  {
    key: 'coreBytesPerCycle',
    label: 'Core memory port',
    unit: 'B/cycle',
    default: 32,
    min: 1,
    max: 65536,
    doc: 'Bytes per cycle a core memory delivers to the parameter memory.',
  },
  {
    key: 'laneReuse',
    label: 'Lane register reuse',
    unit: '',
    default: 8,
    min: 1,
    max: 1024,
    integer: true,
    doc: 'Times an operand fetched into a lane register is reused (accumulators per lane).',
  },
];

/** Bytes per instruction-memory entry (area only). */
export const INSTRUCTION_BYTES = 8;
/** Fixed chip overhead: host interface, DMA, control, clocking, pads (mm²). */
export const EDGETPU_FIXED_MM2 = 2;
/** Per PE: NoC router and PE control (mm²). */
export const EDGETPU_PE_MM2 = 0.02;
/** Per core: sequencer, adder tree, vector/activation unit (mm²). */
export const EDGETPU_CORE_MM2 = 0.01;

function edgetpuArea(t: DesignTemplate, d: Design): AreaBreakdown {
  const n = (k: string) => designNumber(t, d, k);
  const pes = n('peX') * n('peY');
  const cores = pes * n('cores');
  const parts = {
    mac: ((cores * n('lanes') * MAC_AREA_UM2) / 1e6) as Mm2,
    peMemory: (pes * sramAreaMm2(n('peMemory'))) as Mm2,
    coreMemory: (cores * sramAreaMm2(n('coreMemory'))) as Mm2,
    parameterMemory: (cores * sramAreaMm2(n('parameterMemory'))) as Mm2,
    activationMemory: (cores * sramAreaMm2(n('activationMemory'))) as Mm2,
    instructionMemory: (pes * sramAreaMm2(n('instructionMemory') * INSTRUCTION_BYTES)) as Mm2,
    control: (EDGETPU_FIXED_MM2 + pes * EDGETPU_PE_MM2 + cores * EDGETPU_CORE_MM2) as Mm2,
    dramPhy: (n('dramBandwidth') * DRAM_PHY_MM2_PER_GBPS) as Mm2,
  };
  let total = 0;
  for (const v of Object.values(parts)) total += v;
  return { total: total as Mm2, parts };
}

// Module-local copies for the per-evaluation area (tsx/bundlers may turn imports into getters).
const sramMm2 = tech.sramAreaMm2;
const MAC_UM2 = tech.MAC_AREA_UM2;
const PHY_MM2 = tech.DRAM_PHY_MM2_PER_GBPS;

function edgetpuAreaTotal(d: Design): number {
  const pes = (d.peX as number) * (d.peY as number);
  const cores = pes * (d.cores as number);
  return (
    (cores * (d.lanes as number) * MAC_UM2) / 1e6 +
    pes * sramMm2(d.peMemory as number) +
    cores *
      (sramMm2(d.coreMemory as number) + sramMm2(d.parameterMemory as number) + sramMm2(d.activationMemory as number)) +
    pes * sramMm2((d.instructionMemory as number) * INSTRUCTION_BYTES) +
    EDGETPU_FIXED_MM2 +
    pes * EDGETPU_PE_MM2 +
    cores * EDGETPU_CORE_MM2 +
    (d.dramBandwidth as number) * PHY_MM2
  );
}

/**
 * `coral`: the public Edge TPU (REFERENCE.md §3). 4×4 PEs × 4 cores × 64 lanes = 4,096 int8
 * MACs/cycle at 500 MHz = 2.05 TMAC/s = 4.1 TOPS; 16 × 512 KiB = 8 MiB of PE memory caches the
 * parameters; the "DRAM" is the USB 3.0 host link (0.45 GB/s, off the search grid) and a fixed
 * host overhead per inference covers the driver's invocation round trips. The four published
 * latencies are reproduced with this one set of constants (docs/simulator.md). Area 25.0 mm².
 */
const CORAL: Design = {
  peX: 4,
  peY: 4,
  lanes: 64,
  cores: 4,
  peMemory: 512 * KiB,
  coreMemory: 16 * KiB,
  instructionMemory: 2048,
  parameterMemory: 8 * KiB,
  activationMemory: 8 * KiB,
  dramBandwidth: 0.45,
  clockMHz: 500,
  hostOverheadUs: 1500,
};

/**
 * `prime-baseline`: an Edge TPU-class design just inside PRIME's 27 mm² budget (26.8 mm²) with
 * local DRAM (the grid's 30 GB/s), on the search grid, feasible for the zoo's mobile models and
 * ResNet-50 (not for U-Net, whose 3×3×1024 receptive field needs a 16 KiB activation memory).
 */
const PRIME_BASELINE: Design = {
  peX: 4,
  peY: 4,
  lanes: 64,
  cores: 4,
  peMemory: 512 * KiB,
  coreMemory: 8 * KiB,
  instructionMemory: 2048,
  parameterMemory: 16 * KiB,
  activationMemory: 8 * KiB,
  dramBandwidth: 30,
};

/**
 * The three Edge TPU classes of Seshadri et al. (IISWC 2022, Table 1 as cited second-hand,
 * REFERENCE.md §7): V1 800 MHz with 4×4 PEs, V2 1066 MHz 4×4, V3 1066 MHz 4×1. Everything else
 * is chosen here (docs/corpus.md gives every reason): V1 is `coral` at the class's clock; all
 * three get 32 KiB core / parameter / activation memories (one output channel's 7×7×480 filter and
 * one output pixel's 7×7×480 receptive field of the corpus's widest fused block fit) and 4,096
 * instruction entries (the deepest corpus networks need up to ~2,300), and no host overhead (the
 * study compares accelerators; a fixed driver cost per inference would shift every network alike).
 */
const EDGETPU_V1: Design = {
  ...CORAL,
  clockMHz: 800,
  hostOverheadUs: 0,
  coreMemory: 32 * KiB,
  parameterMemory: 32 * KiB,
  activationMemory: 32 * KiB,
  instructionMemory: 4096,
};

/** V2: V1's array at 1066 MHz with twice the PE memory (16 MiB on chip) and local LPDDR4 (16 GB/s). */
const EDGETPU_V2: Design = {
  ...EDGETPU_V1,
  clockMHz: 1066,
  peMemory: 1 * MiB,
  dramBandwidth: 16,
};

/**
 * V3: 4×1 PEs at 1066 MHz, each with 8 cores of 64 lanes (2,048 MACs/cycle, half of V1/V2's 4,096)
 * and 2 MiB of PE memory (8 MiB on chip, as V1), local LPDDR at 10 GB/s: a smaller, cheaper part.
 */
const EDGETPU_V3: Design = {
  ...EDGETPU_V1,
  peY: 1,
  cores: 8,
  clockMHz: 1066,
  peMemory: 2 * MiB,
  dramBandwidth: 10,
};

/** The Edge TPU classes of the network study, in order: id (CLI `--classes`), preset name, label. */
export const EDGETPU_CLASSES = [
  { id: 'v1', preset: 'edgetpu-v1', label: 'Edge TPU V1 (800 MHz, 4×4 PEs)' },
  { id: 'v2', preset: 'edgetpu-v2', label: 'Edge TPU V2 (1066 MHz, 4×4 PEs)' },
  { id: 'v3', preset: 'edgetpu-v3', label: 'Edge TPU V3 (1066 MHz, 4×1 PEs)' },
] as const;
export type EdgeTpuClassId = (typeof EDGETPU_CLASSES)[number]['id'];

export const EDGETPU: DesignTemplate = {
  id: 'edgetpu',
  name: 'Edge TPU (PRIME / Apollo space)',
  doc:
    'A grid of PEs, each with cores of SIMD MAC lanes and a memory hierarchy (PE, core, parameter, ' +
    'activation and instruction memories), fed by DRAM. The simulator compiles each layer onto it ' +
    'like a compiler would and keeps the fastest mapping that fits.',
  params: EDGETPU_PARAMS,
  constants: EDGETPU_CONSTANTS,
  presets: {
    coral: CORAL,
    'prime-baseline': PRIME_BASELINE,
    'edgetpu-v1': EDGETPU_V1,
    'edgetpu-v2': EDGETPU_V2,
    'edgetpu-v3': EDGETPU_V3,
  },
  defaultAreaBudgetMm2: 27,
  area(d) {
    return edgetpuArea(EDGETPU, d);
  },
  areaTotal: edgetpuAreaTotal,
};
