import { makeDivisible, NetBuilder } from '../builder';
import type { Workload } from '../workload';

/** Sandler et al. Table 2 rows after the stem: [t expansion, c channels, n repeats, s stride]. */
export const MOBILENET_V2_BLOCKS: readonly (readonly [number, number, number, number])[] = [
  [1, 16, 1, 1],
  [6, 24, 2, 2],
  [6, 32, 3, 2],
  [6, 64, 4, 2],
  [6, 96, 3, 1],
  [6, 160, 3, 2],
  [6, 320, 1, 1],
];

/**
 * MobileNetV2 1.0 (Sandler et al., CVPR 2018, Table 2): inverted residual blocks
 * (t = expansion, c = channels, n = repeats, s = stride of the first repeat).
 * Matches torchvision mobilenet_v2: 300.77 M MACs, 3,504,872 params at 224×224.
 */
export function mobilenetV2(resolution = 224, widthMult = 1, classes = 1000): Workload {
  const b = new NetBuilder({ c: 3, h: resolution, w: resolution });
  b.conv(makeDivisible(32 * widthMult), 3, { stride: 2, pad: 1, name: 'stem' });
  let block = 0;
  for (const [t, c, n, s] of MOBILENET_V2_BLOCKS) {
    const out = makeDivisible(c * widthMult);
    for (let i = 0; i < n; i++) {
      block += 1;
      const x = b.shape;
      const inC = x.c;
      const stride = i === 0 ? s : 1;
      if (t !== 1) b.conv(inC * t, 1, { name: `b${block}_expand` });
      b.dw(3, { stride, pad: 1, name: `b${block}_dw` });
      b.conv(out, 1, { name: `b${block}_project` });
      if (stride === 1 && inC === out) b.eltwise(2, { name: `b${block}_add`, skip: x });
    }
  }
  b.conv(makeDivisible(1280 * Math.max(1, widthMult)), 1, { name: 'head' });
  b.pool('avg', 0, { name: 'gap' });
  b.fc(classes, { name: 'classifier' });
  return {
    id: 'mobilenet_v2',
    name: 'MobileNetV2 1.0',
    input: { c: 3, h: resolution, w: resolution },
    layers: b.layers,
    source: {
      kind: 'zoo',
      builder: 'mobilenetV2',
      reference: 'Sandler et al. 2018, Table 2; torchvision mobilenet_v2',
    },
  };
}
