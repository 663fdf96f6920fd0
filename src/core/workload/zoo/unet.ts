import { NetBuilder, type Shape } from '../builder';
import type { Workload } from '../workload';

/**
 * Original U-Net (Ronneberger et al., MICCAI 2015, arXiv 1505.04597), Fig. 1: a contracting path
 * of levels with 64, 128, 256, 512, 1024 channels, each two unpadded 3×3 convs (ReLU) followed by
 * a 2×2/2 max pool (except the bottom level); an expansive path that at each level up-samples
 * with a 2×2 "up-convolution" halving the channels, concatenates the correspondingly cropped
 * feature map of the contracting path, and applies two unpadded 3×3 convs; a final 1×1 conv maps
 * to the classes. "In total the network has 23 convolutional layers." No batch-norm (2015);
 * every conv has a bias. A 572×572 tile gives a 388×388 segmentation map.
 */
const LEVELS: readonly number[] = [64, 128, 256, 512, 1024];
const CONVS_PER_LEVEL = 2;

export function unet(resolution = 572, inChannels = 1, classes = 2): Workload {
  const input = { c: inChannels, h: resolution, w: resolution };
  const b = new NetBuilder(input);
  const plain = { pad: 'valid', bias: true, bn: false } as const;
  const skips: Shape[] = [];
  LEVELS.forEach((width, lvl) => {
    for (let i = 0; i < CONVS_PER_LEVEL; i++) b.conv(width, 3, { ...plain, name: `down${lvl + 1}.conv${i + 1}` });
    if (lvl < LEVELS.length - 1) {
      skips.push(b.shape);
      b.pool('max', 2, { stride: 2, name: `down${lvl + 1}.pool` });
    }
  });
  for (let lvl = LEVELS.length - 2; lvl >= 0; lvl--) {
    const width = LEVELS[lvl] as number;
    const skip = skips[lvl] as Shape;
    const name = `up${lvl + 1}`;
    b.convT(width, 2, { stride: 2, bias: true, bn: false, name: `${name}.upconv` });
    const { h, w } = b.shape;
    if (h < 1 || skip.h < h || skip.w < w) {
      throw new Error(`U-Net input ${resolution} is too small: cannot crop ${skip.h}×${skip.w} to ${h}×${w}`);
    }
    // Crop of the skip to the up-sampled size: a strided read, no arithmetic, so no layer. The
    // paper picks tiles (572, or 572 ± 16·n) whose pooled sizes are even; others crop off-centre.
    b.concat([{ c: skip.c, h, w, src: skip.src }, b.shape], { name: `${name}.concat` });
    for (let i = 0; i < CONVS_PER_LEVEL; i++) b.conv(width, 3, { ...plain, name: `${name}.conv${i + 1}` });
  }
  b.conv(classes, 1, { ...plain, name: 'head' });
  return {
    id: 'unet',
    name: 'U-Net (original)',
    input,
    layers: b.layers,
    source: { kind: 'zoo', builder: 'unet', reference: 'Ronneberger et al. 2015, Fig. 1 (arXiv 1505.04597)' },
  };
}
