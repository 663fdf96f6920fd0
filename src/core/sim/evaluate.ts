import { constantDefaults, type DesignError, validateDesign } from '../arch/design';
import type { Design, DesignTemplate } from '../arch/types';
import type { Workload } from '../workload/workload';
import * as ops from './compile';
import { type CompiledWorkload, compiledFor } from './compile';
import * as edgeModel from './edgetpu-model';
import { EDGETPU_SRAM_LEVELS, type EdgeHw, edgetpuPlan, FAIL_PROGRAM, loadEdgeHw, newEdgeHw } from './edgetpu-plan';
import { edgetpuReasons, systolicReasons } from './reasons';
import * as sysModel from './systolic-model';
import { loadSysHw, newSysHw, SYSTOLIC_SRAM_LEVELS, type SysHw } from './systolic-model';
import type { Bound, EvaluateOptions, Evaluation, LayerColumns, LayerRow, Totals } from './types';
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
const SLOTS = slots.SLOTS;
const OP_NAMES = ops.OP_NAMES;
const edgetpuLayer = edgeModel.edgetpuLayer;
const edgetpuMappingLabel = edgeModel.edgetpuMappingLabel;
const systolicLayer = sysModel.systolicLayer;
const systolicMappingLabel = sysModel.systolicMappingLabel;

// Module-level scratch: the hot path allocates nothing per layer (each worker has its own module).
const edge: EdgeHw = newEdgeHw();
const sys: SysHw = newSysHw();
const slot = new Float64Array(SLOTS);
let resident = new Uint8Array(256);
let spill = new Uint8Array(256);
let evict = new Float64Array(256);
/** Slots of every layer of the current evaluation (twins copy from here). */
let store = new Float64Array(256 * SLOTS);

function ensureScratch(n: number): void {
  if (resident.length < n) {
    resident = new Uint8Array(n * 2);
    spill = new Uint8Array(n * 2);
    evict = new Float64Array(n * 2);
    store = new Float64Array(n * 2 * SLOTS);
  }
}

/** `evaluate` on a design that `validateDesign` rejects; `keys` names the offending parameters. */
export class InvalidDesignError extends Error {
  readonly keys: string[];
  constructor(errors: readonly DesignError[]) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'InvalidDesignError';
    this.keys = errors.map((e) => e.key);
  }
}

/** A fresh totals record (pass it back to `evaluateTotals` to reuse it). */
export function newTotals(): Totals {
  return {
    latencyCycles: 0,
    latencyMs: 0,
    throughputIps: 0,
    energyMj: 0,
    powerW: 0,
    areaMm2: 0,
    utilisation: 0,
    edp: 0,
    macs: 0,
    dramBytes: 0,
    feasible: true,
    overBudget: false,
  };
}

function compiledOf(template: DesignTemplate, design: Design, wl: Workload | CompiledWorkload): CompiledWorkload {
  const bpe = (design.bytesPerElement as number | undefined) ?? (constantDefaults(template).bytesPerElement as number);
  if ('layers' in wl) return compiledFor(wl, bpe);
  if (wl.bytesPerElement !== bpe) {
    throw new Error(`workload ${wl.id} was compiled for ${wl.bytesPerElement} B/element; the design uses ${bpe}`);
  }
  return wl;
}

interface Prepared {
  cw: CompiledWorkload;
  isEdge: boolean;
  peak: number;
  clockMHz: number;
  hostCycles: number;
  leakPerCycle: number;
  programEntries: number;
  programFits: boolean;
}

const prep: Prepared = {
  cw: undefined as unknown as CompiledWorkload,
  isEdge: true,
  peak: 0,
  clockMHz: 0,
  hostCycles: 0,
  leakPerCycle: 0,
  programEntries: 0,
  programFits: true,
};

function prepare(template: DesignTemplate, design: Design, cw: CompiledWorkload): Prepared {
  prep.cw = cw;
  prep.isEdge = template.id === 'edgetpu';
  ensureScratch(cw.count);
  if (prep.isEdge) {
    loadEdgeHw(template, design, edge);
    prep.peak = edge.allCores * edge.lanes;
    prep.clockMHz = edge.clockMHz;
    prep.hostCycles = edge.hostCycles;
    prep.leakPerCycle = edge.leakPerCycle;
    prep.programEntries = edgetpuPlan(cw, edge, resident, spill, evict);
    prep.programFits = prep.programEntries <= edge.instrMem;
  } else {
    loadSysHw(template, design, sys);
    prep.peak = sys.rows * sys.cols;
    prep.clockMHz = sys.clockMHz;
    prep.hostCycles = 0;
    prep.leakPerCycle = sys.leakPerCycle;
    prep.programEntries = 0;
    prep.programFits = true;
  }
  return prep;
}

/** Costs layer i into `slot`, or copies the result of its twin when that had the same context. */
function layerInto(p: Prepared, i: number): void {
  const cw = p.cw;
  const j = cw.twin[i] as number;
  if (
    j >= 0 &&
    cw.io[i] === cw.io[j] &&
    (!p.isEdge || (resident[i] === resident[j] && spill[i] === spill[j] && evict[i] === evict[j]))
  ) {
    const from = j * SLOTS;
    for (let k = 0; k < SLOTS; k++) slot[k] = store[from + k] as number;
    return;
  }
  if (p.isEdge) edgetpuLayer(cw, i, edge, resident[i] as number, spill[i] as number, evict[i] as number, slot);
  else systolicLayer(cw, i, sys, slot);
  if (cw.shared[i] === 1) {
    const base = i * SLOTS;
    for (let k = 0; k < SLOTS; k++) store[base + k] = slot[k] as number;
  }
}

function finishTotals(
  t: Totals,
  p: Prepared,
  cycles: number,
  energyPj: number,
  dram: number,
  feasible: boolean,
  area: number,
  budget: number,
): Totals {
  const latencyCycles = cycles + p.hostCycles;
  const e = energyPj + p.leakPerCycle * p.hostCycles;
  t.latencyCycles = latencyCycles;
  t.latencyMs = latencyCycles / (p.clockMHz * 1e3);
  t.throughputIps = 1000 / t.latencyMs;
  t.energyMj = e * 1e-9;
  t.powerW = t.energyMj / t.latencyMs;
  t.areaMm2 = area;
  t.macs = p.cw.totalMacs;
  t.utilisation = p.cw.totalMacs / (latencyCycles * p.peak);
  t.edp = t.energyMj * t.latencyMs;
  t.dramBytes = dram;
  t.feasible = feasible;
  t.overBudget = area > budget;
  return t;
}

/**
 * Fast path for optimizers: whole-network totals of `design` on a compiled workload, without
 * per-layer arrays or reasons and without validating the design (validate it once with
 * `validateDesign`). Writes into `out` when given (no allocation then).
 */
export function evaluateTotals(
  template: DesignTemplate,
  design: Design,
  workload: CompiledWorkload | Workload,
  out: Totals = newTotals(),
  opts: EvaluateOptions = {},
): Totals {
  const p = prepare(template, design, compiledOf(template, design, workload));
  const cw = p.cw;
  let cycles = 0;
  let energy = 0;
  let dram = 0;
  let fail = 0;
  for (let i = 0; i < cw.count; i++) {
    layerInto(p, i);
    cycles += slot[S_CYCLES] as number;
    dram += slot[S_DRAM] as number;
    energy +=
      (slot[S_E_MAC] as number) +
      (slot[S_E_DRAM] as number) +
      (slot[S_E_LEAK] as number) +
      (slot[S_E_SRAM] as number) +
      (slot[S_E_SRAM + 1] as number) +
      (slot[S_E_SRAM + 2] as number) +
      (slot[S_E_SRAM + 3] as number);
    fail |= slot[S_FAIL] as number;
  }
  const budget = opts.areaBudgetMm2 ?? template.defaultAreaBudgetMm2;
  return finishTotals(out, p, cycles, energy, dram, fail === 0 && p.programFits, template.areaTotal(design), budget);
}

/**
 * Evaluates `design` of `template` on a workload: totals, feasibility with reasons, area, and
 * per-layer columns. Deterministic. Throws when the design is not valid for the template
 * (see `validateDesign`); an infeasible design is not an error.
 */
export function evaluate(
  template: DesignTemplate,
  design: Design,
  workload: Workload | CompiledWorkload,
  opts: EvaluateOptions = {},
): Evaluation {
  const errors = validateDesign(template, design);
  if (errors.length) throw new InvalidDesignError(errors);
  const p = prepare(template, design, compiledOf(template, design, workload));
  const cw = p.cw;
  const n = cw.count;
  const levels = p.isEdge ? EDGETPU_SRAM_LEVELS : SYSTOLIC_SRAM_LEVELS;
  const col = () => new Float64Array(n);
  const sram: Record<string, Float64Array> = {};
  for (const l of levels) sram[l] = col();
  const L: LayerColumns = {
    name: [...cw.names],
    op: Array.from(cw.ops, (o) => OP_NAMES[o] ?? 'conv'),
    macs: cw.macs.slice(0, n),
    computeCycles: col(),
    memoryCycles: col(),
    overheadCycles: col(),
    cycles: col(),
    dramBytes: col(),
    energy: { mac: col(), sram, dram: col(), leakage: col(), total: col() },
    utilisation: col(),
    bound: [],
    mapping: [],
    intensity: col(),
    macsPerSecond: col(),
    feasible: new Uint8Array(n),
  };
  const fails = new Uint8Array(n);
  const split = {
    mac: 0,
    sram: Object.fromEntries(levels.map((l) => [l, 0])) as Record<string, number>,
    dram: 0,
    leakage: 0,
  };
  let cycles = 0;
  let energy = 0;
  let dram = 0;
  let fail = 0;
  for (let i = 0; i < n; i++) {
    layerInto(p, i);
    const c = slot[S_CYCLES] as number;
    const cc = slot[S_COMPUTE] as number;
    const mem = slot[S_MEMORY] as number;
    const over = slot[S_OVERHEAD] as number;
    const d = slot[S_DRAM] as number;
    L.computeCycles[i] = cc;
    L.memoryCycles[i] = mem;
    L.overheadCycles[i] = over;
    L.cycles[i] = c;
    L.dramBytes[i] = d;
    let e = 0;
    const em = (slot[S_E_MAC] as number) * 1e-9;
    const ed = (slot[S_E_DRAM] as number) * 1e-9;
    const el = (slot[S_E_LEAK] as number) * 1e-9;
    L.energy.mac[i] = em;
    L.energy.dram[i] = ed;
    L.energy.leakage[i] = el;
    split.mac += em;
    split.dram += ed;
    split.leakage += el;
    e += em + ed + el;
    levels.forEach((lv, j) => {
      const v = (slot[S_E_SRAM + j] as number) * 1e-9;
      (sram[lv] as Float64Array)[i] = v;
      split.sram[lv] = (split.sram[lv] as number) + v;
      e += v;
    });
    L.energy.total[i] = e;
    const macs = cw.macs[i] as number;
    L.utilisation[i] = macs / (c * p.peak);
    const bound: Bound = over >= cc && over >= mem ? 'overhead' : mem > cc ? 'memory' : 'compute';
    L.bound.push(bound);
    const code = slot[S_MAPPING] as number;
    L.mapping.push(p.isEdge ? edgetpuMappingLabel(code) : systolicMappingLabel(cw, i, sys));
    L.intensity[i] = d > 0 ? macs / d : Number.POSITIVE_INFINITY;
    L.macsPerSecond[i] = macs / (c / (p.clockMHz * 1e6));
    const f = slot[S_FAIL] as number;
    fails[i] = f;
    L.feasible[i] = f === 0 ? 1 : 0;
    fail |= f;
    cycles += c;
    // Same summation as evaluateTotals, so both paths give bit-identical totals.
    energy +=
      (slot[S_E_MAC] as number) +
      (slot[S_E_DRAM] as number) +
      (slot[S_E_LEAK] as number) +
      (slot[S_E_SRAM] as number) +
      (slot[S_E_SRAM + 1] as number) +
      (slot[S_E_SRAM + 2] as number) +
      (slot[S_E_SRAM + 3] as number);
    dram += d;
  }
  split.leakage += p.leakPerCycle * p.hostCycles * 1e-9;
  const budget = opts.areaBudgetMm2 ?? template.defaultAreaBudgetMm2;
  const area = template.area(design);
  const feasible = fail === 0 && p.programFits;
  const totals = finishTotals(newTotals(), p, cycles, energy, dram, feasible, template.areaTotal(design), budget);
  const reasons = p.isEdge
    ? edgetpuReasons(cw, edge, fails, p.programFits ? 0 : FAIL_PROGRAM, p.programEntries)
    : systolicReasons(cw, sys, fails);
  return {
    template: template.id,
    design: { ...design },
    workload: { id: cw.id, name: cw.name },
    totals,
    feasible,
    reasons,
    overBudget: totals.overBudget,
    area,
    peakMacsPerCycle: p.peak,
    clockMHz: p.clockMHz,
    dramBytesPerCycle: p.isEdge ? edge.dramBpc : sys.dramBpc,
    energySplit: split,
    sramLevels: levels,
    programEntries: p.programEntries,
    layers: L,
  };
}

/** Per-layer rows of an evaluation (for tables, the CLI and JSON). */
export function layerRows(ev: Evaluation): LayerRow[] {
  const L = ev.layers;
  return L.name.map((name, i) => ({
    name,
    op: L.op[i] ?? 'conv',
    macs: L.macs[i] as number,
    computeCycles: L.computeCycles[i] as number,
    memoryCycles: L.memoryCycles[i] as number,
    overheadCycles: L.overheadCycles[i] as number,
    cycles: L.cycles[i] as number,
    dramBytes: L.dramBytes[i] as number,
    energyMj: L.energy.total[i] as number,
    utilisation: L.utilisation[i] as number,
    bound: L.bound[i] ?? 'compute',
    mapping: L.mapping[i] ?? '',
    feasible: L.feasible[i] === 1,
  }));
}
