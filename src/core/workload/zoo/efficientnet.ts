import { makeDivisible, NetBuilder, type Padding } from '../builder';
import type { Workload } from '../workload';

/**
 * A stage of an EfficientNet-family network, decoded from the block strings of the reference
 * implementation (tensorflow/tpu `efficientnet_builder.BlockDecoder`), e.g.
 * 'r2_k3_s22_e6_i16_o24_se0.25': 2 repeats, 3×3 kernel, stride 2, expansion 6, 16 → 24 channels,
 * SE ratio 0.25; 'c1' marks a fused block (conv_type 1), 'noskip' disables the residual.
 */
interface Stage {
  repeats: number;
  kernel: number;
  stride: number;
  expand: number;
  in: number;
  out: number;
  se: number | undefined;
  fused: boolean;
  skip: boolean;
}

function decodeStage(spec: string): Stage {
  const f = new Map<string, string>();
  for (const part of spec.split('_')) {
    const m = /^([a-z]+)(.*)$/.exec(part);
    if (!m) throw new Error(`bad block string part "${part}" in ${spec}`);
    f.set(m[1] as string, m[2] as string);
  }
  const num = (key: string): number => {
    const v = f.get(key);
    if (v === undefined || v === '' || Number.isNaN(Number(v))) throw new Error(`block string ${spec} lacks "${key}"`);
    return Number(v);
  };
  const strides = f.get('s') ?? '';
  if (strides.length !== 2 || strides[0] !== strides[1])
    throw new Error(`block string ${spec}: bad stride "${strides}"`);
  return {
    repeats: num('r'),
    kernel: num('k'),
    stride: Number(strides[0]),
    expand: num('e'),
    in: num('i'),
    out: num('o'),
    se: f.has('se') ? num('se') : undefined,
    fused: f.has('c') && num('c') === 1,
    skip: !f.has('noskip'),
  };
}

/** EfficientNet-B0 (Tan & Le, ICML 2019, Table 1) in tensorflow/tpu efficientnet_builder form. */
const B0_BLOCKS = [
  'r1_k3_s11_e1_i32_o16_se0.25',
  'r2_k3_s22_e6_i16_o24_se0.25',
  'r2_k5_s22_e6_i24_o40_se0.25',
  'r3_k3_s22_e6_i40_o80_se0.25',
  'r3_k5_s11_e6_i80_o112_se0.25',
  'r4_k5_s22_e6_i112_o192_se0.25',
  'r1_k3_s11_e6_i192_o320_se0.25',
];

/**
 * EfficientNet-EdgeTPU (Gupta & Tan, Google AI blog 2019; tensorflow/tpu
 * `edgetpu/efficientnet_edgetpu_builder.py`). Note block 1 declares i24 although the stem gives
 * 32 channels: TF sizes the expansion from the declared 24 (96 filters) and the conv reads the 32
 * actual channels, which we reproduce.
 */
const EDGETPU_BLOCKS = [
  'r1_k3_s11_e4_i24_o24_c1_noskip',
  'r2_k3_s22_e8_i24_o32_c1',
  'r4_k3_s22_e8_i32_o48_c1',
  'r5_k5_s22_e8_i48_o96',
  'r4_k5_s11_e8_i96_o144',
  'r2_k5_s22_e8_i144_o192',
];

interface EffNetConfig {
  id: string;
  name: string;
  builder: string;
  reference: string;
  blocks: readonly string[];
  width: number;
  depth: number;
  classes: number;
  /** torchvision pads (k−1)/2 per side; the TF builders use "same". Equal outputs, different pads. */
  pad: 'torch' | 'same';
  /** Squeeze-excite enabled (B0); Lite and EdgeTPU drop it. */
  useSe: boolean;
  /** Lite models keep stem, head and the first/last stage's repeats unscaled (`fix_head_stem`). */
  fixHeadStem: boolean;
  /** Activation, informative only. */
  act: string;
}

/**
 * Builds an EfficientNet-family network as tensorflow/tpu `efficientnet_model.Model` does:
 * stem 3×3/2 to round_filters(32), the stages (channels round_filters(c · width), repeats
 * ⌈r · depth⌉, later repeats stride 1 and in = out), 1×1 head conv to round_filters(1280) + BN,
 * global pool, FC with bias. MBConv (conv_type 0): 1×1 expand if e ≠ 1, depthwise k×k/s, SE on the
 * expanded tensor squeezing to max(1, ⌊ratio · block input channels⌋) with biased FCs, 1×1
 * project; residual when stride 1 and channels match. Fused (conv_type 1,
 * `MBConvBlockWithoutDepthwise`): a k×k conv expands (k = 3 in every table), a 1×1 conv projects.
 *
 * Stride of fused blocks: the TF code runs the 3×3 expansion at stride 1 and puts the stride on
 * the 1×1 projection, which only subsamples; the result equals a k×k/s conv with (k − 1)/2 pixels
 * of symmetric padding followed by a 1×1/1 projection, which is how timm's `EdgeResidual` builds it
 * and what REFERENCE.md's 1788.7 M (timm efficientnet_es: 1.8 GMACs) counts. We build that
 * efficient form. The literal TF graph does 2352.3 M MACs for EdgeTPU-S (3660.3 M for M,
 * 9661.9 M for L) because its stride-1 3×3 computes pixels the projection then drops.
 */
function efficientnet(cfg: EffNetConfig, resolution: number): Workload {
  const b = new NetBuilder({ c: 3, h: resolution, w: resolution });
  const filters = (c: number, fixed = false) => (fixed ? c : makeDivisible(c * cfg.width, 8));
  const pad = (k: number): Padding => (cfg.pad === 'same' ? 'same' : (k - 1) / 2);
  b.conv(filters(32, cfg.fixHeadStem), 3, { stride: 2, pad: pad(3), name: 'stem', note: cfg.act });
  let n = 0;
  cfg.blocks.forEach((spec, stageIndex) => {
    const st = decodeStage(spec);
    const edge = stageIndex === 0 || stageIndex === cfg.blocks.length - 1;
    const repeats = cfg.fixHeadStem && edge ? st.repeats : Math.ceil(st.repeats * cfg.depth);
    const out = filters(st.out);
    for (let r = 0; r < repeats; r++) {
      n += 1;
      const declaredIn = r === 0 ? filters(st.in) : out;
      const stride = r === 0 ? st.stride : 1;
      const x = b.shape;
      const inC = x.c;
      const mid = declaredIn * st.expand;
      if (st.fused) {
        if (st.expand === 1) throw new Error(`fused block without expansion is not in any table: ${spec}`);
        b.conv(mid, st.kernel, {
          stride,
          pad: (st.kernel - 1) / 2,
          name: `b${n}_fused`,
          note: `fused expansion, ${cfg.act}`,
        });
        b.conv(out, 1, { name: `b${n}_project` });
        if (st.skip && stride === 1 && declaredIn === out) b.eltwise(2, { name: `b${n}_add`, skip: x });
        continue;
      }
      if (st.expand !== 1) b.conv(mid, 1, { name: `b${n}_expand`, note: cfg.act });
      b.dw(st.kernel, { stride, pad: pad(st.kernel), name: `b${n}_dw`, note: cfg.act });
      if (cfg.useSe && st.se !== undefined) b.se(Math.max(1, Math.floor(declaredIn * st.se)), { name: `b${n}_se` });
      b.conv(out, 1, { name: `b${n}_project` });
      if (st.skip && stride === 1 && inC === out) b.eltwise(2, { name: `b${n}_add`, skip: x });
    }
  });
  b.conv(filters(1280, cfg.fixHeadStem), 1, { name: 'head', note: cfg.act });
  b.pool('avg', 0, { name: 'gap' });
  b.fc(cfg.classes, { name: 'classifier' });
  return {
    id: cfg.id,
    name: cfg.name,
    input: { c: 3, h: resolution, w: resolution },
    layers: b.layers,
    source: { kind: 'zoo', builder: cfg.builder, reference: cfg.reference },
  };
}

/** EfficientNet-B0 as torchvision efficientnet_b0 (385.81 M MACs, 5,288,548 params). */
export function efficientnetB0(resolution = 224, classes = 1000): Workload {
  return efficientnet(
    {
      id: 'efficientnet_b0',
      name: 'EfficientNet-B0',
      builder: 'efficientnetB0',
      reference: 'Tan & Le 2019, Table 1; torchvision efficientnet_b0',
      blocks: B0_BLOCKS,
      width: 1,
      depth: 1,
      classes,
      pad: 'torch',
      useSe: true,
      fixHeadStem: false,
      act: 'swish',
    },
    resolution,
  );
}

/**
 * EfficientNet-Lite0 (tensorflow/tpu `lite/efficientnet_lite_builder.py`): the B0 blocks without
 * SE, ReLU6, stem and head fixed, 1000 classes.
 */
export function efficientnetLite0(resolution = 224, classes = 1000): Workload {
  return efficientnet(
    {
      id: 'efficientnet_lite0',
      name: 'EfficientNet-Lite0',
      builder: 'efficientnetLite0',
      reference: 'tensorflow/tpu efficientnet_lite_builder; lite README 4.7 M params, 407 M MAdds',
      blocks: B0_BLOCKS,
      width: 1,
      depth: 1,
      classes,
      pad: 'same',
      useSe: false,
      fixHeadStem: true,
      act: 'relu6',
    },
    resolution,
  );
}

/** (width, depth, default resolution) of efficientnet_edgetpu_params. */
const EDGETPU_SCALE = { S: [1.0, 1.0, 224], M: [1.0, 1.1, 240], L: [1.2, 1.4, 300] } as const;

export type EdgeTpuSize = keyof typeof EDGETPU_SCALE;

/** Default input resolution of EfficientNet-EdgeTPU-S/M/L (224 / 240 / 300). */
export function edgeTpuResolution(size: EdgeTpuSize): number {
  return EDGETPU_SCALE[size][2];
}

/** EfficientNet-EdgeTPU-S/M/L: fused early stages, ReLU, no SE, 1001 classes (TF builder). */
export function efficientnetEdgeTpu(size: EdgeTpuSize, resolution = edgeTpuResolution(size), classes = 1001): Workload {
  const [width, depth] = EDGETPU_SCALE[size];
  return efficientnet(
    {
      id: `efficientnet_edgetpu_${size.toLowerCase()}`,
      name: `EfficientNet-EdgeTPU-${size}`,
      builder: 'efficientnetEdgeTpu',
      reference: 'tensorflow/tpu efficientnet_edgetpu_builder',
      blocks: EDGETPU_BLOCKS,
      width,
      depth,
      classes,
      pad: 'same',
      useSe: false,
      fixHeadStem: false,
      act: 'relu',
    },
    resolution,
  );
}
