import { NetBuilder } from '../builder';
import type { Workload } from '../workload';

/**
 * One inception module row of Szegedy et al. 2014 (arXiv 1409.4842), Table 1:
 * #1×1, #3×3 reduce, #3×3, #5×5 reduce, #5×5, pool proj.
 */
type Inception = readonly [
  name: string,
  b1: number,
  b2red: number,
  b2: number,
  b3red: number,
  b3: number,
  proj: number,
];

/** Table 1 rows, grouped by the max pools that separate them. */
const STAGES: readonly (readonly Inception[])[] = [
  [
    ['inception3a', 64, 96, 128, 16, 32, 32],
    ['inception3b', 128, 128, 192, 32, 96, 64],
  ],
  [
    ['inception4a', 192, 96, 208, 16, 48, 64],
    ['inception4b', 160, 112, 224, 24, 64, 64],
    ['inception4c', 128, 128, 256, 24, 64, 64],
    ['inception4d', 112, 144, 288, 32, 64, 64],
    ['inception4e', 256, 160, 320, 32, 128, 128],
  ],
  [
    ['inception5a', 256, 160, 320, 32, 128, 128],
    ['inception5b', 384, 192, 384, 48, 128, 128],
  ],
];

/**
 * Kernel of the "#5×5" branch. torchvision's googlenet uses 3×3 there (a known deviation from
 * the paper kept for weight compatibility: pytorch/vision issue #906), and its published figures
 * (1.498 GFLOPS, 6,624,904 params) are for that network; we match torchvision.
 */
const BRANCH3_KERNEL = 3;

/**
 * GoogLeNet / Inception v1 as torchvision `googlenet` builds it, without the auxiliary heads
 * (they only run in training): every conv is BasicConv2d (conv without bias + BN eps 1e-3), max
 * pools are ceil_mode, the pool branch is a 3×3/1 max pool (pad 1) then a 1×1 projection, and the
 * head is global average pooling and an FC (bias) 1024 → classes.
 */
export function googlenet(resolution = 224, classes = 1000): Workload {
  const input = { c: 3, h: resolution, w: resolution };
  const b = new NetBuilder(input);
  b.conv(64, 7, { stride: 2, pad: 3, name: 'conv1' });
  b.pool('max', 3, { stride: 2, ceil: true, name: 'maxpool1' });
  b.conv(64, 1, { pad: 0, name: 'conv2' });
  b.conv(192, 3, { pad: 1, name: 'conv3' });
  b.pool('max', 3, { stride: 2, ceil: true, name: 'maxpool2' });
  STAGES.forEach((stage, si) => {
    for (const [n, b1, b2red, b2, b3red, b3, proj] of stage) {
      const x = b.shape;
      const s1 = b.fork().conv(b1, 1, { pad: 0, name: `${n}.b1_1x1` }).shape;
      const s2 = b
        .fork(undefined, x)
        .conv(b2red, 1, { pad: 0, name: `${n}.b2_reduce` })
        .conv(b2, 3, { pad: 1, name: `${n}.b2_3x3` }).shape;
      const s3 = b
        .fork(undefined, x)
        .conv(b3red, 1, { pad: 0, name: `${n}.b3_reduce` })
        .conv(b3, BRANCH3_KERNEL, {
          pad: (BRANCH3_KERNEL - 1) / 2,
          name: `${n}.b3_${BRANCH3_KERNEL}x${BRANCH3_KERNEL}`,
        }).shape;
      const s4 = b
        .fork(undefined, x)
        .pool('max', 3, { stride: 1, pad: 1, ceil: true, name: `${n}.b4_pool` })
        .conv(proj, 1, { pad: 0, name: `${n}.b4_proj` }).shape;
      b.concat([s1, s2, s3, s4], { name: `${n}.concat` });
    }
    // torchvision: maxpool3 is 3×3/2, maxpool4 is 2×2/2 (both ceil_mode); none after 5b.
    if (si === 0) b.pool('max', 3, { stride: 2, ceil: true, name: 'maxpool3' });
    if (si === 1) b.pool('max', 2, { stride: 2, ceil: true, name: 'maxpool4' });
  });
  b.pool('avg', 0, { name: 'avgpool' });
  b.fc(classes, { name: 'fc' });
  return {
    id: 'googlenet',
    name: 'GoogLeNet (Inception v1)',
    input,
    layers: b.layers,
    source: { kind: 'zoo', builder: 'googlenet', reference: 'Szegedy et al. 2014, Table 1; torchvision googlenet' },
  };
}
