import { describe, expect, it } from 'vitest';
import { SYSTOLIC } from '../arch';
import type { Design } from '../arch/types';
import { parseScaleSimCsv } from '../workload/import';
import { evaluate } from './evaluate';
import { scaleSimComputeCycles } from './scalesim';

/**
 * Hand-worked layers against SCALE-Sim v2's analytical compute cycles (REFERENCE.md §4):
 * OS: Sr = pixels, Sc = filters, T = R·S·C; WS: Sr = R·S·C, Sc = filters, T = pixels;
 * IS: Sr = R·S·C, Sc = pixels, T = filters; folds = ⌈Sr/rows⌉·⌈Sc/cols⌉;
 * WS, IS: (2·rows + cols + T − 2)·folds − 1; OS: folds·(T + rows + cols − 2).
 */
const CSV = [
  'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,',
  // A: 10×10 input, 3×3, C = 4, K = 8, stride 1 → 8×8 = 64 pixels, window 36.
  'A, 10, 10, 3, 3, 4, 8, 1,',
  // B: 9×9 (padded) input, 3×3, C = 3, K = 5, stride 2 → ⌈(9−3)/2⌉+1 = 4 → 16 pixels, window 27.
  'B, 9, 9, 3, 3, 3, 5, 2,',
  // C_DP: depthwise, 4 channels of 10×10, 3×3, 1 filter each → 4 layers of 64 pixels, window 9.
  'C_DP, 10, 10, 3, 3, 4, 1, 1,',
  // D: fully connected as a 1×1 "image": 1 pixel, window 100, 10 filters.
  'D, 1, 1, 1, 1, 100, 10, 1,',
].join('\n');

function systolic(rows: number, cols: number, dataflow: string, extra: Partial<Design> = {}): Design {
  return { ...(SYSTOLIC.presets['scalesim-default'] ?? {}), rows, cols, dataflow, ...extra };
}

function computeCycles(rows: number, cols: number, dataflow: string): number[] {
  const wl = parseScaleSimCsv(CSV, 'hand.csv');
  return Array.from(evaluate(SYSTOLIC, systolic(rows, cols, dataflow), wl).layers.computeCycles);
}

describe('systolic compute cycles = SCALE-Sim v2 (hand-worked)', () => {
  it('OS on a non-square 16×8 array', () => {
    // A: folds ⌈64/16⌉·⌈8/8⌉ = 4 → 4·(36 + 16 + 8 − 2) = 232.
    // B: folds ⌈16/16⌉·⌈5/8⌉ = 1 → 27 + 16 + 8 − 2 = 49.
    // C: per channel folds ⌈64/16⌉·⌈1/8⌉ = 4 → 4·(9 + 22) = 124; × 4 channels = 496.
    // D: folds ⌈1/16⌉·⌈10/8⌉ = 2 → 2·(100 + 22) = 244.
    expect(computeCycles(16, 8, 'os')).toEqual([232, 49, 496, 244]);
  });

  it('WS on a non-square 16×8 array', () => {
    // A: Sr 36, Sc 8, T 64: folds 3·1 → (32 + 8 + 64 − 2)·3 − 1 = 305.
    // B: Sr 27, Sc 5, T 16: folds 2·1 → (32 + 8 + 16 − 2)·2 − 1 = 107.
    // C: Sr 9, Sc 1, T 64: folds 1 → (32 + 8 + 64 − 2) − 1 = 101; × 4 = 404.
    // D: Sr 100, Sc 10, T 1: folds 7·2 = 14 → (32 + 8 + 1 − 2)·14 − 1 = 545.
    expect(computeCycles(16, 8, 'ws')).toEqual([305, 107, 404, 545]);
  });

  it('IS on a non-square 4×8 array with the strided layer', () => {
    // A: Sr 36, Sc 64, T 8: folds 9·8 = 72 → (8 + 8 + 8 − 2)·72 − 1 = 1583.
    // B: Sr 27, Sc 16, T 5: folds 7·2 = 14 → (8 + 8 + 5 − 2)·14 − 1 = 265.
    // C: Sr 9, Sc 64, T 1: folds 3·8 = 24 → (8 + 8 + 1 − 2)·24 − 1 = 359; × 4 = 1436.
    // D: Sr 100, Sc 1, T 10: folds 25·1 → (8 + 8 + 10 − 2)·25 − 1 = 599.
    expect(computeCycles(4, 8, 'is')).toEqual([1583, 265, 1436, 599]);
  });

  it('the exported formula agrees with the simulator on tall, wide and 1×1 arrays', () => {
    const wl = parseScaleSimCsv(CSV, 'hand.csv');
    const shapes: [number, number, number][] = [
      [64, 8, 36],
      [16, 5, 27],
      [64, 1, 9],
      [1, 10, 100],
    ];
    for (const df of ['os', 'ws', 'is']) {
      for (const [rows, cols] of [
        [1, 1],
        [128, 4],
        [4, 128],
        [7, 3],
      ] as const) {
        const got = evaluate(SYSTOLIC, systolic(rows, cols, df), wl).layers.computeCycles;
        shapes.forEach(([pixels, filters, window], i) => {
          const one = scaleSimComputeCycles(df as 'os', rows, cols, pixels, filters, window);
          expect(got[i], `${df} ${rows}×${cols} layer ${i}`).toBe(i === 2 ? 4 * one : one);
        });
      }
    }
  });

  it('adds no stall when bandwidth suffices, and DRAM time when it does not', () => {
    const wl = parseScaleSimCsv(CSV, 'hand.csv');
    const fast = evaluate(SYSTOLIC, systolic(16, 8, 'ws', { dramBandwidth: 1000 }), wl).layers;
    expect(Array.from(fast.cycles)).toEqual(Array.from(fast.computeCycles));
    const slow = evaluate(SYSTOLIC, systolic(16, 8, 'ws', { dramBandwidth: 0.01 }), wl).layers;
    // 0.01 GB/s at 1 GHz = 0.01 B/cycle: layer A moves 400 + 288 + 512 B (int8) = 1200 B → 120,000 cycles.
    expect(slow.dramBytes[0]).toBe(10 * 10 * 4 + 3 * 3 * 4 * 8 + 8 * 8 * 8);
    expect(slow.cycles[0]).toBeCloseTo(120_000, 6);
  });

  it('is infeasible, with the layer and SRAM named, when one fold of the stationary operand does not fit', () => {
    const wl = parseScaleSimCsv(CSV, 'hand.csv');
    const ev = evaluate(SYSTOLIC, systolic(256, 256, 'ws', { filterSramKiB: 1 }), wl);
    // A in WS: the stationary weights of one fold are min(36, 256)·min(8, 256) = 288 B, fits 1 KiB;
    // D: min(100, 256)·min(10, 256) = 1000 B fits; make the SRAM smaller than that with a bigger layer.
    expect(ev.feasible).toBe(true);
    const big = parseScaleSimCsv(`${CSV}\nE, 16, 16, 3, 3, 64, 128, 1,\n`, 'big.csv');
    const bad = evaluate(SYSTOLIC, systolic(256, 256, 'ws', { filterSramKiB: 16 }), big);
    expect(bad.feasible).toBe(false);
    expect(bad.reasons).toEqual([
      'layer E: one fold of stationary weights (256×128 = 32 KiB) does not fit the 16 KiB filter SRAM',
    ]);
  });
});
