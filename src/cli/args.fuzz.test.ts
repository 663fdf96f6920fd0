import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyChar16, FUZZ_RUNS, resultOrTyped } from '../../test/fuzz';
import { intFlag, numFlag, parseFlags, UsageError } from './args';

/**
 * Fuzzing the CLI flag parser (issue 9): any argv gives a one-line UsageError naming the flag, or
 * values of the declared types within range. Replay a failure with fc.assert(p, { seed, path }).
 */
const SEED = 0x25_95_2026;
const opts = { seed: SEED, numRuns: FUZZ_RUNS };

const OPTIONS = {
  json: { type: 'boolean' },
  seed: { type: 'string' },
  workload: { type: 'string', multiple: true },
  'area-max': { type: 'string' },
} as const;

/** The error, checked: a UsageError whose message is one non-empty line. */
function usage(fn: () => unknown, flag?: string): unknown {
  return resultOrTyped(fn, UsageError, (e) => {
    expect(e.message).not.toMatch(/[\n\r]/);
    if (flag) expect(e.message).toContain(`--${flag}`);
  });
}

const token = fc.oneof(
  fc.constantFrom(
    '--json',
    '--seed',
    '--workload',
    '--area-max',
    '--seed=7',
    '--json=1',
    '--',
    '-',
    '-j',
    '--frob',
    '---x',
  ),
  fc.constantFrom('1', '-1', '0x10', '', ' ', 'mobilenet_v2', '--seed\n2', '\u0000'),
  fc.string({ maxLength: 8, unit: anyChar16 }),
);
/** Text a user could type for a number: digits, signs, exponents, spaces, words, control characters. */
const numberText = fc.oneof(
  fc.integer({ min: -1e6, max: 1e10 }).map(String),
  fc.double().map(String),
  fc.constantFrom('', ' ', '-0', '+5', '1e3', '1.0', '0x1f', '0b11', 'Infinity', '-Infinity', 'NaN', '9'.repeat(400)),
  fc.constantFrom('1\n2', ' 7 ', '\t3', '١٢', '５', '1_000', '1,5'),
  fc.string({ maxLength: 6, unit: fc.constantFrom(...'0123456789-+.eE x\n'.split('')) }),
);

describe(`CLI flag parser fuzz (fast-check seed ${SEED}, up to ${FUZZ_RUNS} runs per property)`, () => {
  it('parseFlags: any argv gives a one-line UsageError or values of the declared types', () => {
    fc.assert(
      fc.property(fc.array(token, { maxLength: 8 }), (argv) => {
        const v = usage(() => parseFlags(argv, OPTIONS)) as Record<string, unknown> | undefined;
        if (!v) return;
        for (const [k, x] of Object.entries(v)) {
          expect(Object.keys(OPTIONS)).toContain(k);
          const spec = OPTIONS[k as keyof typeof OPTIONS];
          if ('multiple' in spec) expect(Array.isArray(x) && x.every((s) => typeof s === 'string')).toBe(true);
          else expect(typeof x).toBe(spec.type);
        }
      }),
      opts,
    );
  });

  it('intFlag: a UsageError naming the flag, or a safe integer within [min, max]', () => {
    const bounds = fc.constantFrom<[number, number]>([0, 0xffffffff], [1, 1_000_000_000], [32, 1024], [0, 256]);
    fc.assert(
      fc.property(numberText, bounds, (raw, [min, max]) => {
        const v = usage(() => intFlag('seed', raw, min, max), 'seed');
        if (v === undefined) return;
        expect(Number.isSafeInteger(v)).toBe(true);
        expect(v as number).toBeGreaterThanOrEqual(min);
        expect(v as number).toBeLessThanOrEqual(max);
      }),
      opts,
    );
  });

  it('numFlag: a UsageError naming the flag, or a finite number within [min, max]', () => {
    const bounds = fc.constantFrom<[number, number]>([1e-6, 1e9], [0, 1], [0, 100], [1e-9, 1e12]);
    fc.assert(
      fc.property(numberText, bounds, (raw, [min, max]) => {
        const v = usage(() => numFlag('area-max', raw, min, max), 'area-max');
        if (v === undefined) return;
        expect(Number.isFinite(v)).toBe(true);
        expect(v as number).toBeGreaterThanOrEqual(min);
        expect(v as number).toBeLessThanOrEqual(max);
      }),
      opts,
    );
  });

  it('required and defaulted flags', () => {
    expect(usage(() => intFlag('budget', undefined, 1, 10), 'budget')).toBeUndefined();
    expect(intFlag('workers', undefined, 0, 256, 0)).toBe(0);
    expect(numFlag('alpha', undefined, 0, 1)).toBeUndefined();
  });
});
