import * as design from '../arch/design';
import * as edgetpu from '../arch/edgetpu';
import * as tech from '../arch/tech';
import type { Design, DesignTemplate } from '../arch/types';
import type { CompiledWorkload } from './compile';
import * as ops from './compile';

// Module-local copies: bundlers and tsx may compile imported bindings to getters.
const constantDefaults = design.constantDefaults;
const INSTRUCTION_BYTES = edgetpu.INSTRUCTION_BYTES;
const sramEnergyPjPerByte = tech.sramEnergyPjPerByte;
const SRAM_LEAKAGE_MW_PER_MIB = tech.SRAM_LEAKAGE_MW_PER_MIB;
const OP_LSTM = ops.OP_LSTM;
const isMatrixOp = ops.isMatrixOp;

/** Failed-constraint bits of a layer (S_FAIL) and of the program. */
export const FAIL_ACTIVATION = 1;
export const FAIL_PARAMETER = 2;
export const FAIL_CORE = 4;
export const FAIL_PE = 8;
export const FAIL_PROGRAM = 16;

export const EDGETPU_SRAM_LEVELS = ['peMemory', 'coreMemory', 'parameterMemory', 'activationMemory'] as const;

/** A design's numbers in the units the kernel uses (bytes, cycles, pJ); reused across evaluations. */
export interface EdgeHw {
  peX: number;
  peY: number;
  pes: number;
  cores: number;
  /** Cores of the whole chip (pes · cores). */
  allCores: number;
  lanes: number;
  peMem: number;
  coreMem: number;
  paramMem: number;
  actMem: number;
  instrMem: number;
  bpe: number;
  clockMHz: number;
  /** DRAM bytes per cycle (GB/s · 1000 / MHz). */
  dramBpc: number;
  hostCycles: number;
  layerOverhead: number;
  tileOverhead: number;
  peBpc: number;
  coreBpc: number;
  laneReuse: number;
  /** pJ per byte of each memory. */
  ePe: number;
  eCore: number;
  eParam: number;
  eAct: number;
  /** SRAM leakage, pJ per cycle. */
  leakPerCycle: number;
  /** Mapping widths: channels-wise and pixel-wise parallel cores, per split (pe option · 2 + core option). */
  wch: Float64Array;
  wx: Float64Array;
  /** Splits worth trying (duplicates skipped when peX = peY or one of them is 1). */
  splitMask: number;
}

export function newEdgeHw(): EdgeHw {
  return {
    peX: 0,
    peY: 0,
    pes: 0,
    cores: 0,
    allCores: 0,
    lanes: 0,
    peMem: 0,
    coreMem: 0,
    paramMem: 0,
    actMem: 0,
    instrMem: 0,
    bpe: 1,
    clockMHz: 0,
    dramBpc: 0,
    hostCycles: 0,
    layerOverhead: 0,
    tileOverhead: 0,
    peBpc: 0,
    coreBpc: 0,
    laneReuse: 1,
    ePe: 0,
    eCore: 0,
    eParam: 0,
    eAct: 0,
    leakPerCycle: 0,
    wch: new Float64Array(8),
    wx: new Float64Array(8),
    splitMask: 0,
  };
}

/** Fills `hw` from a validated design of the edgetpu template (constants default when absent). */
export function loadEdgeHw(t: DesignTemplate, d: Design, hw: EdgeHw): EdgeHw {
  const c = constantDefaults(t);
  hw.peX = d.peX as number;
  hw.peY = d.peY as number;
  hw.pes = hw.peX * hw.peY;
  hw.cores = d.cores as number;
  hw.allCores = hw.pes * hw.cores;
  hw.lanes = d.lanes as number;
  hw.peMem = d.peMemory as number;
  hw.coreMem = d.coreMemory as number;
  hw.paramMem = d.parameterMemory as number;
  hw.actMem = d.activationMemory as number;
  hw.instrMem = d.instructionMemory as number;
  hw.bpe = (d.bytesPerElement as number | undefined) ?? (c.bytesPerElement as number);
  hw.clockMHz = (d.clockMHz as number | undefined) ?? (c.clockMHz as number);
  hw.dramBpc = ((d.dramBandwidth as number) * 1000) / hw.clockMHz;
  hw.hostCycles = ((d.hostOverheadUs as number | undefined) ?? (c.hostOverheadUs as number)) * hw.clockMHz;
  hw.layerOverhead = (d.layerOverheadCycles as number | undefined) ?? (c.layerOverheadCycles as number);
  hw.tileOverhead = (d.tileOverheadCycles as number | undefined) ?? (c.tileOverheadCycles as number);
  hw.peBpc = (d.peBytesPerCycle as number | undefined) ?? (c.peBytesPerCycle as number);
  hw.coreBpc = (d.coreBytesPerCycle as number | undefined) ?? (c.coreBytesPerCycle as number);
  hw.laneReuse = (d.laneReuse as number | undefined) ?? (c.laneReuse as number);
  hw.ePe = sramEnergyPjPerByte(hw.peMem);
  hw.eCore = sramEnergyPjPerByte(hw.coreMem);
  hw.eParam = sramEnergyPjPerByte(hw.paramMem);
  hw.eAct = sramEnergyPjPerByte(hw.actMem);
  const sramBytes =
    hw.pes * (hw.peMem + hw.instrMem * INSTRUCTION_BYTES) + hw.allCores * (hw.coreMem + hw.paramMem + hw.actMem);
  // mW/MiB × MiB = mW = 1e9 pJ/s; per cycle divide by the clock (1e6 · MHz cycles/s).
  hw.leakPerCycle = (SRAM_LEAKAGE_MW_PER_MIB * (sramBytes / 1048576) * 1e3) / hw.clockMHz;
  // PE options: 0 both PE axes on channels, 1 both on pixels, 2 peX channels / peY pixels, 3 the reverse.
  hw.splitMask = 0;
  for (let pe = 0; pe < 4; pe++) {
    const dup = pe >= 2 && (hw.peX === 1 || hw.peY === 1 || (pe === 3 && hw.peX === hw.peY));
    const peCh = pe === 0 ? hw.pes : pe === 1 ? 1 : pe === 2 ? hw.peX : hw.peY;
    for (let core = 0; core < 2; core++) {
      const s = pe * 2 + core;
      const ch = peCh * (core === 0 ? hw.cores : 1);
      hw.wch[s] = ch;
      hw.wx[s] = hw.allCores / ch;
      if (!dup && !(core === 1 && hw.cores === 1)) hw.splitMask |= 1 << s;
    }
  }
  return hw;
}

/**
 * Compile-time decisions shared by all layers: which layers' parameters stay cached in PE memory
 * (prefix of the layer list, as the Edge TPU compiler caches parameters in order until the cache
 * is full), which layers' activations spill to DRAM, which waiting tensors (skips, branches) are
 * evicted to DRAM and read back (`evict`: DRAM bytes charged to the layer, write + read), and the
 * program size. Returns the program's instruction entries.
 */
export function edgetpuPlan(
  cw: CompiledWorkload,
  hw: EdgeHw,
  resident: Uint8Array,
  spill: Uint8Array,
  evict: Float64Array,
): number {
  const peTotal = hw.pes * hw.peMem;
  // The largest live activation set (a layer's input and output plus the skips and branches
  // waiting across it) is kept on chip first, since a spilled activation costs a DRAM write and a
  // read; parameters cache in what is left.
  const reserve = Math.min(cw.maxActivationBytes, peTotal);
  // Waiting tensors evicted to DRAM so far (bytes), while the live set exceeds the PE memories.
  let evicted = 0;
  const cap = peTotal - reserve;
  let cached = 0;
  let full = false;
  let entries = 0;
  const paramAll = hw.allCores * hw.paramMem;
  const actAll = hw.allCores * hw.actMem;
  for (let i = 0; i < cw.count; i++) {
    const w = cw.weightBytes[i] as number;
    if (w > 0 && !full) {
      if (cached + w <= cap) cached += w;
      else full = true;
    }
    const res = w === 0 || !full ? 1 : 0;
    resident[i] = res;
    const inB = cw.inBytes[i] as number;
    const ws = inB + (cw.outBytes[i] as number);
    const sp = ws > reserve ? 1 : 0;
    spill[i] = sp;
    // Live bytes beyond the PE memories: the waiting tensors (live minus this layer's own working
    // set) go to DRAM first. Bytes newly evicted here are written once and read back once.
    const live = cw.liveBytes[i] as number;
    const ev = Math.min(live - ws, Math.max(0, live - peTotal));
    evict[i] = ev > evicted ? 2 * (ev - evicted) : 0;
    evicted = ev;
    const op = cw.ops[i] as number;
    // Program size estimate (entries): a matrix layer needs ~16 (three on-chip DMA descriptors
    // of address/stride/size + start, loop headers for channel blocks, pixel tiles and the
    // reduction, a barrier, activation and requantisation setup), an LSTM 24 (gates), a vector
    // layer 6; each off-chip stream adds a descriptor (4); a tiling loop that the memories force
    // adds a loop header and an address update (2).
    let e = op === OP_LSTM ? 24 : isMatrixOp(op) ? 16 : 6;
    if (!res) e += 4;
    if (sp) e += 8;
    if (ev > 0) e += 4;
    if ((cw.io[i] as number) & 1) e += 4;
    if ((cw.io[i] as number) & 2) e += 4;
    if (w > paramAll) e += 2;
    if ((cw.x[i] as number) > 1 && inB > actAll) e += 2;
    entries += e;
  }
  return entries;
}
