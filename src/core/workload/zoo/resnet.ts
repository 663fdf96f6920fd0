import { NetBuilder } from '../builder';
import type { Workload } from '../workload';

export type ResNetDepth = 18 | 34 | 50 | 101 | 152;

/**
 * He et al., "Deep Residual Learning" (CVPR 2016, arXiv 1512.03385), Table 1: the block kind and
 * the number of blocks in conv2_x … conv5_x for each depth.
 */
const TABLE: Record<ResNetDepth, { block: 'basic' | 'bottleneck'; repeats: readonly number[] }> = {
  18: { block: 'basic', repeats: [2, 2, 2, 2] },
  34: { block: 'basic', repeats: [3, 4, 6, 3] },
  50: { block: 'bottleneck', repeats: [3, 4, 6, 3] },
  101: { block: 'bottleneck', repeats: [3, 4, 23, 3] },
  152: { block: 'bottleneck', repeats: [3, 8, 36, 3] },
};

/** Base widths of conv2_x … conv5_x (Table 1); bottleneck blocks output 4× the base width. */
const WIDTHS: readonly number[] = [64, 128, 256, 512];
const EXPANSION = { basic: 1, bottleneck: 4 } as const;

/**
 * ResNet as torchvision `resnet18…152` builds it (the v1.5 variant: a bottleneck's stride sits on
 * its 3×3 conv, not its first 1×1). Convs have no bias and a BN; a block whose stride or width
 * changes projects its input with a 1×1 conv + BN ("option B", the `downsample`). Stage 2 keeps
 * the resolution, stages 3–5 halve it in their first block. Explicit paddings (3, 1, 0) give
 * PyTorch's output sizes at any input resolution.
 */
export function resnet(depth: ResNetDepth, resolution = 224, classes = 1000): Workload {
  const { block, repeats } = TABLE[depth];
  const input = { c: 3, h: resolution, w: resolution };
  const b = new NetBuilder(input);
  b.conv(64, 7, { stride: 2, pad: 3, name: 'conv1' });
  b.pool('max', 3, { stride: 2, pad: 1, name: 'maxpool' });
  repeats.forEach((n, stage) => {
    const width = WIDTHS[stage] as number;
    const out = width * EXPANSION[block];
    for (let i = 0; i < n; i++) {
      const stride = i === 0 && stage > 0 ? 2 : 1;
      const x = b.shape;
      const name = `layer${stage + 1}.${i}`;
      if (block === 'basic') {
        b.conv(width, 3, { stride, pad: 1, name: `${name}.conv1` });
        b.conv(width, 3, { pad: 1, name: `${name}.conv2` });
      } else {
        b.conv(width, 1, { pad: 0, name: `${name}.conv1` });
        b.conv(width, 3, { stride, pad: 1, name: `${name}.conv2` });
        b.conv(out, 1, { pad: 0, name: `${name}.conv3` });
      }
      const skip =
        stride !== 1 || x.c !== out
          ? b.fork(undefined, x).conv(out, 1, { stride, pad: 0, name: `${name}.downsample` }).shape
          : x;
      b.eltwise(2, { name: `${name}.add`, note: 'residual add', skip });
    }
  });
  b.pool('avg', 0, { name: 'avgpool' });
  b.fc(classes, { name: 'fc' });
  return {
    id: `resnet${depth}`,
    name: `ResNet-${depth}`,
    input,
    layers: b.layers,
    source: { kind: 'zoo', builder: `resnet${depth}`, reference: 'He et al. 2016, Table 1; torchvision resnet (v1.5)' },
  };
}

export const resnet18 = (resolution = 224, classes = 1000): Workload => resnet(18, resolution, classes);
export const resnet34 = (resolution = 224, classes = 1000): Workload => resnet(34, resolution, classes);
export const resnet50 = (resolution = 224, classes = 1000): Workload => resnet(50, resolution, classes);
export const resnet101 = (resolution = 224, classes = 1000): Workload => resnet(101, resolution, classes);
export const resnet152 = (resolution = 224, classes = 1000): Workload => resnet(152, resolution, classes);
