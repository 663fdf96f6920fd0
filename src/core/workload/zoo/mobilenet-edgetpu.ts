import { makeDivisible, NetBuilder } from '../builder';
import type { Workload } from '../workload';

/**
 * One block of TF-slim `mobilenet_v3.V3_EDGETPU`: [kind, kernel, stride, expansion factor, out
 * channels, residual allowed]. `fused` (slim `mbv3_fused`) expands with a full k×k/s conv and has
 * no depthwise; `dw` (slim `mbv3_op`) is the MobileNetV2 block 1×1 → depthwise k×k/s → 1×1.
 */
type EdgeTpuBlock = readonly [kind: 'fused' | 'dw', k: number, s: number, ef: number, out: number, residual: boolean];

const V3_EDGETPU: readonly EdgeTpuBlock[] = [
  ['fused', 3, 1, 1, 16, true],
  ['fused', 3, 2, 8, 32, true],
  ['fused', 3, 1, 4, 32, true],
  ['fused', 3, 1, 4, 32, true],
  ['fused', 3, 1, 4, 32, true],
  ['fused', 3, 2, 8, 48, true],
  ['fused', 3, 1, 4, 48, true],
  ['fused', 3, 1, 4, 48, true],
  ['fused', 3, 1, 4, 48, true],
  ['dw', 3, 2, 8, 96, true],
  ['dw', 3, 1, 4, 96, true],
  ['dw', 3, 1, 4, 96, true],
  ['dw', 3, 1, 4, 96, true],
  ['dw', 3, 1, 8, 96, false],
  ['dw', 3, 1, 4, 96, true],
  ['dw', 3, 1, 4, 96, true],
  ['dw', 3, 1, 4, 96, true],
  ['dw', 5, 2, 8, 160, true],
  ['dw', 5, 1, 4, 160, true],
  ['dw', 5, 1, 4, 160, true],
  ['dw', 5, 1, 4, 160, true],
  ['dw', 3, 1, 8, 192, true],
];

/**
 * MobileNet-EdgeTPU 1.0 (Gupta & Akin, Google AI blog 2019; TF-slim `mobilenet_v3.edge_tpu`):
 * stem 3×3/2 to 32, the V3_EDGETPU blocks, 1×1 conv to 1280, global pool, 1×1 logits conv with
 * bias to 1001 classes. Slim conventions: TF "same" padding, BN (γ, β) after every conv, no conv
 * biases, ReLU, no squeeze-excite. slim `expanded_conv` expands only when
 * make_divisible(in · ef, 8) > in, so the first block (ef = 1) is a bare 1×1 projection 32 → 16.
 * Target (REFERENCE.md §1): 990.67 M MACs, 4,092,713 params (slim README: 990 M / 4.0 M).
 */
export function mobilenetEdgeTpu(resolution = 224, classes = 1001): Workload {
  const b = new NetBuilder({ c: 3, h: resolution, w: resolution });
  b.conv(32, 3, { stride: 2, name: 'stem' });
  V3_EDGETPU.forEach(([kind, k, s, ef, out, residual], i) => {
    const n = i + 1;
    const x = b.shape;
    const inC = x.c;
    const inner = makeDivisible(inC * ef, 8);
    if (inner > inC) {
      if (kind === 'fused') b.conv(inner, k, { stride: s, name: `b${n}_fused`, note: 'fused expansion k×k conv' });
      else b.conv(inner, 1, { name: `b${n}_expand` });
    }
    if (kind === 'dw') b.dw(k, { stride: s, name: `b${n}_dw` });
    b.conv(out, 1, { name: `b${n}_project` });
    if (residual && s === 1 && inC === out) b.eltwise(2, { name: `b${n}_add`, skip: x });
  });
  b.conv(1280, 1, { name: 'head' });
  b.pool('avg', 0, { name: 'gap' });
  b.fc(classes, { name: 'classifier', note: 'slim Conv2d_1c_1x1 logits (1×1 conv with bias)' });
  return {
    id: 'mobilenet_edgetpu',
    name: 'MobileNet-EdgeTPU 1.0',
    input: { c: 3, h: resolution, w: resolution },
    layers: b.layers,
    source: { kind: 'zoo', builder: 'mobilenetEdgeTpu', reference: 'TF-slim mobilenet_v3.py V3_EDGETPU' },
  };
}
