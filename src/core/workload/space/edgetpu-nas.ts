import { deriveSeed, Rng } from '../../opt/rng';
import { makeDivisible, NetBuilder } from '../builder';
import type { Workload } from '../workload';

/**
 * `edgetpu-nas`: a MobileNet / EfficientNet-EdgeTPU-style CNN space after the network space of the
 * Edge TPU study (Seshadri et al., IISWC 2022, §3: stages of inverted bottlenecks, fused inverted
 * bottlenecks and group-conv bottlenecks with searched kernel, expansion, width, depth and SE).
 * A network is a genotype (the choices below); `buildNetwork` turns it into Layer IR with the
 * zoo's NetBuilder, so graph edges, concat / eltwise / SE conventions are the zoo's.
 */

export type BlockType = 'ibn' | 'fused' | 'group';
export const BLOCK_TYPES: readonly BlockType[] = ['ibn', 'fused', 'group'];
export const BLOCK_LABELS: Readonly<Record<BlockType, string>> = {
  ibn: 'inverted bottleneck (depthwise)',
  fused: 'fused inverted bottleneck',
  group: 'group-conv bottleneck',
};
export const KERNELS = [3, 5, 7] as const;
export const EXPANSIONS = [1, 2, 3, 4, 5, 6, 7, 8] as const;
export const MULTIPLIERS = [0.5, 0.75, 1, 1.25, 1.5] as const;
export const DEPTHS = [1, 2, 3, 4] as const;
export const RESOLUTIONS = [160, 192, 224, 256, 288, 320] as const;
export const STEM_CHANNELS = [16, 24, 32] as const;
export const STAGE_COUNTS = [5, 6, 7] as const;
/** Stride-2 stages in every network: with the stem's stride 2 the network downsamples 32×, as MobileNets. */
export const STRIDED_STAGES = 4;
/** Channels per group of a group-conv bottleneck's k×k conv (so groups = inner / 16). */
export const GROUP_WIDTH = 16;
/** Channels of the final 1×1 conv before pooling and the classes of the classifier. */
export const HEAD_CHANNELS = 1280;
export const CLASSES = 1000;
/** Base widths of the first and last stage; stage j of S interpolates geometrically between them. */
export const FIRST_WIDTH = 16;
export const LAST_WIDTH = 320;

export interface StageGene {
  block: BlockType;
  kernel: number;
  expansion: number;
  /** Output-channel multiplier of the stage's base width. */
  multiplier: number;
  depth: number;
  /** Stride of the stage's first block (1 or 2). */
  stride: 1 | 2;
  se: boolean;
}

export interface Genotype {
  resolution: number;
  stem: number;
  stages: StageGene[];
}

/** Base output width of stage j of `count` stages (before the multiplier). */
export function baseWidth(j: number, count: number): number {
  return FIRST_WIDTH * (LAST_WIDTH / FIRST_WIDTH) ** (j / (count - 1));
}

/** Output channels of a stage: base width × multiplier rounded as MobileNets do (multiple of 8). */
export function stageChannels(j: number, count: number, multiplier: number): number {
  return makeDivisible(baseWidth(j, count) * multiplier, 8);
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)] as T;

/** Network `index` of the space for `seed`: depends only on (seed, index). */
export function sampleGenotype(seed: number, index: number): Genotype {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`network index must be an integer ≥ 0, got ${index}`);
  const rng = new Rng(deriveSeed(seed, 0x7e0, index));
  const resolution = pick(rng, RESOLUTIONS);
  const stem = pick(rng, STEM_CHANNELS);
  const count = pick(rng, STAGE_COUNTS);
  // Which STRIDED_STAGES of the `count` stages downsample: uniform over the C(count, 4) subsets.
  const strided = new Set(rng.sample(count, STRIDED_STAGES));
  const stages: StageGene[] = [];
  for (let j = 0; j < count; j++) {
    stages.push({
      block: pick(rng, BLOCK_TYPES),
      kernel: pick(rng, KERNELS),
      expansion: pick(rng, EXPANSIONS),
      multiplier: pick(rng, MULTIPLIERS),
      depth: pick(rng, DEPTHS),
      stride: strided.has(j) ? 2 : 1,
      se: rng.int(2) === 1,
    });
  }
  return { resolution, stem, stages };
}

/** Inner (expanded) channels of a block; group-conv blocks round to whole groups. */
export function innerChannels(block: BlockType, inC: number, expansion: number): number {
  return block === 'group' ? makeDivisible(inC * expansion, GROUP_WIDTH) : makeDivisible(inC * expansion, 8);
}

/** Groups of a group-conv bottleneck's k×k conv: 16 channels a group, 8 where 16 does not divide (unexpanded blocks). */
export function groupsOf(c: number): number {
  return c % GROUP_WIDTH === 0 ? c / GROUP_WIDTH : c / 8;
}

/**
 * Layer IR of a genotype. Stem 3×3/2 conv; per block: ibn = 1×1 expand → k×k depthwise/s → [SE] →
 * 1×1 project; fused = k×k/s full conv expand → [SE] → 1×1 project (at expansion 1 a single k×k/s
 * conv, as EfficientNetV2's fused e=1); group = 1×1 expand → k×k/s group conv (16 channels a group)
 * → [SE] → 1×1 project. Expansion is skipped when it would not widen (slim `expanded_conv`).
 * SE squeezes the expanded tensor to max(1, ⌊0.25 · block input channels⌋) (EfficientNet-B0). A
 * residual add joins blocks with stride 1 and equal channels. Head 1×1 to 1280, global pool, FC.
 */
export function buildNetwork(g: Genotype, seed: number, index: number): Workload {
  return buildTagged(g, seed, index).workload;
}

/** `buildNetwork` plus the stage of every layer (-1: stem, head, pool, classifier). */
export function buildTagged(g: Genotype, seed: number, index: number): { workload: Workload; stageOf: Int8Array } {
  const id = `edgetpu-nas:${seed}:${index}`;
  const stageAt: number[] = [];
  const b = new NetBuilder({ c: 3, h: g.resolution, w: g.resolution });
  b.conv(g.stem, 3, { stride: 2, name: 'stem' });
  stageAt.push(-1);
  g.stages.forEach((st, j) => {
    const out = stageChannels(j, g.stages.length, st.multiplier);
    for (let d = 0; d < st.depth; d++) {
      const n = `s${j + 1}b${d + 1}`;
      const stride = d === 0 ? st.stride : 1;
      const x = b.shape;
      const inC = x.c;
      const inner = innerChannels(st.block, inC, st.expansion);
      const note = `${st.block} k${st.kernel} e${st.expansion}`;
      if (st.block === 'fused') {
        if (inner > inC) b.conv(inner, st.kernel, { stride, name: `${n}_fused`, note });
        else b.conv(out, st.kernel, { stride, name: `${n}_fused`, note });
      } else {
        if (inner > inC) b.conv(inner, 1, { name: `${n}_expand`, note });
        if (st.block === 'ibn') b.dw(st.kernel, { stride, name: `${n}_dw`, note });
        else {
          const c = b.shape.c;
          b.conv(c, st.kernel, { stride, groups: groupsOf(c), name: `${n}_group`, note });
        }
      }
      const single = st.block === 'fused' && inner <= inC;
      if (st.se) b.se(Math.max(1, Math.floor(0.25 * inC)), { name: `${n}_se` });
      if (!single) b.conv(out, 1, { name: `${n}_project`, note });
      if (stride === 1 && inC === out) b.eltwise(2, { name: `${n}_add`, skip: x });
      while (stageAt.length < b.layers.length) stageAt.push(j);
    }
  });
  b.conv(HEAD_CHANNELS, 1, { name: 'head' });
  b.pool('avg', 0, { name: 'gap' });
  b.fc(CLASSES, { name: 'classifier' });
  while (stageAt.length < b.layers.length) stageAt.push(-1);
  const workload: Workload = {
    id,
    name: `edgetpu-nas #${index} (seed ${seed})`,
    input: { c: 3, h: g.resolution, w: g.resolution },
    layers: b.layers,
    source: { kind: 'space', space: 'edgetpu-nas', seed, index },
  };
  return { workload, stageOf: Int8Array.from(stageAt) };
}
