import { NetBuilder } from '../builder';
import type { Workload } from '../workload';

/**
 * DenseNet-121 (Huang et al., "Densely Connected Convolutional Networks", CVPR 2017,
 * arXiv 1608.06993), Table 1: growth rate k = 32, dense blocks of 6, 12, 24, 16 layers, each layer
 * BN-ReLU-conv 1×1 (4k channels, the "B" bottleneck) then BN-ReLU-conv 3×3 (k channels); the
 * transitions (BN-ReLU-conv 1×1-avgpool 2×2) halve the channels ("C", compression θ = 0.5).
 */
const GROWTH = 32;
const BLOCKS: readonly number[] = [6, 12, 24, 16];
const STEM = 64;
const BN_SIZE = 4;
const COMPRESSION = 0.5;

/**
 * DenseNet-121 as torchvision `densenet121` builds it: conv0 7×7/2 + BN, max pool 3×3/2 (pad 1),
 * the dense blocks and transitions, a final BN (norm5), global pooling, FC (bias).
 *
 * Batch-norm placement (pre-activation): the BN that opens each dense layer and each transition
 * normalises a concatenation no conv has produced, so it is a stand-alone `norm` layer (read and
 * written in memory); the BN in the middle of a dense layer directly follows the 1×1 conv with
 * no nonlinearity in between, so it folds into that conv at inference (`bn: true`). Parameters
 * are the same either way (2 per channel). Each dense layer ends in a concatenation copy layer
 * (the block so far and the 32 new channels), so the simulator sees the block's tensors live.
 */
export function densenet121(resolution = 224, classes = 1000): Workload {
  const input = { c: 3, h: resolution, w: resolution };
  const b = new NetBuilder(input);
  b.conv(STEM, 7, { stride: 2, pad: 3, name: 'conv0' });
  b.pool('max', 3, { stride: 2, pad: 1, name: 'pool0' });
  BLOCKS.forEach((n, bi) => {
    const block = `denseblock${bi + 1}`;
    for (let i = 0; i < n; i++) {
      const x = b.shape;
      const name = `${block}.denselayer${i + 1}`;
      b.norm({ name: `${name}.norm1` });
      b.conv(BN_SIZE * GROWTH, 1, { pad: 0, bn: true, name: `${name}.conv1`, note: 'norm2 folded' });
      b.conv(GROWTH, 3, { pad: 1, bn: false, name: `${name}.conv2` });
      b.concat([x, b.shape], { name: `${name}.concat` });
    }
    if (bi < BLOCKS.length - 1) {
      const t = `transition${bi + 1}`;
      b.norm({ name: `${t}.norm` });
      b.conv(Math.floor(b.shape.c * COMPRESSION), 1, { pad: 0, bn: false, name: `${t}.conv` });
      b.pool('avg', 2, { stride: 2, name: `${t}.pool` });
    }
  });
  b.norm({ name: 'norm5' });
  b.pool('avg', 0, { name: 'avgpool' });
  b.fc(classes, { name: 'classifier' });
  return {
    id: 'densenet121',
    name: 'DenseNet-121',
    input,
    layers: b.layers,
    source: { kind: 'zoo', builder: 'densenet121', reference: 'Huang et al. 2017, Table 1; torchvision densenet121' },
  };
}
