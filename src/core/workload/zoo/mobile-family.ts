import { edgeTpuResolution, efficientnetB0, efficientnetEdgeTpu, efficientnetLite0 } from './efficientnet';
import type { ZooEntry } from './entry';
import { mnasnet } from './mnasnet';
import { mobilenetEdgeTpu } from './mobilenet-edgetpu';
import { mobilenetV1 } from './mobilenet-v1';
import { mobilenetV3Large, mobilenetV3Small } from './mobilenet-v3';

/**
 * The mobile / Edge TPU family of the zoo, in display order (the lead merges it into ZOO next to
 * MobileNetV2). Reference strings name the figure each model is tested against
 * (mobile-family.test.ts); MACs follow REFERENCE.md §1 (conv + FC + SE FC multiply-accumulates).
 */
export const MOBILE_ZOO: ZooEntry[] = [
  {
    id: 'mobilenet_v1',
    name: 'MobileNetV1 1.0',
    defaultInput: 224,
    reference: 'TF-slim mobilenet_v1 (1000 classes): 568.74 M MACs, 4,231,976 params',
    build: (r) => mobilenetV1(r),
  },
  {
    id: 'mobilenet_v3_large',
    name: 'MobileNetV3-Large 1.0',
    defaultInput: 224,
    reference: 'torchvision mobilenet_v3_large: 216.59 M MACs, 5,483,032 params',
    build: (r) => mobilenetV3Large(r),
  },
  {
    id: 'mobilenet_v3_small',
    name: 'MobileNetV3-Small 1.0',
    defaultInput: 224,
    reference: 'torchvision mobilenet_v3_small: 56.51 M MACs, 2,542,856 params',
    build: (r) => mobilenetV3Small(r),
  },
  {
    id: 'mobilenet_edgetpu',
    name: 'MobileNet-EdgeTPU 1.0',
    defaultInput: 224,
    reference: 'TF-slim mobilenet_v3 V3_EDGETPU (1001 classes): 990.67 M MACs, 4,092,713 params',
    build: (r) => mobilenetEdgeTpu(r),
  },
  {
    id: 'mnasnet1_0',
    name: 'MnasNet 1.0 (B1, no SE)',
    defaultInput: 224,
    reference: 'torchvision mnasnet1_0: 314.42 M MACs, 4,383,312 params',
    build: (r) => mnasnet(r),
  },
  {
    id: 'efficientnet_b0',
    name: 'EfficientNet-B0',
    defaultInput: 224,
    reference: 'torchvision efficientnet_b0: 385.81 M MACs, 5,288,548 params',
    build: (r) => efficientnetB0(r),
  },
  {
    id: 'efficientnet_lite0',
    name: 'EfficientNet-Lite0',
    defaultInput: 224,
    reference: 'timm tf_efficientnet_lite0: 4,652,008 params, 0.4 GMACs (TF lite README: 4.7 M, 407 M MAdds)',
    build: (r) => efficientnetLite0(r),
  },
  {
    id: 'efficientnet_edgetpu_s',
    name: 'EfficientNet-EdgeTPU-S',
    defaultInput: edgeTpuResolution('S'),
    reference: 'efficientnet_edgetpu_builder (1001 classes): 1788.7 M MACs, 5,439,673 params',
    build: (r) => efficientnetEdgeTpu('S', r),
  },
  {
    id: 'efficientnet_edgetpu_m',
    name: 'EfficientNet-EdgeTPU-M',
    defaultInput: edgeTpuResolution('M'),
    reference: 'timm tf_efficientnet_em (240×240): 6.9 M params, 3.0 GMACs',
    build: (r) => efficientnetEdgeTpu('M', r),
  },
  {
    id: 'efficientnet_edgetpu_l',
    name: 'EfficientNet-EdgeTPU-L',
    defaultInput: edgeTpuResolution('L'),
    reference: 'timm tf_efficientnet_el (300×300): 10.6 M params, 8.0 GMACs',
    build: (r) => efficientnetEdgeTpu('L', r),
  },
];
