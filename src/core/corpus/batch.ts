/**
 * Corpus results in columns, as they cross a worker boundary (every array is transferable).
 * Network columns have one row per network; class columns one row per network × class, row-major
 * (row i · classes + c is network i on class c), so batches concatenate by appending.
 */

/** Per-network columns: features of the Edge TPU study and MACs attributed to block types / kernels. */
export const NET_COLUMNS = [
  'macs',
  'params',
  /** Parameter bytes the accelerator holds (int8 weights + one bias per output channel). */
  'weightBytes',
  'layers',
  'blocks',
  'stages',
  'resolution',
  'meanExpansion',
  /** Share of blocks that are inverted bottlenecks (depthwise), fused, group-conv. */
  'mixIbn',
  'mixFused',
  'mixGroup',
  /** Share of blocks with kernel 3, 5, 7. */
  'mixK3',
  'mixK5',
  'mixK7',
  'seShare',
  /** MACs of the layers of ibn / fused / group blocks. */
  'macsIbn',
  'macsFused',
  'macsGroup',
  /** MACs of the layers of blocks with kernel 3 / 5 / 7. */
  'macsK3',
  'macsK5',
  'macsK7',
] as const;
export type NetColumn = (typeof NET_COLUMNS)[number];

/** Per network × class columns (simulator results). */
export const CLASS_COLUMNS = [
  'latencyMs',
  'energyMj',
  /** MACs / (cycles · peak MACs per cycle), 0…1. */
  'utilisation',
  /** Off-chip bytes per inference. */
  'dramBytes',
  /** Share of the layer cycles spent in memory-bound layers, 0…1. */
  'memoryBoundShare',
  /** 1 when every parameter stays cached on chip (the simulator's compiler rule, docs/corpus.md). */
  'paramsOnChip',
  /** 1 when every layer compiles and the program fits. */
  'feasible',
  /** Milliseconds spent in the layers of ibn / fused / group blocks. */
  'msIbn',
  'msFused',
  'msGroup',
  /** Milliseconds spent in the layers of blocks with kernel 3 / 5 / 7. */
  'msK3',
  'msK5',
  'msK7',
  /**
   * The simulator's latency (ms) and energy (mJ). Equal to latencyMs / energyMj in a simulated study;
   * in a study evaluated by the learned cost model (src/core/corpus/model-evaluate.ts), where those
   * two are predictions, the simulator's answer on the checked sample and NaN elsewhere.
   */
  'simLatencyMs',
  'simEnergyMj',
] as const;
export type ClassColumn = (typeof CLASS_COLUMNS)[number];

export interface CorpusBatch {
  /** Networks in the batch. */
  n: number;
  /** Classes per network (the run's class list, in order). */
  classes: number;
  /** Network index in the space (network i of (space, seed)). */
  index: Int32Array;
  /** 64-bit structural hash, two words a network (high, low). */
  hash: Uint32Array;
  net: Record<NetColumn, Float64Array>;
  cls: Record<ClassColumn, Float64Array>;
}

/**
 * A batch of n networks × `classes` with every column a view of one ArrayBuffer (float columns
 * first, for alignment): one allocation and one transferable per batch instead of 2 + columns,
 * so streaming 10^5 networks leaves the page's garbage collector 36× fewer buffers to sweep (2 + 21 + 13 columns).
 */
export function allocBatch(n: number, classes: number): CorpusBatch {
  const floats = n * (NET_COLUMNS.length + classes * CLASS_COLUMNS.length);
  const buf = new ArrayBuffer(8 * floats + 4 * 3 * n);
  const net = {} as Record<NetColumn, Float64Array>;
  const cls = {} as Record<ClassColumn, Float64Array>;
  let at = 0;
  for (const k of NET_COLUMNS) {
    net[k] = new Float64Array(buf, at, n);
    at += 8 * n;
  }
  for (const k of CLASS_COLUMNS) {
    cls[k] = new Float64Array(buf, at, n * classes);
    at += 8 * n * classes;
  }
  const index = new Int32Array(buf, at, n);
  const hash = new Uint32Array(buf, at + 4 * n, 2 * n);
  return { n, classes, index, hash, net, cls };
}

/** Concatenates batches in order (all with the same class count). */
export function concatBatches(parts: readonly CorpusBatch[]): CorpusBatch {
  const classes = parts[0]?.classes ?? 0;
  const n = parts.reduce((s, p) => s + p.n, 0);
  const out = allocBatch(n, classes);
  let o = 0;
  for (const p of parts) {
    if (p.classes !== classes) throw new Error(`corpus batches with ${p.classes} and ${classes} classes`);
    out.index.set(p.index.subarray(0, p.n), o);
    out.hash.set(p.hash.subarray(0, 2 * p.n), 2 * o);
    for (const k of NET_COLUMNS) out.net[k].set(p.net[k].subarray(0, p.n), o);
    for (const k of CLASS_COLUMNS) {
      // A checkpoint saved before a column existed lacks it: NaN (unknown), not a crash.
      const col = p.cls[k] as Float64Array | undefined;
      if (col) out.cls[k].set(col.subarray(0, p.n * classes), o * classes);
      else out.cls[k].fill(Number.NaN, o * classes, (o + p.n) * classes);
    }
    o += p.n;
  }
  return out;
}

/** Every buffer of a batch, once each, for a transfer list (a buffer listed twice fails the transfer). */
export function batchBuffers(b: CorpusBatch): ArrayBuffer[] {
  const all = [
    b.index.buffer as ArrayBuffer,
    b.hash.buffer as ArrayBuffer,
    ...NET_COLUMNS.map((k) => b.net[k].buffer as ArrayBuffer),
    ...CLASS_COLUMNS.map((k) => b.cls[k].buffer as ArrayBuffer),
  ];
  return [...new Set(all)];
}

/** Rows for networks the workers could not evaluate (a worker kept crashing): infeasible, NaN metrics. */
export function failedBatch(indices: Int32Array, classes: number): CorpusBatch {
  const b = allocBatch(indices.length, classes);
  b.index.set(indices);
  for (const k of NET_COLUMNS) b.net[k].fill(Number.NaN);
  for (const k of CLASS_COLUMNS) b.cls[k].fill(Number.NaN);
  b.cls.feasible.fill(0);
  return b;
}

/** The structural hash of row i as 16 hex digits (as `structuralHash`). */
export function hashAt(b: CorpusBatch, i: number): string {
  const hi = (b.hash[2 * i] as number).toString(16).padStart(8, '0');
  return hi + (b.hash[2 * i + 1] as number).toString(16).padStart(8, '0');
}
