import { NetBuilder } from '../builder';
import type { Workload } from '../workload';

/** A fire module (Iandola et al. 2016, Table 1): squeeze 1×1, then expand 1×1 ‖ expand 3×3. */
type Fire = readonly [squeeze: number, expand1x1: number, expand3x3: number];

/** One stage of the network: fire modules, then (except the last) a 3×3/2 max pool. */
type Stage = readonly Fire[];

interface SqueezeConfig {
  id: string;
  name: string;
  builder: string;
  /** Stem conv: output channels, kernel (stride 2, no padding). */
  stem: readonly [k: number, r: number];
  stages: readonly Stage[];
  reference: string;
}

/**
 * SqueezeNet 1.0: paper Table 1 (arXiv 1602.07360): conv1 96×7×7/2, maxpool, fire2–4, maxpool,
 * fire5–8, maxpool, fire9, conv10.
 */
const V1_0: SqueezeConfig = {
  id: 'squeezenet1_0',
  name: 'SqueezeNet 1.0',
  builder: 'squeezenet1_0',
  stem: [96, 7],
  stages: [
    [
      [16, 64, 64],
      [16, 64, 64],
      [32, 128, 128],
    ],
    [
      [32, 128, 128],
      [48, 192, 192],
      [48, 192, 192],
      [64, 256, 256],
    ],
    [[64, 256, 256]],
  ],
  reference: 'Iandola et al. 2016, Table 1; torchvision squeezenet1_0',
};

/**
 * SqueezeNet 1.1 (DeepScale/SqueezeNet v1.1 README): conv1 64×3×3/2 and the pools moved earlier
 * (after fire3 and fire5), same fire modules — "2.4× less computation".
 */
const V1_1: SqueezeConfig = {
  id: 'squeezenet1_1',
  name: 'SqueezeNet 1.1',
  builder: 'squeezenet1_1',
  stem: [64, 3],
  stages: [
    [
      [16, 64, 64],
      [16, 64, 64],
    ],
    [
      [32, 128, 128],
      [32, 128, 128],
    ],
    [
      [48, 192, 192],
      [48, 192, 192],
      [64, 256, 256],
      [64, 256, 256],
    ],
  ],
  reference: 'DeepScale SqueezeNet v1.1; torchvision squeezenet1_1',
};

/**
 * SqueezeNet as torchvision builds it: every conv has a bias and no batch-norm; max pools are
 * 3×3/2 with ceil_mode; the classifier is a 1×1 conv (bias) to the classes, then global pooling.
 */
function squeezenet(cfg: SqueezeConfig, resolution: number, classes: number): Workload {
  const input = { c: 3, h: resolution, w: resolution };
  const b = new NetBuilder(input);
  const plain = { bias: true, bn: false } as const;
  b.conv(cfg.stem[0], cfg.stem[1], { stride: 2, pad: 'valid', ...plain, name: 'conv1' });
  b.pool('max', 3, { stride: 2, ceil: true, name: 'maxpool1' });
  let fire = 1;
  cfg.stages.forEach((stage, si) => {
    for (const [sq, e1, e3] of stage) {
      fire += 1;
      const f = `fire${fire}`;
      b.conv(sq, 1, { pad: 0, ...plain, name: `${f}.squeeze` });
      const squeezed = b.shape;
      const left = b.fork().conv(e1, 1, { pad: 0, ...plain, name: `${f}.expand1x1` }).shape;
      const right = b.fork(undefined, squeezed).conv(e3, 3, { pad: 1, ...plain, name: `${f}.expand3x3` }).shape;
      b.concat([left, right], { name: `${f}.concat` });
    }
    if (si < cfg.stages.length - 1) b.pool('max', 3, { stride: 2, ceil: true, name: `maxpool${si + 2}` });
  });
  b.conv(classes, 1, { pad: 0, ...plain, name: 'conv10' });
  b.pool('avg', 0, { name: 'avgpool' });
  return {
    id: cfg.id,
    name: cfg.name,
    input,
    layers: b.layers,
    source: { kind: 'zoo', builder: cfg.builder, reference: cfg.reference },
  };
}

/** SqueezeNet 1.0 (torchvision squeezenet1_0: 0.819 GFLOPS (= G MACs), 1,248,424 params at 224). */
export function squeezenet1_0(resolution = 224, classes = 1000): Workload {
  return squeezenet(V1_0, resolution, classes);
}

/** SqueezeNet 1.1 (torchvision squeezenet1_1: 0.349 GFLOPS (= G MACs), 1,235,496 params at 224). */
export function squeezenet1_1(resolution = 224, classes = 1000): Workload {
  return squeezenet(V1_1, resolution, classes);
}
