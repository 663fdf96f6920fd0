import { makeDivisible, NetBuilder } from '../builder';
import type { Workload } from '../workload';

/**
 * One bneck row of the MobileNetV3 paper (Howard et al., ICCV 2019, arXiv 1905.02244):
 * [kernel, expansion size, out channels, squeeze-excite, nonlinearity, stride].
 */
type Bneck = readonly [k: number, exp: number, out: number, se: boolean, nl: 'RE' | 'HS', s: number];

/** Table 1: MobileNetV3-Large. */
const LARGE: readonly Bneck[] = [
  [3, 16, 16, false, 'RE', 1],
  [3, 64, 24, false, 'RE', 2],
  [3, 72, 24, false, 'RE', 1],
  [5, 72, 40, true, 'RE', 2],
  [5, 120, 40, true, 'RE', 1],
  [5, 120, 40, true, 'RE', 1],
  [3, 240, 80, false, 'HS', 2],
  [3, 200, 80, false, 'HS', 1],
  [3, 184, 80, false, 'HS', 1],
  [3, 184, 80, false, 'HS', 1],
  [3, 480, 112, true, 'HS', 1],
  [3, 672, 112, true, 'HS', 1],
  [5, 672, 160, true, 'HS', 2],
  [5, 960, 160, true, 'HS', 1],
  [5, 960, 160, true, 'HS', 1],
];

/** Table 2: MobileNetV3-Small. */
const SMALL: readonly Bneck[] = [
  [3, 16, 16, true, 'RE', 2],
  [3, 72, 24, false, 'RE', 2],
  [3, 88, 24, false, 'RE', 1],
  [5, 96, 40, true, 'HS', 2],
  [5, 240, 40, true, 'HS', 1],
  [5, 240, 40, true, 'HS', 1],
  [5, 120, 48, true, 'HS', 1],
  [5, 144, 48, true, 'HS', 1],
  [5, 288, 96, true, 'HS', 2],
  [5, 576, 96, true, 'HS', 1],
  [5, 576, 96, true, 'HS', 1],
];

interface V3Config {
  id: string;
  name: string;
  builder: string;
  table: readonly Bneck[];
  /** Channels of the 1×1 conv before pooling (tables' "conv2d 1×1" row: 960 / 576). */
  lastConv: number;
  /** Width of the hidden classifier FC after pooling (1280 / 1024). */
  lastChannel: number;
}

/**
 * MobileNetV3 as built by torchvision `mobilenet_v3_large/_small` (the counting reference of
 * REFERENCE.md §1): stem 3×3/2 to 16 with BN; each bneck expands 1×1 only when exp ≠ in,
 * depthwise k×k (pad (k−1)/2), optional SE on the expanded tensor squeezing to
 * make_divisible(exp/4, 8) with biased FCs, projects 1×1, and adds the input when the stride is
 * 1 and channels match. The head is 1×1 conv + BN, pool, FC (bias) to lastChannel, FC to classes.
 * Small's last conv has no SE in torchvision (the paper's Table 2 marks one); we follow torchvision.
 */
function mobilenetV3(cfg: V3Config, resolution: number, classes: number): Workload {
  const b = new NetBuilder({ c: 3, h: resolution, w: resolution });
  b.conv(16, 3, { stride: 2, pad: 1, name: 'stem', note: 'hardswish' });
  cfg.table.forEach(([k, exp, out, se, nl, s], i) => {
    const n = i + 1;
    const x = b.shape;
    const inC = x.c;
    if (exp !== inC) b.conv(exp, 1, { name: `b${n}_expand`, note: nl });
    b.dw(k, { stride: s, pad: (k - 1) / 2, name: `b${n}_dw`, note: nl });
    if (se) b.se(makeDivisible(Math.floor(exp / 4), 8), { name: `b${n}_se` });
    b.conv(out, 1, { name: `b${n}_project` });
    if (s === 1 && inC === out) b.eltwise(2, { name: `b${n}_add`, skip: x });
  });
  b.conv(cfg.lastConv, 1, { name: 'head', note: 'hardswish' });
  b.pool('avg', 0, { name: 'gap' });
  b.fc(cfg.lastChannel, { name: 'head_fc', note: 'hardswish' });
  b.fc(classes, { name: 'classifier' });
  return {
    id: cfg.id,
    name: cfg.name,
    input: { c: 3, h: resolution, w: resolution },
    layers: b.layers,
    source: {
      kind: 'zoo',
      builder: cfg.builder,
      reference: `Howard et al. 2019, Table ${cfg.table === LARGE ? 1 : 2}; torchvision ${cfg.id}`,
    },
  };
}

/** MobileNetV3-Large 1.0 (torchvision mobilenet_v3_large: 216.59 M MACs, 5,483,032 params). */
export function mobilenetV3Large(resolution = 224, classes = 1000): Workload {
  const cfg = {
    id: 'mobilenet_v3_large',
    name: 'MobileNetV3-Large 1.0',
    builder: 'mobilenetV3Large',
    table: LARGE,
    lastConv: 960,
    lastChannel: 1280,
  };
  return mobilenetV3(cfg, resolution, classes);
}

/** MobileNetV3-Small 1.0 (torchvision mobilenet_v3_small: 56.51 M MACs, 2,542,856 params). */
export function mobilenetV3Small(resolution = 224, classes = 1000): Workload {
  const cfg = {
    id: 'mobilenet_v3_small',
    name: 'MobileNetV3-Small 1.0',
    builder: 'mobilenetV3Small',
    table: SMALL,
    lastConv: 576,
    lastChannel: 1024,
  };
  return mobilenetV3(cfg, resolution, classes);
}
