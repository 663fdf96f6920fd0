import type { AreaBreakdown, Design, TemplateId } from '../arch/types';
import type { Op } from '../workload/layer';

/** Options of `evaluate` / `evaluateTotals`. */
export interface EvaluateOptions {
  /** Area budget (mm²) above which `overBudget` is set; default: the template's (27 mm² for edgetpu, as PRIME). */
  areaBudgetMm2?: number;
}

/** Whole-network results of one design on one workload (one inference, batch as in the workload). */
export interface Totals {
  /** Cycles per inference, host overhead included. */
  latencyCycles: number;
  /** Milliseconds per inference. */
  latencyMs: number;
  /** Inferences per second, one at a time (1000 / latencyMs; no pipelining across inferences). */
  throughputIps: number;
  /** Energy per inference, mJ (dynamic + SRAM leakage). */
  energyMj: number;
  /** Average power over the inference, W (energyMj / latencyMs). */
  powerW: number;
  /** Chip area, mm². */
  areaMm2: number;
  /** MACs / (latencyCycles · peak MACs per cycle), 0…1. */
  utilisation: number;
  /** Energy-delay product, mJ · ms. */
  edp: number;
  /** Multiply-accumulates per inference. */
  macs: number;
  /** Off-chip bytes per inference (reads + writes). */
  dramBytes: number;
  /** Every layer compiles and the program fits (area excluded: see `overBudget`). */
  feasible: boolean;
  /** Area above the budget. */
  overBudget: boolean;
}

export type Bound = 'compute' | 'memory' | 'overhead';

/** Per-layer results as columns (index i = layer i of the workload). Energies in mJ. */
export interface LayerColumns {
  name: string[];
  op: Op[];
  macs: Float64Array;
  /** Cycles the MAC array (or SIMD lanes) needs with the chosen mapping, ragged tiles included. */
  computeCycles: Float64Array;
  /** Cycles the slowest memory transfer needs (on-chip ports or DRAM). */
  memoryCycles: Float64Array;
  /** Fixed per-layer and per-tile cycles. */
  overheadCycles: Float64Array;
  /** Total cycles of the layer: compute and memory overlapped when double buffering fits, plus overhead. */
  cycles: Float64Array;
  dramBytes: Float64Array;
  energy: {
    mac: Float64Array;
    /** One column per on-chip memory level, named as in `Evaluation.sramLevels`. */
    sram: Record<string, Float64Array>;
    dram: Float64Array;
    leakage: Float64Array;
    total: Float64Array;
  };
  /** MACs / (cycles · peak MACs per cycle). */
  utilisation: Float64Array;
  bound: Bound[];
  /** The mapping the compiler chose, short form (e.g. "PE x·x, core ch, lanes red"). */
  mapping: string[];
  /** MACs per DRAM byte (Infinity when the layer moves no DRAM bytes). */
  intensity: Float64Array;
  /** Achieved MACs per second. */
  macsPerSecond: Float64Array;
  /** 1 when the layer compiles. */
  feasible: Uint8Array;
}

export interface Evaluation {
  template: TemplateId;
  design: Design;
  workload: { id: string; name: string };
  totals: Totals;
  feasible: boolean;
  /** Human-readable reasons the design cannot run the workload (empty when feasible). */
  reasons: string[];
  overBudget: boolean;
  area: AreaBreakdown;
  /** Peak MACs per cycle of the design. */
  peakMacsPerCycle: number;
  clockMHz: number;
  /** Bytes per cycle of the DRAM link. */
  dramBytesPerCycle: number;
  /** Energy split of the whole inference, mJ; `leakage` includes the leakage during the host overhead. */
  energySplit: { mac: number; sram: Record<string, number>; dram: number; leakage: number };
  /** Names of the on-chip memory levels of `layers.energy.sram`. */
  sramLevels: readonly string[];
  /** Instruction-memory entries the program needs (edgetpu), else 0. */
  programEntries: number;
  layers: LayerColumns;
}

/** A row of `LayerColumns` (for the CLI and tables). */
export interface LayerRow {
  name: string;
  op: Op;
  macs: number;
  computeCycles: number;
  memoryCycles: number;
  overheadCycles: number;
  cycles: number;
  dramBytes: number;
  energyMj: number;
  utilisation: number;
  bound: Bound;
  mapping: string;
  feasible: boolean;
}

/**
 * Slots of the per-layer scratch vector the template kernels fill (allocation-free hot path).
 * Energies in pJ.
 */
export const S_CYCLES = 0;
export const S_COMPUTE = 1;
export const S_MEMORY = 2;
export const S_OVERHEAD = 3;
export const S_DRAM = 4;
export const S_E_MAC = 5;
export const S_E_DRAM = 6;
export const S_E_LEAK = 7;
/** First of up to four SRAM-level energy slots. */
export const S_E_SRAM = 8;
export const S_MAPPING = 12;
/** Bit mask of failed constraints (0 = the layer compiles). */
export const S_FAIL = 13;
export const SLOTS = 14;
