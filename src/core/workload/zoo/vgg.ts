import { NetBuilder } from '../builder';
import type { Workload } from '../workload';

/**
 * Simonyan & Zisserman, "Very Deep Convolutional Networks" (ICLR 2015, arXiv 1409.1556), Table 1:
 * number of 3×3 convs in each of the five stages (each stage ends in a 2×2/2 max pool) for
 * configuration D (VGG-16) and E (VGG-19); stage widths 64, 128, 256, 512, 512.
 */
const CONFIGS = { 16: [2, 2, 3, 3, 3], 19: [2, 2, 4, 4, 4] } as const;
const WIDTHS: readonly number[] = [64, 128, 256, 512, 512];
/** The classifier's two hidden FC layers (Table 1: FC-4096, FC-4096). */
const HIDDEN = 4096;
/** torchvision pools the features adaptively to 7×7 before the classifier. */
const POOLED = 7;

/**
 * torchvision's AdaptiveAvgPool2d((7, 7)): the identity at 224 (features are already 7×7, so no
 * layer), otherwise a pooling layer whose output is 7×7 — window ⌈in/7⌉, stride ⌊in/7⌋ (≥ 1), an
 * approximation of PyTorch's variable windows that has the exact output size. The builder's
 * `pool` cannot produce a fixed output size, so the layer is written here.
 */
function adaptiveAvgPool(b: NetBuilder, out: number, name: string): void {
  const { c, h, w } = b.shape;
  if (h === out && w === out) return;
  const win = (x: number) => Math.max(1, Math.ceil(x / out));
  const step = (x: number) => Math.max(1, Math.floor(x / out));
  b.layers.push({
    name,
    op: 'pool',
    pool: 'avg',
    n: b.n,
    c,
    h,
    w,
    k: c,
    p: out,
    q: out,
    r: win(h),
    s: win(w),
    strideH: step(h),
    strideW: step(w),
    padH: 0,
    padW: 0,
    groups: c,
    bias: false,
    bn: false,
    note: `adaptive average pool to ${out}×${out}`,
  });
  b.shape = { c, h: out, w: out };
}

/**
 * VGG as torchvision `vgg16` / `vgg19` builds it (no batch-norm): 3×3 convs with pad 1 and a
 * bias, 2×2/2 max pools, adaptive average pool to 7×7, then FC 25088 → 4096 → 4096 → classes
 * (all with biases; ReLU and dropout between them count nothing).
 */
export function vgg(depth: 16 | 19, resolution = 224, classes = 1000): Workload {
  const input = { c: 3, h: resolution, w: resolution };
  const b = new NetBuilder(input);
  let idx = 0;
  CONFIGS[depth].forEach((n, stage) => {
    const width = WIDTHS[stage] as number;
    for (let i = 0; i < n; i++) {
      b.conv(width, 3, { pad: 1, bias: true, bn: false, name: `conv${stage + 1}_${i + 1}` });
      idx += 1;
    }
    b.pool('max', 2, { stride: 2, name: `pool${stage + 1}` });
  });
  adaptiveAvgPool(b, POOLED, 'avgpool');
  b.fc(HIDDEN, { name: 'fc6' });
  b.fc(HIDDEN, { name: 'fc7' });
  b.fc(classes, { name: 'fc8' });
  if (idx + 3 !== depth) throw new Error(`VGG-${depth} built with ${idx + 3} weight layers`);
  return {
    id: `vgg${depth}`,
    name: `VGG-${depth}`,
    input,
    layers: b.layers,
    source: { kind: 'zoo', builder: `vgg${depth}`, reference: 'Simonyan & Zisserman 2015, Table 1; torchvision vgg' },
  };
}

export const vgg16 = (resolution = 224, classes = 1000): Workload => vgg(16, resolution, classes);
export const vgg19 = (resolution = 224, classes = 1000): Workload => vgg(19, resolution, classes);
