import * as design from '../arch/design';
import * as edgetpu from '../arch/edgetpu';
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
const S_INSTR = slots.S_INSTR;
const S_MAPPING = slots.S_MAPPING;
const S_MEMORY = slots.S_MEMORY;
const S_OVERHEAD = slots.S_OVERHEAD;
const constantDefaults = design.constantDefaults;
const INSTRUCTION_BYTES = edgetpu.INSTRUCTION_BYTES;
const sramEnergyPjPerByte = tech.sramEnergyPjPerByte;
const DRAM_ENERGY_PJ_PER_BYTE = tech.DRAM_ENERGY_PJ_PER_BYTE;
const MAC_ENERGY_PJ = tech.MAC_ENERGY_PJ;
const SRAM_LEAKAGE_MW_PER_MIB = tech.SRAM_LEAKAGE_MW_PER_MIB;
const VECTOR_OP_ENERGY_PJ = tech.VECTOR_OP_ENERGY_PJ;
const OP_FC = ops.OP_FC;
const OP_LSTM = ops.OP_LSTM;

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
 * is full), which layers' activations spill to DRAM, and the program size. Returns the program's
 * instruction entries.
 */
export function edgetpuPlan(cw: CompiledWorkload, hw: EdgeHw, resident: Uint8Array, spill: Uint8Array): number {
  const peTotal = hw.pes * hw.peMem;
  // The largest layer's activations (input + output) are kept on chip first, since a spilled
  // activation costs a DRAM write and a read; parameters cache in what is left.
  const reserve = Math.min(cw.maxActivationBytes, peTotal);
  const cap = peTotal - reserve;
  let cached = 0;
  let full = false;
  let entries = 0;
  const paramAll = hw.allCores * hw.paramMem;
  const actAll = hw.allCores * hw.actMem;
  for (let i = 0; i < cw.count; i++) {
    const w = cw.weightBytes[i] as number;
    let res = 1;
    if (w > 0) {
      if (cached + w <= cap) cached += w;
      else res = 0;
    }
    resident[i] = res;
    const inB = cw.inBytes[i] as number;
    const sp = inB + (cw.outBytes[i] as number) > reserve ? 1 : 0;
    spill[i] = sp;
    const op = cw.ops[i] as number;
    // Program size estimate (entries): a matrix layer needs ~16 (three on-chip DMA descriptors
    // of address/stride/size + start, loop headers for channel blocks, pixel tiles and the
    // reduction, a barrier, activation and requantisation setup), an LSTM 24 (gates), a vector
    // layer 6; each off-chip stream adds a descriptor (4); a tiling loop that the memories force
    // adds a loop header and an address update (2).
    let e = op === OP_LSTM ? 24 : op <= OP_FC ? 16 : 6;
    if (!res) e += 4;
    if (sp) e += 8;
    if ((cw.io[i] as number) & 1) e += 4;
    if ((cw.io[i] as number) & 2) e += 4;
    if (w > paramAll) e += 2;
    if ((cw.x[i] as number) > 1 && inB > actAll) e += 2;
    entries += e;
  }
  return entries;
}

// Candidate scratch (at most 2 lane modes × 8 splits).
const candCc = new Float64Array(16);
const candLb = new Float64Array(16);
const candCode = new Int32Array(16);

const ceil = Math.ceil;
const floor = Math.floor;
const min = Math.min;
const max = Math.max;

/**
 * One layer of the edgetpu template: tries every mapping (4 PE splits × 2 core splits × 2 lane
 * modes, two loop orders each), keeps the fastest that fits, and writes cycles, bytes and energy
 * (pJ) into `out` (slots of ./types). docs/simulator.md gives the equations.
 */
export function edgetpuLayer(
  cw: CompiledWorkload,
  i: number,
  hw: EdgeHw,
  resident: number,
  spill: number,
  out: Float64Array,
): void {
  const op = cw.ops[i] as number;
  const bpe = cw.bytesPerElement;
  const inB = cw.inBytes[i] as number;
  const outB = cw.outBytes[i] as number;
  const io = cw.io[i] as number;
  const actDram = (spill || io & 1 ? inB : 0) + (spill || io & 2 ? outB : 0);
  const leak = hw.leakPerCycle;
  if (op > OP_FC && op !== OP_LSTM) {
    // Vector layer on the SIMD lanes: one element op per lane per cycle.
    const cc = ceil((cw.vecOps[i] as number) / (hw.allCores * hw.lanes));
    const peBytes = (inB + outB) / hw.pes;
    const mem = max(peBytes / hw.peBpc, actDram / hw.dramBpc);
    const cycles = max(cc, mem) + hw.layerOverhead;
    out[S_CYCLES] = cycles;
    out[S_COMPUTE] = cc;
    out[S_MEMORY] = mem;
    out[S_OVERHEAD] = hw.layerOverhead;
    out[S_DRAM] = actDram;
    out[S_E_MAC] = (cw.vecOps[i] as number) * VECTOR_OP_ENERGY_PJ;
    out[S_E_DRAM] = actDram * DRAM_ENERGY_PJ_PER_BYTE;
    out[S_E_LEAK] = leak * cycles;
    out[S_E_SRAM] = (inB + outB + actDram) * hw.ePe;
    out[S_E_SRAM + 1] = 0;
    out[S_E_SRAM + 2] = 0;
    out[S_E_SRAM + 3] = 0;
    out[S_MAPPING] = -1;
    out[S_FAIL] = (cw.bandBytes[i] as number) > hw.peMem ? FAIL_PE : 0;
    return;
  }
  const G = cw.g[i] as number;
  const kg = cw.kg[i] as number;
  const X = cw.x[i] as number;
  const rd = cw.rd[i] as number;
  const steps = cw.steps[i] as number;
  const W = cw.weightBytes[i] as number;
  const rf = rd * bpe;
  const lanes = hw.lanes;
  const paramMem = hw.paramMem;
  const coreMem = hw.coreMem;
  const actMem = hw.actMem;
  const reuse = X > 1;
  let fail = 0;
  if (reuse) {
    if (rf > actMem) fail |= FAIL_ACTIVATION;
    if (rf > paramMem) fail |= FAIL_PARAMETER;
    if (rf > coreMem) fail |= FAIL_CORE;
  }
  if ((cw.bandBytes[i] as number) > hw.peMem) fail |= FAIL_PE;
  // An infeasible layer is still costed (memory checks relaxed) so totals stay finite.
  const relax = fail !== 0;
  // Lower bound on any mapping's cycles besides compute: DRAM traffic that no mapping avoids.
  const dramLb = (actDram + (resident ? 0 : W)) / hw.dramBpc;
  const rfU = cw.rfUnique[i] as number;
  const xTmax = reuse ? max(1, floor(actMem / rf)) : 1;
  // Candidates (lane mode × split) with a lower bound on their cycles (less the fixed layer
  // overhead); evaluated cheapest bound first, stopping once a bound reaches the best full cost,
  // so the result is the exhaustive minimum.
  let nc = 0;
  for (let mode = 0; mode < 2; mode++) {
    // mode 0: lanes on output channels (activation broadcast); 1: lanes on the reduction (adder tree).
    const unitCh = mode === 0 ? min(lanes, kg) : 1;
    if (!relax) {
      const unitW = unitCh * rd * bpe;
      if (reuse ? unitW > paramMem || unitW > coreMem : unitCh * (cw.taps[i] as number) * bpe > paramMem) continue;
    }
    const ug = mode === 0 ? ceil(kg / lanes) : kg;
    const perUnit = (mode === 0 ? rd : ceil(rd / lanes)) * steps;
    const U = G * ug;
    const unitBytes = unitCh * rd * bpe;
    for (let s = 0; s < 8; s++) {
      if (!(hw.splitMask & (1 << s))) continue;
      const Uc = ceil(U / (hw.wch[s] as number));
      const Xc = ceil(X / (hw.wx[s] as number));
      const cc = Uc * Xc * perUnit;
      // Every mapping below reads its inputs once, loads its weights once and writes its outputs
      // through the PE port, and runs at least one tile per group and pixel tile.
      const gc = ceil(Uc / ug);
      const pe = (hw.cores * ((gc * Xc * rfU + Uc * unitCh * Xc * bpe) * steps + Uc * unitBytes)) / hw.peBpc;
      candCc[nc] = cc;
      candLb[nc] = max(cc, dramLb, pe) + hw.tileOverhead * gc * ceil(Xc / xTmax) * steps;
      candCode[nc] = mode + 2 * s;
      nc += 1;
    }
  }
  let best = Number.POSITIVE_INFINITY;
  let bCc = 0;
  let bMem = 0;
  let bOver = 0;
  let bDram = 0;
  let bCode = 0;
  let bAct = 0;
  let bParam = 0;
  let bCoreIn = 0;
  let bCoreRd = 0;
  let bPeAll = 0;
  let bUnitCh = 1;
  let bXc = 1;
  let bUgc = 1;
  let bActive = 1;
  for (let left = nc; left > 0; left--) {
    let j = 0;
    for (let c = 1; c < nc; c++) if ((candLb[c] as number) < (candLb[j] as number)) j = c;
    const lb = candLb[j] as number;
    if (lb + hw.layerOverhead >= best) break;
    candLb[j] = Number.POSITIVE_INFINITY;
    const code = candCode[j] as number;
    const cc = candCc[j] as number;
    const mode = code & 1;
    const s = code >> 1;
    const wch = hw.wch[s] as number;
    const wx = hw.wx[s] as number;
    const unitCh = mode === 0 ? min(lanes, kg) : 1;
    const ug = mode === 0 ? ceil(kg / lanes) : kg;
    const U = G * ug;
    const unitW = unitCh * rd * bpe;
    const Uc = ceil(U / wch);
    const Xc = ceil(X / wx);
    const ugc = min(Uc, ug);
    const gc = ceil(Uc / ug);
    const kT = unitW <= paramMem ? min(ugc, max(1, floor(paramMem / unitW))) : 1;
    const xT = min(Xc, xTmax);
    const coreW = Uc * unitW;
    const coreFits = coreW <= coreMem;
    const outCore = Uc * unitCh * Xc * bpe * steps;
    // LSTM weights stay in core memory across timesteps when they fit; else reload per step.
    const wLoads = coreFits ? 1 : steps;
    const dram = actDram + (resident ? 0 : W * wLoads);
    // Order A (channel blocks outer): weights once, activations re-read per block of kT units.
    const passes = ceil(ugc / kT);
    let act = gc * Xc * rfU * passes * steps;
    let param = coreW * (coreW <= paramMem ? 1 : steps);
    let coreIn = coreW * wLoads;
    let coreRd = param;
    let order = 0;
    let onchip = max((hw.cores * (act + coreIn + outCore)) / hw.peBpc, coreRd / hw.coreBpc);
    // Order B (pixel tiles outer): activations once, weights re-read per pixel tile.
    if (reuse && passes > 1 && (coreFits || resident)) {
      const paramB = coreW * ceil(Xc / xT) * steps;
      const actB = gc * Xc * rfU * steps;
      const coreInB = coreFits ? coreW : paramB;
      const coreRdB = coreFits ? paramB : 0;
      const onchipB = max((hw.cores * (actB + coreInB + outCore)) / hw.peBpc, coreRdB / hw.coreBpc);
      if (onchipB < onchip) {
        act = actB;
        param = paramB;
        coreIn = coreInB;
        coreRd = coreRdB;
        order = 1;
        onchip = onchipB;
      }
    }
    const mem = max(onchip, dram / hw.dramBpc);
    const over = hw.layerOverhead + hw.tileOverhead * gc * (order === 0 ? passes : 1) * ceil(Xc / xT) * steps;
    const overlap = relax || !reuse || (2 * rf <= actMem && 2 * unitW <= paramMem);
    const cycles = (overlap ? max(cc, mem) : cc + mem) + over;
    if (cycles < best) {
      best = cycles;
      bCc = cc;
      bMem = mem;
      bOver = over;
      bDram = dram;
      bCode = code + 16 * order;
      bAct = act;
      bParam = param;
      bCoreIn = coreIn;
      bCoreRd = coreRd;
      bPeAll = act + coreIn + outCore;
      bUnitCh = unitCh;
      bXc = Xc;
      bUgc = ugc;
      bActive = min(wch, U) * min(wx, X);
    }
  }
  out[S_CYCLES] = best;
  out[S_COMPUTE] = bCc;
  out[S_MEMORY] = bMem;
  out[S_OVERHEAD] = bOver;
  out[S_DRAM] = bDram;
  out[S_MAPPING] = bCode;
  out[S_FAIL] = fail;
  // Energy of the chosen mapping. Lane operand reads: in channel mode a weight held in a lane
  // register serves `laneReuse` pixels and activations are broadcast to all lanes; in reduction
  // mode one operand vector is held for `laneReuse` uses (whichever memory is cheaper to re-read).
  const macs = cw.macs[i] as number;
  const reuseR = hw.laneReuse;
  let paramReads: number;
  let actReads: number;
  if ((bCode & 1) === 0) {
    paramReads = macs / min(reuseR, bXc);
    actReads = macs / bUnitCh;
  } else if (hw.eParam / min(reuseR, bXc) + hw.eAct <= hw.eParam + hw.eAct / min(reuseR, bUgc)) {
    paramReads = macs / min(reuseR, bXc);
    actReads = macs;
  } else {
    paramReads = macs;
    actReads = macs / min(reuseR, bUgc);
  }
  // Fill traffic above is per (busiest) core; scale by the cores that hold work.
  out[S_E_MAC] = macs * MAC_ENERGY_PJ;
  out[S_E_DRAM] = bDram * DRAM_ENERGY_PJ_PER_BYTE;
  out[S_E_LEAK] = leak * best;
  out[S_E_SRAM] = (bPeAll * bActive + bDram) * hw.ePe;
  out[S_E_SRAM + 1] = (bCoreIn + bCoreRd) * bActive * hw.eCore;
  out[S_E_SRAM + 2] = (bParam * bActive + paramReads) * hw.eParam;
  out[S_E_SRAM + 3] = (bAct * bActive + actReads) * hw.eAct;
  out[S_INSTR] = 0;
}

const PE_LABELS = ['ch·ch', 'px·px', 'X ch·Y px', 'X px·Y ch'];

/** Short label of a mapping code written by `edgetpuLayer` (-1 = vector layer). */
export function edgetpuMappingLabel(code: number): string {
  if (code < 0) return 'vector (all lanes)';
  const s = (code >> 1) & 7;
  return (
    `PE ${PE_LABELS[s >> 1]}, core ${s & 1 ? 'px' : 'ch'}, lanes ${code & 1 ? 'reduction' : 'channels'}, ` +
    `${code & 16 ? 'pixel tiles outer' : 'channel blocks outer'}`
  );
}
