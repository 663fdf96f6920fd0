/**
 * PRIME's nine applications as the zoo has them (EfficientNet-Lite0 stands in for
 * EfficientNet-EdgeTPU; PRIME's three detection models have no zoo counterpart, ResNet-50 is
 * added). A module of its own so the link schema and the page can name the set without
 * importing the logged-data generator.
 */
export const PRIME_APPLICATIONS = [
  'mobilenet_edgetpu',
  'mobilenet_v2',
  'mobilenet_v3_large',
  'efficientnet_lite0',
  'resnet50',
  'unet',
  'lstm_encoder',
  'lstm_decoder',
] as const;

export type PrimeApplication = (typeof PRIME_APPLICATIONS)[number];

export function isPrimeApplication(id: string): id is PrimeApplication {
  return (PRIME_APPLICATIONS as readonly string[]).includes(id);
}
