import { describe, expect, it } from 'vitest';
import { workloadTotals } from '../workload/workload';
import { buildZooModel, ZOO } from '../workload/zoo/index';
import { CONTEXT_DIMS, CONTEXT_FEATURES, workloadContext, workloadStats } from './context';

const feature = (v: Float32Array, name: (typeof CONTEXT_FEATURES)[number]) =>
  v[CONTEXT_FEATURES.indexOf(name)] as number;

describe('workload context vector', () => {
  it('counts the MACs of the IR (REFERENCE.md §1: MobileNetV2 300.77 M) and splits them by kind', () => {
    const s = workloadStats(buildZooModel('mobilenet_v2'));
    expect(s.macs / 1e6).toBeCloseTo(300.77, 0);
    expect(s.macs).toBe(workloadTotals(buildZooModel('mobilenet_v2')).macs);
    const shareSum = s.shares.conv + s.shares.pointwise + s.shares.depthwise + s.shares.fc + s.shares.lstm;
    expect(shareSum).toBeCloseTo(1, 12);
    // MobileNetV2 spends most MACs in 1×1 convolutions, a few % in depthwise ones.
    expect(s.shares.pointwise).toBeGreaterThan(0.8);
    expect(s.shares.depthwise).toBeGreaterThan(0.01);
    expect(s.params).toBe(3_504_872);
  });

  it('tells the families apart: no depthwise in ResNet-50, all-LSTM for the seq2seq encoder', () => {
    const r50 = workloadContext(buildZooModel('resnet50'));
    const mnv2 = workloadContext(buildZooModel('mobilenet_v2'));
    const lstm = workloadContext(buildZooModel('lstm_encoder'));
    expect(feature(r50, 'depthwiseShare')).toBe(0);
    expect(feature(lstm, 'lstmShare')).toBeCloseTo(1, 6);
    expect(feature(r50, 'logMacs')).toBeGreaterThan(feature(mnv2, 'logMacs'));
    expect(feature(r50, 'logParams')).toBeGreaterThan(feature(mnv2, 'logParams'));
  });

  it('is finite, roughly in [0, 1] and distinct for every zoo model (fixed normalisation)', () => {
    const seen = new Set<string>();
    for (const e of ZOO) {
      const v = workloadContext(e.build());
      expect(v).toHaveLength(CONTEXT_DIMS);
      for (const x of v) {
        expect(Number.isFinite(x)).toBe(true);
        expect(x).toBeGreaterThan(-0.5);
        expect(x).toBeLessThan(1.5);
      }
      seen.add(Array.from(v, (x) => x.toFixed(4)).join(','));
    }
    expect(seen.size).toBe(ZOO.length);
  });
});
