import { describe, expect, it } from 'vitest';
import { workloadTotals } from '../workload';
import { buildZooModel } from './index';

describe('MobileNetV2', () => {
  it('matches torchvision mobilenet_v2 (REFERENCE.md §1: 300.77 M MACs, 3,504,872 params)', () => {
    const t = workloadTotals(buildZooModel('mobilenet_v2'));
    expect(Math.abs(t.macs / 300.77e6 - 1)).toBeLessThan(0.005);
    expect(t.params).toBe(3_504_872);
  });
});

describe('zoo registry', () => {
  it('has every model the foundation issue lists, with unique ids, each building at its default input', async () => {
    const { ZOO } = await import('./index');
    const ids = ZOO.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [
      'mobilenet_v1',
      'mobilenet_v2',
      'mobilenet_v3_large',
      'mobilenet_v3_small',
      'mobilenet_edgetpu',
      'efficientnet_b0',
      'efficientnet_lite0',
      'efficientnet_edgetpu_s',
      'efficientnet_edgetpu_m',
      'efficientnet_edgetpu_l',
      'mnasnet1_0',
      'squeezenet1_0',
      'squeezenet1_1',
      'googlenet',
      'inception_v3',
      'resnet18',
      'resnet34',
      'resnet50',
      'resnet101',
      'resnet152',
      'vgg16',
      'vgg19',
      'densenet121',
      'unet',
      'lstm_encoder',
      'lstm_decoder',
    ]) {
      expect(ids).toContain(id);
    }
    for (const e of ZOO) {
      const t = workloadTotals(e.build());
      expect(t.macs, e.id).toBeGreaterThan(0);
      expect(Number.isFinite(t.params), e.id).toBe(true);
    }
  });

  it('rejects an unknown id with the list of known ones', () => {
    expect(() => buildZooModel('alexnet')).toThrow(/unknown workload "alexnet".*mobilenet_v2/);
  });
});
