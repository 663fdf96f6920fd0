import { describe, expect, it } from 'vitest';
import { kendallTau } from '../analysis/stats';
import { classification, mape } from './report';

describe('learned-model metrics', () => {
  it('Kendall τ: +1 for the same order, −1 for the reverse, scale-free', () => {
    const a = [1, 2, 3, 4, 5, 6];
    expect(
      kendallTau(
        a,
        a.map((v) => v * 10 + 3),
      ),
    ).toBe(1);
    expect(
      kendallTau(
        a,
        a.map((v) => Math.exp(-v)),
      ),
    ).toBe(-1);
  });

  it('Kendall τ-b matches a hand count with ties', () => {
    // Pairs of (a, b): 10 pairs; a has one tie (1,1), b has one tie (2,2).
    // a = [1, 1, 2, 3, 4], b = [1, 2, 2, 4, 3]:
    // concordant: (0,2) (0,3) (0,4) (1,3) (1,4) (2,3) (2,4) = 7; discordant: (3,4) = 1;
    // tied in a only: (0,1) = 1; tied in b only: (1,2) = 1. τ_b = (7 − 1) / √((7+1+1)(7+1+1)) = 6/9.
    expect(kendallTau([1, 1, 2, 3, 4], [1, 2, 2, 4, 3])).toBeCloseTo(6 / 9, 12);
  });

  it('Kendall τ is NaN for a constant ranking', () => {
    expect(kendallTau([1, 1, 1], [1, 2, 3])).toBeNaN();
  });

  it('MAPE in percent, skipping zero actuals', () => {
    expect(mape([1, 2, 4], [1.1, 1.8, 4])).toBeCloseTo((100 * (0.1 + 0.1 + 0)) / 3, 10);
    expect(mape([0, 2], [5, 3])).toBeCloseTo(50, 10);
  });

  it('accuracy and balanced accuracy on imbalanced labels', () => {
    // 9 negatives all right, 1 positive missed: accuracy 0.9, balanced (1 + 0) / 2.
    const labels = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    const c = classification(labels, new Array(10).fill(0));
    expect(c.accuracy).toBeCloseTo(0.9, 12);
    expect(c.balancedAccuracy).toBeCloseTo(0.5, 12);
  });
});
