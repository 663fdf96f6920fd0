import { liveActivationBytes } from '../workload/graph';
import { type Layer, layerInputBytes, layerMacs, layerOutputBytes, layerWeightBytes, type Op } from '../workload/layer';
import type { Workload } from '../workload/workload';

/** Op codes of the compiled form (index into OP_NAMES). */
export const OP_CONV = 0;
export const OP_DEPTHWISE = 1;
export const OP_FC = 2;
export const OP_POOL = 3;
export const OP_ELTWISE = 4;
export const OP_NORM = 5;
export const OP_LSTM = 6;
export const OP_NAMES: readonly Op[] = ['conv', 'depthwise', 'fc', 'pool', 'eltwise', 'norm', 'lstm'];

// Op classes by code (a table, not the codes' order, so a new op code states its class).
const MATRIX_OPS = Uint8Array.of(1, 1, 1, 0, 0, 0, 1);

/**
 * Matrix layers (conv, depthwise, fc, lstm): multiply-accumulates mapped onto the lanes or the
 * array, with weights. Everything else (pool, eltwise, norm) is a vector layer: 0 MACs, element
 * operations on the vector unit.
 */
export function isMatrixOp(op: number): boolean {
  return MATRIX_OPS[op] === 1;
}

/** Vector layers (pool, eltwise, norm): element operations, no MACs, no weights. */
export function isVectorOp(op: number): boolean {
  return MATRIX_OPS[op] === 0;
}

/**
 * A workload lowered once into columns, so the simulator's hot path reads typed arrays only.
 * Every layer is seen as `steps` sequential repetitions of a grouped matrix product:
 *   g groups × (kg output channels × x output pixels × rd-long reduction)
 * with MACs = steps · g · kg · x · rd, which equals `layerMacs` for every op:
 *   conv        g = groups, kg = k/g, x = n·p·q, rd = (c/g)·r·s
 *   depthwise   g = c, kg = k/c (channel multiplier), x = n·p·q, rd = r·s
 *   transposed  g = groups, kg = (k/g)·r·s (each input pixel scatters to r·s taps), x = n·h·w, rd = c/g
 *   fc          g = 1, kg = k, x = n, rd = c
 *   lstm        steps = timesteps, g = 1, kg = 4·hidden, x = n, rd = input + hidden (REFERENCE.md §1)
 * Vector layers (pool, eltwise, norm) have MACs 0 and `vecOps` element operations instead.
 */
export interface CompiledWorkload {
  id: string;
  name: string;
  bytesPerElement: number;
  count: number;
  names: readonly string[];
  ops: Uint8Array;
  /** 1 for transposed convolutions. */
  transposed: Uint8Array;
  g: Float64Array;
  kg: Float64Array;
  x: Float64Array;
  rd: Float64Array;
  steps: Float64Array;
  /** Filter taps per input channel: r·s for conv/depthwise, 1 for fc, lstm and transposed. */
  taps: Float64Array;
  /** Unique input bytes per output pixel of one group (stride > 1 skips inputs, r·s overlap is reused). */
  rfUnique: Float64Array;
  /** Input rows one output row needs across the layer width and one group's channels (bytes). */
  bandBytes: Float64Array;
  macs: Float64Array;
  weightBytes: Float64Array;
  inBytes: Float64Array;
  outBytes: Float64Array;
  /** Element operations of vector layers: pool r·s per output, eltwise `inputs` per output, norm 2. */
  vecOps: Float64Array;
  /**
   * Activation bytes live while the layer runs (src/core/workload/graph.ts): its input and output
   * plus every earlier tensor a later layer still reads (skips, branches awaiting a concat).
   */
  liveBytes: Float64Array;
  /** bit 0: reads the network input from DRAM; bit 1: writes the network output to DRAM. */
  io: Uint8Array;
  /**
   * Index of an earlier layer with the same compiled shape (every column above but `io`), or -1.
   * Repeated blocks (MobileNet, ResNet stages) are costed once per evaluation.
   */
  twin: Int32Array;
  /** 1 when a later layer is a twin of this one (its result is kept for copying). */
  shared: Uint8Array;
  totalMacs: number;
  totalWeightBytes: number;
  /** Largest live activation bytes of any layer (≥ any layer's input + output bytes). */
  maxActivationBytes: number;
}

/**
 * A workload the simulator cannot cost: a layer whose shape is not made of positive integers
 * (e.g. a 'valid' 5×5 convolution on a 3×3 image gives p = -1). `layer` and `field` name it.
 */
export class InvalidWorkloadError extends Error {
  constructor(
    message: string,
    readonly layer: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'InvalidWorkloadError';
  }
}

function opCode(op: Op, name: string): number {
  const i = OP_NAMES.indexOf(op);
  if (i < 0) throw new InvalidWorkloadError(`layer "${name}": unknown op "${op}"`, name, 'op');
  return i;
}

const POSITIVE_FIELDS = ['n', 'c', 'h', 'w', 'k', 'p', 'q', 'r', 's', 'strideH', 'strideW', 'groups'] as const;
/**
 * Largest dimension accepted: the importers' tensor limit (a Flatten of a large image feeds an FC
 * with c = h·w·c). Products of a layer's dimensions then stay far below the float64 range.
 */
const MAX_DIM = 2 ** 40;

/**
 * Guards the simulator's arithmetic: every dimension a positive integer ≤ 2^40 (0 or a negative
 * output size would give negative or NaN cycles), padding ≥ 0, and channel counts that the groups
 * divide. Importers and the zoo already produce such layers; this catches hand-built ones.
 */
function checkLayer(l: Layer, i: number): void {
  const bad = (field: string, why: string) =>
    new InvalidWorkloadError(`layer "${l.name}": ${field} ${why}`, l.name, field);
  for (const f of POSITIVE_FIELDS) {
    const v = l[f];
    if (!Number.isInteger(v) || v < 1 || v > MAX_DIM) throw bad(f, `= ${v} is not an integer in 1…2^40`);
  }
  for (const f of ['padH', 'padW', 'timesteps', 'inputs'] as const) {
    const v = l[f];
    const min = f === 'padH' || f === 'padW' ? 0 : 1;
    if (v !== undefined && (!Number.isInteger(v) || v < min || v > MAX_DIM)) {
      throw bad(f, `= ${v} is not an integer in ${min}…2^40`);
    }
  }
  if (l.op === 'conv' && (l.c % l.groups !== 0 || l.k % l.groups !== 0)) {
    throw bad('groups', `${l.groups} does not divide c = ${l.c} and k = ${l.k}`);
  }
  if (l.op === 'depthwise' && l.k % l.c !== 0) throw bad('k', `${l.k} is not a multiple of c = ${l.c}`);
  if (l.from !== undefined) {
    if (!Array.isArray(l.from) || l.from.length === 0) throw bad('from', 'is not a non-empty list of layer indices');
    for (const j of l.from) {
      if (!Number.isInteger(j) || j < -1 || j >= i)
        throw bad('from', `entry ${j} is not -1 or an earlier layer's index`);
    }
  }
}

/**
 * Lowers `wl` into typed columns for `bytesPerElement`-wide elements. O(layers); done once per
 * workload and element width (`compiledFor` caches it).
 */
export function compileWorkload(wl: Workload, bytesPerElement = 1): CompiledWorkload {
  const n = wl.layers.length;
  if (n === 0) throw new InvalidWorkloadError(`workload ${wl.id} has no layers`, '', 'layers');
  const f = () => new Float64Array(n);
  const cw: CompiledWorkload = {
    id: wl.id,
    name: wl.name,
    bytesPerElement,
    count: n,
    names: wl.layers.map((l) => l.name),
    ops: new Uint8Array(n),
    transposed: new Uint8Array(n),
    g: f(),
    kg: f(),
    x: f(),
    rd: f(),
    steps: f(),
    taps: f(),
    rfUnique: f(),
    bandBytes: f(),
    macs: f(),
    weightBytes: f(),
    inBytes: f(),
    outBytes: f(),
    vecOps: f(),
    liveBytes: f(),
    io: new Uint8Array(n),
    twin: new Int32Array(n).fill(-1),
    shared: new Uint8Array(n),
    totalMacs: 0,
    totalWeightBytes: 0,
    maxActivationBytes: 0,
  };
  const bpe = bytesPerElement;
  wl.layers.forEach((l: Layer, i) => {
    const op = opCode(l.op, l.name);
    checkLayer(l, i);
    cw.ops[i] = op;
    let g = 1;
    let kg = 0;
    let x = 0;
    let rd = 0;
    let taps = 1;
    let steps = 1;
    let rfU = 0;
    let band = 0;
    switch (op) {
      case OP_CONV:
        g = l.groups;
        if (l.transposed) {
          cw.transposed[i] = 1;
          kg = (l.k / g) * l.r * l.s;
          x = l.n * l.h * l.w;
          rd = l.c / g;
          rfU = rd * bpe;
        } else {
          kg = l.k / g;
          x = l.n * l.p * l.q;
          rd = (l.c / g) * l.r * l.s;
          taps = l.r * l.s;
          rfU = Math.min(rd, (l.c / g) * l.strideH * l.strideW) * bpe;
        }
        band = l.r * l.w * (l.c / g) * bpe;
        break;
      case OP_DEPTHWISE:
        g = l.c;
        kg = l.k / l.c;
        x = l.n * l.p * l.q;
        rd = l.r * l.s;
        taps = rd;
        rfU = Math.min(rd, l.strideH * l.strideW) * bpe;
        band = l.r * l.w * bpe;
        break;
      case OP_FC:
        kg = l.k;
        x = l.n;
        rd = l.c;
        rfU = rd * bpe;
        band = (l.c + l.k) * bpe;
        break;
      case OP_LSTM:
        steps = l.timesteps ?? 1;
        kg = 4 * l.k;
        x = l.n;
        rd = l.c + l.k;
        rfU = rd * bpe;
        band = (rd + kg) * bpe;
        break;
      case OP_POOL:
        cw.vecOps[i] = l.n * l.k * l.p * l.q * l.r * l.s;
        // A global pool is a running sum: it streams its input one row at a time (SE squeezes of
        // large early tensors would otherwise need the whole tensor in one PE memory).
        band = (l.r === l.h && l.p === 1 ? 1 : l.r) * l.w * l.c * bpe;
        break;
      case OP_ELTWISE:
        cw.vecOps[i] = l.n * l.k * l.p * l.q * (l.inputs ?? 1);
        band = (l.inputs ?? 1) * l.w * l.c * bpe;
        break;
      default:
        cw.vecOps[i] = 2 * l.n * l.k * l.p * l.q;
        band = l.w * l.c * bpe;
    }
    cw.g[i] = g;
    cw.kg[i] = kg;
    cw.x[i] = x;
    cw.rd[i] = rd;
    cw.taps[i] = taps;
    cw.steps[i] = steps;
    cw.rfUnique[i] = rfU;
    cw.bandBytes[i] = band;
    cw.macs[i] = layerMacs(l);
    cw.weightBytes[i] = layerWeightBytes(l, bpe);
    cw.inBytes[i] = layerInputBytes(l, bpe);
    cw.outBytes[i] = layerOutputBytes(l, bpe);
    cw.totalMacs += cw.macs[i] as number;
    cw.totalWeightBytes += cw.weightBytes[i] as number;
  });
  cw.liveBytes.set(liveActivationBytes(wl.layers, bpe));
  for (let i = 0; i < n; i++) cw.maxActivationBytes = Math.max(cw.maxActivationBytes, cw.liveBytes[i] as number);
  const seen = new Map<string, number>();
  const cols = [cw.g, cw.kg, cw.x, cw.rd, cw.steps, cw.taps, cw.rfUnique, cw.bandBytes, cw.macs, cw.weightBytes];
  for (let i = 0; i < n; i++) {
    const key = [
      cw.ops[i],
      cw.transposed[i],
      cw.inBytes[i],
      cw.outBytes[i],
      cw.vecOps[i],
      ...cols.map((c) => c[i]),
    ].join();
    const j = seen.get(key);
    if (j === undefined) seen.set(key, i);
    else {
      cw.twin[i] = j;
      cw.shared[j] = 1;
    }
  }
  if (n > 0) {
    cw.io[0] = (cw.io[0] as number) | 1;
    cw.io[n - 1] = (cw.io[n - 1] as number) | 2;
  }
  return cw;
}

const cache = new WeakMap<Workload, Map<number, CompiledWorkload>>();

/** `compileWorkload(wl, bytesPerElement)`, cached per workload object and element width. */
export function compiledFor(wl: Workload, bytesPerElement: number): CompiledWorkload {
  let m = cache.get(wl);
  if (!m) {
    m = new Map();
    cache.set(wl, m);
  }
  let cw = m.get(bytesPerElement);
  if (!cw) {
    cw = compileWorkload(wl, bytesPerElement);
    m.set(bytesPerElement, cw);
  }
  return cw;
}
