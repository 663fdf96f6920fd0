import type { Mm2 } from '../units';
import { designNumber } from './design';
import * as tech from './tech';
import { DRAM_PHY_MM2_PER_GBPS, MAC_AREA_UM2, sramAreaMm2 } from './tech';
import type { AreaBreakdown, ConstantSpec, Design, DesignTemplate, ParamSpec } from './types';

const pow2 = (from: number, to: number): number[] => {
  const out: number[] = [];
  for (let v = from; v <= to; v *= 2) out.push(v);
  return out;
};

export type Dataflow = 'os' | 'ws' | 'is';
export const DATAFLOWS: readonly Dataflow[] = ['os', 'ws', 'is'];

/**
 * SCALE-Sim's parameters (Samajdar et al., ISPASS 2020; scale-sim-v2 `scale.cfg`): an R×C MAC
 * array with a dataflow, three double-buffered SRAMs and a DRAM link. SRAM sizes in KiB,
 * bandwidth in GB/s (1e9 B/s; at 1 GHz, 1 GB/s = 1 byte per cycle), clock in MHz.
 */
export const SYSTOLIC_PARAMS: readonly ParamSpec[] = [
  {
    key: 'rows',
    label: 'Array rows',
    unit: '',
    values: pow2(4, 512),
    min: 1,
    max: 1024,
    integer: true,
    doc: 'Rows of the MAC array (SCALE-Sim ArrayHeight): the dimension Sr is folded onto.',
  },
  {
    key: 'cols',
    label: 'Array columns',
    unit: '',
    values: pow2(4, 512),
    min: 1,
    max: 1024,
    integer: true,
    doc: 'Columns of the MAC array (SCALE-Sim ArrayWidth): the dimension Sc is folded onto.',
  },
  {
    key: 'dataflow',
    label: 'Dataflow',
    unit: '',
    values: DATAFLOWS,
    doc: 'Which operand stays in the PEs: outputs (os), weights (ws) or inputs (is).',
  },
  {
    key: 'ifmapSramKiB',
    label: 'Input SRAM',
    unit: 'KiB',
    values: pow2(8, 8192),
    min: 1,
    max: 65536,
    integer: true,
    doc: 'Input-activation SRAM; a layer whose inputs do not fit re-reads them from DRAM.',
  },
  {
    key: 'filterSramKiB',
    label: 'Filter SRAM',
    unit: 'KiB',
    values: pow2(8, 8192),
    min: 1,
    max: 65536,
    integer: true,
    doc: 'Weight SRAM; a layer whose weights do not fit re-reads them from DRAM.',
  },
  {
    key: 'ofmapSramKiB',
    label: 'Output SRAM',
    unit: 'KiB',
    values: pow2(8, 8192),
    min: 1,
    max: 65536,
    integer: true,
    doc: 'Output SRAM; partial sums that do not fit go to DRAM and back.',
  },
  {
    key: 'dramBandwidth',
    label: 'DRAM bandwidth',
    unit: 'GB/s',
    values: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    min: 0.01,
    max: 10000,
    doc: 'Off-chip bandwidth in GB/s; stalls appear only when a layer needs more.',
  },
  {
    key: 'clockMHz',
    label: 'Clock',
    unit: 'MHz',
    values: [200, 400, 700, 1000],
    min: 1,
    max: 5000,
    doc: 'Array clock; converts cycles to time and GB/s to bytes per cycle.',
  },
];

export const SYSTOLIC_CONSTANTS: readonly ConstantSpec[] = [
  {
    key: 'bytesPerElement',
    label: 'Bytes per element',
    unit: 'B',
    default: 1,
    min: 1,
    max: 4,
    integer: true,
    doc: 'Width of weights and activations (SCALE-Sim word size).',
  },
  {
    key: 'layerOverheadCycles',
    label: 'Per-layer overhead',
    unit: 'cycles',
    default: 0,
    min: 0,
    max: 1e7,
    doc: 'Fixed cycles per layer (0 as in SCALE-Sim).',
  },
];

/** Fixed chip overhead: control, DMA, host interface (mm²). */
export const SYSTOLIC_FIXED_MM2 = 1;
const KIB = 1024;

// Module-local copies for the per-evaluation area (tsx/bundlers may turn imports into getters).
const sramMm2 = tech.sramAreaMm2;
const MAC_UM2 = tech.MAC_AREA_UM2;
const PHY_MM2 = tech.DRAM_PHY_MM2_PER_GBPS;

function systolicAreaTotal(d: Design): number {
  return (
    ((d.rows as number) * (d.cols as number) * MAC_UM2) / 1e6 +
    sramMm2((d.ifmapSramKiB as number) * KIB) +
    sramMm2((d.filterSramKiB as number) * KIB) +
    sramMm2((d.ofmapSramKiB as number) * KIB) +
    SYSTOLIC_FIXED_MM2 +
    (d.dramBandwidth as number) * PHY_MM2
  );
}

function systolicArea(t: DesignTemplate, d: Design): AreaBreakdown {
  const n = (k: string) => designNumber(t, d, k);
  const parts = {
    mac: ((n('rows') * n('cols') * MAC_AREA_UM2) / 1e6) as Mm2,
    ifmapSram: sramAreaMm2(n('ifmapSramKiB') * KIB) as Mm2,
    filterSram: sramAreaMm2(n('filterSramKiB') * KIB) as Mm2,
    ofmapSram: sramAreaMm2(n('ofmapSramKiB') * KIB) as Mm2,
    control: SYSTOLIC_FIXED_MM2 as Mm2,
    dramPhy: (n('dramBandwidth') * DRAM_PHY_MM2_PER_GBPS) as Mm2,
  };
  let total = 0;
  for (const v of Object.values(parts)) total += v;
  return { total: total as Mm2, parts };
}

export const SYSTOLIC: DesignTemplate = {
  id: 'systolic',
  name: 'Systolic array (SCALE-Sim)',
  doc:
    'A rows × cols MAC array with a fixed dataflow and input, filter and output SRAMs, as in ' +
    'SCALE-Sim v2; compute cycles follow its analytical model exactly, memory stalls come on top.',
  params: SYSTOLIC_PARAMS,
  constants: SYSTOLIC_CONSTANTS,
  presets: {
    /**
     * TPU v1 (Jouppi et al., ISCA 2017): 256×256 int8 weight-stationary array at 700 MHz; the
     * 24 MiB unified buffer holds activations (split here 12 MiB in / 12 MiB out); weights come
     * from DRAM through a 4-tile × 64 KiB weight FIFO (256 KiB); ~30 GB/s weight memory.
     */
    'tpu-v1-like': {
      rows: 256,
      cols: 256,
      dataflow: 'ws',
      ifmapSramKiB: 12288,
      filterSramKiB: 256,
      ofmapSramKiB: 12288,
      dramBandwidth: 30,
      clockMHz: 700,
    },
    /** SCALE-Sim v2's default `scale.cfg`: 32×32, os, 64 KiB SRAMs, 10 words/cycle (10 GB/s at 1 GHz). */
    'scalesim-default': {
      rows: 32,
      cols: 32,
      dataflow: 'os',
      ifmapSramKiB: 64,
      filterSramKiB: 64,
      ofmapSramKiB: 64,
      dramBandwidth: 10,
      clockMHz: 1000,
    },
  },
  defaultAreaBudgetMm2: Number.POSITIVE_INFINITY,
  area(d) {
    return systolicArea(SYSTOLIC, d);
  },
  areaTotal: systolicAreaTotal,
};
