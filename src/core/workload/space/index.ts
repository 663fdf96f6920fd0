import type { Layer } from '../layer';
import { type Workload, workloadTotals } from '../workload';
import {
  BLOCK_TYPES,
  type BlockType,
  buildTagged,
  DEPTHS,
  EXPANSIONS,
  type Genotype,
  KERNELS,
  MULTIPLIERS,
  RESOLUTIONS,
  STAGE_COUNTS,
  STEM_CHANNELS,
  STRIDED_STAGES,
  sampleGenotype,
} from './edgetpu-nas';

export * from './edgetpu-nas';

/** Network spaces by id (one so far). */
export const SPACE_IDS = ['edgetpu-nas'] as const;
export type SpaceId = (typeof SPACE_IDS)[number];

export function isSpaceId(s: string): s is SpaceId {
  return (SPACE_IDS as readonly string[]).includes(s);
}

/** A generated network: its genotype, IR, and the stage of every layer (-1 outside the stages). */
export interface SpaceNetwork {
  index: number;
  genotype: Genotype;
  workload: Workload;
  stageOf: Int8Array;
}

/** Network `index` of `space` for `seed`; depends only on (space, seed, index). */
export function spaceNetwork(space: SpaceId, seed: number, index: number): SpaceNetwork {
  if (space !== 'edgetpu-nas') throw new Error(`unknown network space "${space}"`);
  const genotype = sampleGenotype(seed, index);
  const { workload, stageOf } = buildTagged(genotype, seed, index);
  return { index, genotype, workload, stageOf };
}

function binom(n: number, k: number): bigint {
  let r = 1n;
  for (let i = 0; i < k; i++) r = (r * BigInt(n - i)) / BigInt(i + 1);
  return r;
}

/** Genotypes one stage can take (block × kernel × expansion × multiplier × depth × SE). */
export function stageChoices(): bigint {
  return BigInt(BLOCK_TYPES.length * KERNELS.length * EXPANSIONS.length * MULTIPLIERS.length * DEPTHS.length * 2);
}

/**
 * Exact number of genotypes of `edgetpu-nas`: resolutions × stem widths × Σ over stage counts S of
 * C(S, 4) stride placements × stageChoices^S. Distinct genotypes can build the same IR (the
 * multiplier rounds to 8 channels), so the structural count is smaller: see `structuralHash`.
 */
export function spaceSize(): bigint {
  let sum = 0n;
  for (const s of STAGE_COUNTS) sum += binom(s, STRIDED_STAGES) * stageChoices() ** BigInt(s);
  return BigInt(RESOLUTIONS.length * STEM_CHANNELS.length) * sum;
}

/** 32-bit FNV-1a step over one integer (as 4 bytes). */
function fnv(h: number, v: number): number {
  let x = h;
  for (let s = 0; s < 32; s += 8) {
    x ^= (v >>> s) & 0xff;
    x = Math.imul(x, 0x01000193);
  }
  return x >>> 0;
}

/**
 * A 64-bit structural hash (16 hex digits) of a network's IR: every layer's op, shape, stride,
 * groups, inputs and graph edges, in order — names and notes excluded. Two networks with the same
 * hash compute the same thing; this is what "unique networks" counts (as in the Edge TPU study).
 */
export function structuralHash(layers: readonly Layer[]): string {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  const add = (v: number) => {
    a = fnv(a, v);
    b = fnv(b ^ 0x5bd1e995, v);
  };
  for (const l of layers) {
    add(l.op.charCodeAt(0) * 256 + l.op.charCodeAt(1));
    for (const v of [l.c, l.h, l.w, l.k, l.p, l.q, l.r, l.s, l.strideH, l.strideW, l.padH, l.padW, l.groups]) add(v);
    add((l.bias ? 1 : 0) | (l.bn ? 2 : 0) | (l.transposed ? 4 : 0));
    add(l.inputs ?? 1);
    add(l.from ? l.from.length : 0);
    for (const f of l.from ?? []) add(f + 1);
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/** Network features of the Edge TPU study (per network; shares are fractions of the blocks). */
export interface NetworkFeatures {
  macs: number;
  params: number;
  weightBytes: number;
  layers: number;
  blocks: number;
  stages: number;
  resolution: number;
  meanExpansion: number;
  /** Share of blocks by type, in BLOCK_TYPES order. */
  blockMix: [number, number, number];
  /** Share of blocks by kernel 3, 5, 7. */
  kernelMix: [number, number, number];
  seShare: number;
}

export function networkFeatures(net: SpaceNetwork): NetworkFeatures {
  const t = workloadTotals(net.workload);
  const byType = [0, 0, 0];
  const byKernel = [0, 0, 0];
  let blocks = 0;
  let exp = 0;
  let se = 0;
  for (const st of net.genotype.stages) {
    blocks += st.depth;
    exp += st.expansion * st.depth;
    const bt = BLOCK_TYPES.indexOf(st.block);
    const kc = KERNELS.indexOf(st.kernel as 3 | 5 | 7);
    byType[bt] = (byType[bt] as number) + st.depth;
    byKernel[kc] = (byKernel[kc] as number) + st.depth;
    if (st.se) se += st.depth;
  }
  const share = (xs: number[]): [number, number, number] => [
    (xs[0] as number) / blocks,
    (xs[1] as number) / blocks,
    (xs[2] as number) / blocks,
  ];
  const blockMix = share(byType);
  const kernelMix = share(byKernel);
  return {
    macs: t.macs,
    params: t.params,
    weightBytes: t.weightBytes,
    layers: t.layers,
    blocks,
    stages: net.genotype.stages.length,
    resolution: net.genotype.resolution,
    meanExpansion: exp / blocks,
    blockMix,
    kernelMix,
    seShare: se / blocks,
  };
}

/** Block type of every layer (-1 outside the stages), index into BLOCK_TYPES. */
export function layerBlockTypes(net: SpaceNetwork): Int8Array {
  return net.stageOf.map((s) =>
    s < 0 ? -1 : BLOCK_TYPES.indexOf((net.genotype.stages[s] as { block: BlockType }).block),
  );
}

/** Kernel-size class of every layer (0: 3, 1: 5, 2: 7; -1 outside the stages). */
export function layerKernelClasses(net: SpaceNetwork): Int8Array {
  return net.stageOf.map((s) =>
    s < 0 ? -1 : KERNELS.indexOf((net.genotype.stages[s] as { kernel: 3 | 5 | 7 }).kernel),
  );
}
