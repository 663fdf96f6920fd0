/**
 * Coral's published time per inference, USB Accelerator (USB 3.0) on a desktop host, in ms:
 * "Edge TPU performance benchmarks", Table 1, coral.ai/docs/edgetpu/benchmarks (REFERENCE.md §3
 * quotes the four calibration rows). `zoo` names the zoo model that is built for the row (at
 * `input` pixels), `proxy` says how it differs from the published model when it is not the same
 * network; rows without `zoo` have no counterpart in the zoo.
 */
export interface CoralRow {
  model: string;
  publishedMs: number;
  zoo?: string;
  input: number;
  /** The row's four calibration models (REFERENCE.md §3), asserted ±30 %. */
  calibration?: boolean;
  proxy?: string;
}

export const CORAL_PUBLISHED: readonly CoralRow[] = [
  { model: 'Unet Mv2 (128)', publishedMs: 3.3, input: 128 },
  { model: 'DeepLab V3 (513)', publishedMs: 52, input: 513 },
  { model: 'DenseNet (224)', publishedMs: 20, zoo: 'densenet121', input: 224 },
  { model: 'Inception v1 (224)', publishedMs: 3.4, zoo: 'googlenet', input: 224 },
  { model: 'Inception v4 (299)', publishedMs: 85, input: 299 },
  { model: 'Inception-ResNet V2 (299)', publishedMs: 57, input: 299 },
  { model: 'MobileNet v1 (224)', publishedMs: 2.4, zoo: 'mobilenet_v1', input: 224, calibration: true },
  { model: 'MobileNet v2 (224)', publishedMs: 2.6, zoo: 'mobilenet_v2', input: 224, calibration: true },
  { model: 'MobileNet v1 SSD (224)', publishedMs: 6.5, input: 224 },
  { model: 'MobileNet v2 SSD (224)', publishedMs: 7.2, input: 224 },
  { model: 'ResNet-50 V1 (299)', publishedMs: 49, zoo: 'resnet50', input: 299, calibration: true },
  { model: 'ResNet-50 V2 (299)', publishedMs: 50, zoo: 'resnet50', input: 299, proxy: 'v1.5, not pre-activation v2' },
  {
    model: 'ResNet-152 V2 (299)',
    publishedMs: 128,
    zoo: 'resnet152',
    input: 299,
    proxy: 'v1.5, not pre-activation v2',
  },
  {
    model: 'SqueezeNet (224)',
    publishedMs: 2.1,
    zoo: 'squeezenet1_1',
    input: 224,
    proxy: 'Coral does not state the version; 1.1 assumed',
  },
  { model: 'VGG16 (224)', publishedMs: 296, zoo: 'vgg16', input: 224, calibration: true },
  { model: 'VGG19 (224)', publishedMs: 308, zoo: 'vgg19', input: 224 },
  { model: 'EfficientNet-EdgeTpu-S (224)', publishedMs: 5.1, zoo: 'efficientnet_edgetpu_s', input: 224 },
  { model: 'EfficientNet-EdgeTpu-M (240)', publishedMs: 8.7, zoo: 'efficientnet_edgetpu_m', input: 240 },
];
