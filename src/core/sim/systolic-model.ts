import * as design from '../arch/design';
import { DATAFLOWS } from '../arch/systolic';
import * as tech from '../arch/tech';
import type { Design, DesignTemplate } from '../arch/types';
import type { CompiledWorkload } from './compile';
import * as ops from './compile';
import * as slots from './types';

// Module-local copies: bundlers and tsx may compile imported bindings to getters, which the
// hot loop must not call per layer.
const S_COMPUTE = slots.S_COMPUTE;
const S_CYCLES = slots.S_CYCLES;
const S_DRAM = slots.S_DRAM;
const S_E_DRAM = slots.S_E_DRAM;
const S_E_LEAK = slots.S_E_LEAK;
const S_E_MAC = slots.S_E_MAC;
const S_E_SRAM = slots.S_E_SRAM;
const S_FAIL = slots.S_FAIL;
const S_MAPPING = slots.S_MAPPING;
const S_MEMORY = slots.S_MEMORY;
const S_OVERHEAD = slots.S_OVERHEAD;
const constantDefaults = design.constantDefaults;
const sramEnergyPjPerByte = tech.sramEnergyPjPerByte;
const DRAM_ENERGY_PJ_PER_BYTE = tech.DRAM_ENERGY_PJ_PER_BYTE;
const MAC_ENERGY_PJ = tech.MAC_ENERGY_PJ;
const SRAM_LEAKAGE_MW_PER_MIB = tech.SRAM_LEAKAGE_MW_PER_MIB;
const VECTOR_OP_ENERGY_PJ = tech.VECTOR_OP_ENERGY_PJ;
const OP_LSTM = ops.OP_LSTM;
const isVectorOp = ops.isVectorOp;

/** Failed-constraint bits (S_FAIL): the stationary operand of one fold does not fit its SRAM. */
export const FAIL_IFMAP_SRAM = 1;
export const FAIL_FILTER_SRAM = 2;
export const FAIL_OFMAP_SRAM = 4;

export const SYSTOLIC_SRAM_LEVELS = ['ifmapSram', 'filterSram', 'ofmapSram'] as const;

export interface SysHw {
  rows: number;
  cols: number;
  /** 0 os, 1 ws, 2 is. */
  df: number;
  ifS: number;
  fS: number;
  oS: number;
  clockMHz: number;
  dramBpc: number;
  layerOverhead: number;
  eIf: number;
  eF: number;
  eO: number;
  leakPerCycle: number;
}

export function newSysHw(): SysHw {
  return {
    rows: 0,
    cols: 0,
    df: 0,
    ifS: 0,
    fS: 0,
    oS: 0,
    clockMHz: 0,
    dramBpc: 0,
    layerOverhead: 0,
    eIf: 0,
    eF: 0,
    eO: 0,
    leakPerCycle: 0,
  };
}

/** Fills `hw` from a validated systolic design. */
export function loadSysHw(t: DesignTemplate, d: Design, hw: SysHw): SysHw {
  const c = constantDefaults(t);
  hw.rows = d.rows as number;
  hw.cols = d.cols as number;
  hw.df = d.dataflow === 'os' ? 0 : d.dataflow === 'ws' ? 1 : 2;
  hw.ifS = (d.ifmapSramKiB as number) * 1024;
  hw.fS = (d.filterSramKiB as number) * 1024;
  hw.oS = (d.ofmapSramKiB as number) * 1024;
  hw.clockMHz = d.clockMHz as number;
  hw.dramBpc = ((d.dramBandwidth as number) * 1000) / hw.clockMHz;
  hw.layerOverhead = (d.layerOverheadCycles as number | undefined) ?? (c.layerOverheadCycles as number);
  hw.eIf = sramEnergyPjPerByte(hw.ifS);
  hw.eF = sramEnergyPjPerByte(hw.fS);
  hw.eO = sramEnergyPjPerByte(hw.oS);
  hw.leakPerCycle = (SRAM_LEAKAGE_MW_PER_MIB * ((hw.ifS + hw.fS + hw.oS) / 1048576) * 1e3) / hw.clockMHz;
  return hw;
}

const ceil = Math.ceil;
const min = Math.min;
const max = Math.max;

/**
 * One layer on the systolic template. Compute cycles follow SCALE-Sim v2 exactly (./scalesim.ts,
 * inlined here): a depthwise layer runs as `c` single-channel layers one after another, a grouped
 * convolution as `groups` layers, an LSTM as one matrix-vector product per timestep. DRAM traffic
 * reads each operand once when it fits its SRAM and re-reads it per fold otherwise; stalls are
 * the DRAM time beyond the compute time (none when bandwidth suffices).
 */
export function systolicLayer(cw: CompiledWorkload, i: number, hw: SysHw, out: Float64Array): void {
  const op = cw.ops[i] as number;
  const bpe = cw.bytesPerElement;
  const inB = cw.inBytes[i] as number;
  const outB = cw.outBytes[i] as number;
  const R = hw.rows;
  const C = hw.cols;
  if (isVectorOp(op)) {
    // Not in SCALE-Sim: pooling / element-wise ops on a `cols`-wide vector unit below the array
    // (as TPU v1's activation and pooling units), reading and writing through DRAM like every layer.
    const cc = ceil((cw.vecOps[i] as number) / C);
    const dram = inB + outB;
    const mem = dram / hw.dramBpc;
    const cycles = max(cc, mem) + hw.layerOverhead;
    out[S_CYCLES] = cycles;
    out[S_COMPUTE] = cc;
    out[S_MEMORY] = mem;
    out[S_OVERHEAD] = hw.layerOverhead;
    out[S_DRAM] = dram;
    out[S_E_MAC] = (cw.vecOps[i] as number) * VECTOR_OP_ENERGY_PJ;
    out[S_E_DRAM] = dram * DRAM_ENERGY_PJ_PER_BYTE;
    out[S_E_LEAK] = hw.leakPerCycle * cycles;
    out[S_E_SRAM] = 2 * inB * hw.eIf;
    out[S_E_SRAM + 1] = 0;
    out[S_E_SRAM + 2] = 2 * outB * hw.eO;
    out[S_E_SRAM + 3] = 0;
    out[S_MAPPING] = -1;
    out[S_FAIL] = 0;
    return;
  }
  const G = cw.g[i] as number;
  const steps = cw.steps[i] as number;
  const X = cw.x[i] as number;
  const kg = cw.kg[i] as number;
  const rd = cw.rd[i] as number;
  const W = cw.weightBytes[i] as number;
  const df = hw.df;
  const sr = df === 0 ? X : rd;
  const sc = df === 2 ? X : kg;
  const t = df === 0 ? rd : df === 1 ? X : kg;
  const rowFolds = ceil(sr / R);
  const colFolds = ceil(sc / C);
  const folds = rowFolds * colFolds;
  const one = df === 0 ? folds * (t + R + C - 2) : (2 * R + C + t - 2) * folds - 1;
  const repeats = G * steps;
  const cc = repeats * one;
  // Operand bytes of one sequential sub-layer (a group, a depthwise channel, a timestep).
  const ifB = op === OP_LSTM ? X * rd * bpe : inB / G;
  const fB = W / G;
  const oB = outB / repeats;
  const ifRe = ifB <= hw.ifS || df === 2 ? 1 : colFolds;
  const fRe = fB <= hw.fS ? 1 : df === 0 ? rowFolds : df === 2 ? colFolds : 1;
  const oRe = oB <= hw.oS || df === 0 ? 1 : 2 * rowFolds - 1;
  // Weights that fit stay in the filter SRAM across timesteps.
  const fLoads = steps > 1 && fB <= hw.fS ? G : repeats;
  const dIf = repeats * ifB * ifRe;
  const dF = fLoads * fB * fRe;
  const dO = repeats * oB * oRe;
  const dram = dIf + dF + dO;
  const mem = dram / hw.dramBpc;
  const cycles = max(cc, mem) + hw.layerOverhead;
  const tile = min(sr, R) * min(sc, C) * bpe;
  out[S_FAIL] =
    df === 1
      ? tile > hw.fS
        ? FAIL_FILTER_SRAM
        : 0
      : df === 2
        ? tile > hw.ifS
          ? FAIL_IFMAP_SRAM
          : 0
        : tile > hw.oS
          ? FAIL_OFMAP_SRAM
          : 0;
  out[S_CYCLES] = cycles;
  out[S_COMPUTE] = cc;
  out[S_MEMORY] = mem;
  out[S_OVERHEAD] = hw.layerOverhead;
  out[S_DRAM] = dram;
  out[S_MAPPING] = df;
  // SRAM element accesses per sub-layer (SCALE-Sim's operand matrices): the stationary operand
  // once, the streamed ones once per fold of the other dimension, partial sums per row fold.
  let eIf: number;
  let eF: number;
  let eO: number;
  if (df === 0) {
    eIf = colFolds * sr * t;
    eF = rowFolds * sc * t;
    eO = sr * sc;
  } else if (df === 1) {
    eF = sr * sc;
    eIf = colFolds * sr * t;
    eO = (2 * rowFolds - 1) * sc * t;
  } else {
    eIf = sr * sc;
    eF = colFolds * sr * t;
    eO = (2 * rowFolds - 1) * sc * t;
  }
  out[S_E_MAC] = (cw.macs[i] as number) * MAC_ENERGY_PJ;
  out[S_E_DRAM] = dram * DRAM_ENERGY_PJ_PER_BYTE;
  out[S_E_LEAK] = hw.leakPerCycle * cycles;
  out[S_E_SRAM] = (repeats * eIf * bpe + dIf) * hw.eIf;
  out[S_E_SRAM + 1] = (repeats * eF * bpe + dF) * hw.eF;
  out[S_E_SRAM + 2] = (repeats * eO * bpe + dO) * hw.eO;
  out[S_E_SRAM + 3] = 0;
}

/** Short label of the systolic mapping of layer `i` (SCALE-Sim's Sr, Sc, T and folds). */
export function systolicMappingLabel(cw: CompiledWorkload, i: number, hw: SysHw): string {
  const op = cw.ops[i] as number;
  if (isVectorOp(op)) return `vector unit (${hw.cols} lanes)`;
  const X = cw.x[i] as number;
  const kg = cw.kg[i] as number;
  const rd = cw.rd[i] as number;
  const df = hw.df;
  const sr = df === 0 ? X : rd;
  const sc = df === 2 ? X : kg;
  const t = df === 0 ? rd : df === 1 ? X : kg;
  const rep = (cw.g[i] as number) * (cw.steps[i] as number);
  return (
    `${DATAFLOWS[df]} Sr=${sr} Sc=${sc} T=${t} folds=${ceil(sr / hw.rows)}×${ceil(sc / hw.cols)}` +
    (rep > 1 ? ` ×${rep} sequential` : '')
  );
}
