import * as tech from '../arch/tech';
import type { CompiledWorkload } from './compile';
import * as ops from './compile';
import * as plan from './edgetpu-plan';
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
const FAIL_ACTIVATION = plan.FAIL_ACTIVATION;
const FAIL_PARAMETER = plan.FAIL_PARAMETER;
const FAIL_CORE = plan.FAIL_CORE;
const FAIL_PE = plan.FAIL_PE;
const DRAM_ENERGY_PJ_PER_BYTE = tech.DRAM_ENERGY_PJ_PER_BYTE;
const MAC_ENERGY_PJ = tech.MAC_ENERGY_PJ;
const VECTOR_OP_ENERGY_PJ = tech.VECTOR_OP_ENERGY_PJ;
const isVectorOp = ops.isVectorOp;

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
  hw: plan.EdgeHw,
  resident: number,
  spill: number,
  evict: number,
  out: Float64Array,
): void {
  const op = cw.ops[i] as number;
  const bpe = cw.bytesPerElement;
  const inB = cw.inBytes[i] as number;
  const outB = cw.outBytes[i] as number;
  const io = cw.io[i] as number;
  // Spilled or network input/output activations, and waiting tensors evicted at this layer (§2.1).
  const actDram = (spill || io & 1 ? inB : 0) + (spill || io & 2 ? outB : 0) + evict;
  const leak = hw.leakPerCycle;
  if (isVectorOp(op)) {
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
