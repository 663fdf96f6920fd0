import { NetBuilder } from '../builder';
import type { Workload } from '../workload';

/**
 * MobileNetV1 body (Howard et al. 2017, arXiv 1704.04861, Table 1): after the 3×3/2 stem, 13
 * depthwise-separable layers, each a 3×3 depthwise conv (stride s) then a 1×1 pointwise conv
 * to c channels. [c, s] per row.
 */
const SEPARABLE: readonly (readonly [number, number])[] = [
  [64, 1],
  [128, 2],
  [128, 1],
  [256, 2],
  [256, 1],
  [512, 2],
  [512, 1],
  [512, 1],
  [512, 1],
  [512, 1],
  [512, 1],
  [1024, 2],
  [1024, 1],
];

/**
 * MobileNetV1 1.0 as in TF-slim `mobilenet_v1.py`: TF "same" padding, batch-norm after every
 * conv (no conv biases), global average pool, then a 1×1 logits conv with bias. `classes`
 * defaults to 1000 (REFERENCE.md §1 counts 4,231,976 params with 1000 classes; the slim
 * checkpoint has 1001, one "background" class more).
 */
export function mobilenetV1(resolution = 224, widthMult = 1, classes = 1000): Workload {
  const b = new NetBuilder({ c: 3, h: resolution, w: resolution });
  // slim mobilenet_v1 depth(): max(int(d · depth_multiplier), min_depth = 8).
  const depth = (d: number) => Math.max(8, Math.floor(d * widthMult));
  b.conv(depth(32), 3, { stride: 2, name: 'stem' });
  SEPARABLE.forEach(([c, s], i) => {
    const n = i + 1;
    b.dw(3, { stride: s, name: `b${n}_dw` });
    b.conv(depth(c), 1, { name: `b${n}_pw` });
  });
  b.pool('avg', 0, { name: 'gap' });
  b.fc(classes, { name: 'classifier', note: 'slim Conv2d_1c_1x1 logits (1×1 conv with bias)' });
  return {
    id: 'mobilenet_v1',
    name: 'MobileNetV1 1.0',
    input: { c: 3, h: resolution, w: resolution },
    layers: b.layers,
    source: { kind: 'zoo', builder: 'mobilenetV1', reference: 'Howard et al. 2017, Table 1; TF-slim mobilenet_v1' },
  };
}
