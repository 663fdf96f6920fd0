import { NetBuilder } from '../builder';
import type { Workload } from '../workload';

/**
 * MnasNet-B1 stacks (Tan et al., CVPR 2019, arXiv 1807.11626, Fig. 7 without SE, as torchvision
 * `mnasnet.py` builds them): [out channels, kernel, stride of the first repeat, expansion, repeats].
 */
const STACKS: readonly (readonly [out: number, k: number, s: number, e: number, n: number])[] = [
  [24, 3, 2, 3, 3],
  [40, 5, 2, 3, 3],
  [80, 5, 2, 6, 3],
  [96, 3, 1, 6, 2],
  [192, 5, 2, 6, 4],
  [320, 3, 1, 6, 1],
];

/** torchvision `_round_to_multiple_of(val, 8, 0.9)`: round half up, then up again if below 90 %. */
function roundDepth(v: number): number {
  const nv = Math.max(8, Math.floor((v + 4) / 8) * 8);
  return nv >= 0.9 * v ? nv : nv + 8;
}

/**
 * MnasNet 1.0 as torchvision `mnasnet1_0` (the B1 variant without squeeze-excite): stem 3×3/2 to
 * 32, a depthwise-separable 3×3 → 1×1 to 16 (no skip), then inverted residuals that always expand
 * 1×1 (in · e), depthwise k×k/s with pad k/2, project 1×1; residual when stride 1 and in = out.
 * Head 1×1 to 1280, global mean, Linear to classes. Convs are bias-free with BN.
 * Target (REFERENCE.md §1): 314.42 M MACs, 4,383,312 params.
 */
export function mnasnet(resolution = 224, alpha = 1, classes = 1000): Workload {
  const b = new NetBuilder({ c: 3, h: resolution, w: resolution });
  b.conv(32, 3, { stride: 2, pad: 1, name: 'stem' });
  b.dw(3, { pad: 1, name: 'sep_dw' });
  b.conv(16, 1, { name: 'sep_pw' });
  let n = 0;
  for (const [c, k, s, e, repeats] of STACKS) {
    const out = roundDepth(c * alpha);
    for (let r = 0; r < repeats; r++) {
      n += 1;
      const x = b.shape;
      const inC = x.c;
      const stride = r === 0 ? s : 1;
      b.conv(inC * e, 1, { name: `b${n}_expand` });
      b.dw(k, { stride, pad: Math.floor(k / 2), name: `b${n}_dw` });
      b.conv(out, 1, { name: `b${n}_project` });
      if (stride === 1 && inC === out) b.eltwise(2, { name: `b${n}_add`, skip: x });
    }
  }
  b.conv(1280, 1, { name: 'head' });
  b.pool('avg', 0, { name: 'gap' });
  b.fc(classes, { name: 'classifier' });
  return {
    id: 'mnasnet1_0',
    name: 'MnasNet 1.0 (B1, no SE)',
    input: { c: 3, h: resolution, w: resolution },
    layers: b.layers,
    source: { kind: 'zoo', builder: 'mnasnet', reference: 'Tan et al. 2019; torchvision mnasnet1_0' },
  };
}
