import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_RUNS, resultOrTyped } from '../../test/fuzz';
import { EDGETPU, SYSTOLIC, TEMPLATES, validateDesign } from '../core/arch';
import type { DesignTemplate } from '../core/arch/types';
import { evaluateTotals } from '../core/sim';
import { NetBuilder } from '../core/workload/builder';
import type { Workload } from '../core/workload/workload';
import { UsageError } from './args';
import { designFromFlags, parseSet } from './design-flags';

/**
 * Fuzzing `--template / --preset / --set key=value,...` (issue 9): a one-line UsageError naming
 * the key or flag, or a design that validates and simulates to finite numbers — whatever the
 * values (0, negatives, 1e300, 2^20, the parameter bounds and just beyond). Replay: fc.assert(p, { seed, path }).
 */
const SEED = 0x5e_51_2026;
const opts = { seed: SEED, numRuns: FUZZ_RUNS };

const b = new NetBuilder({ c: 3, h: 32, w: 32 });
b.conv(16, 3, { stride: 2 }).dw(3).conv(32, 1).pool('avg', 0).fc(10);
/** A 5-layer network; passed uncompiled so each bytesPerElement gets its own compiled copy (cached). */
const TINY: Workload = {
  id: 'tiny',
  name: 'tiny',
  input: { c: 3, h: 32, w: 32 },
  layers: b.layers,
  source: { kind: 'zoo', builder: 'fuzz', reference: 'none' },
};

/** Values at, inside and beyond every parameter's and constant's bounds, and junk. */
function valueFor(t: DesignTemplate, key: string): fc.Arbitrary<string> {
  const p = t.params.find((x) => x.key === key);
  const c = t.constants.find((x) => x.key === key);
  const spec = p ?? c;
  const edges = [0, -1, 1, 2 ** 20, 1e300, -1e300, 0.5];
  if (spec?.min !== undefined) edges.push(spec.min, spec.min - 1, spec.min * 0.999);
  if (spec?.max !== undefined) edges.push(spec.max, spec.max + 1, spec.max * 1.001);
  const grid = p ? fc.constantFrom(...p.values).map(String) : fc.constant(String(c?.default ?? 1));
  return fc.oneof(
    { weight: 4, arbitrary: grid },
    { weight: 3, arbitrary: fc.constantFrom(...edges).map(String) },
    { weight: 1, arbitrary: fc.constantFrom('', 'abc', 'NaN', 'Infinity', '0x10', ' 8 ', 'os', 'ws', 'is', '1\n2') },
  );
}

/** `key=value,...` with known keys (parameters and constants), some unknown keys and malformed parts. */
function setArb(t: DesignTemplate): fc.Arbitrary<string> {
  const keys = [...t.params.map((p) => p.key), ...t.constants.map((c) => c.key)];
  const part = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...keys).chain((k) => valueFor(t, k).map((v) => `${k}=${v}`)) },
    { weight: 1, arbitrary: fc.constantFrom('foo=1', '=3', 'lanes', 'peX==2', ' ', '__proto__=1', 'constructor=2') },
  );
  return fc.array(part, { minLength: 0, maxLength: 6 }).map((ps) => ps.join(','));
}

const templateId = fc.constantFrom('edgetpu', 'systolic');
const presets = TEMPLATES.flatMap((t) => Object.keys(t.presets));

function usageOr<T>(fn: () => T): T | undefined {
  return resultOrTyped(fn, UsageError, (e) => {
    expect(e.message).not.toMatch(/[\n\r]/);
    expect(e.message).toMatch(/^--(set|template|preset)\b/);
  });
}

describe(`--set / --preset / --template fuzz (fast-check seed ${SEED}, up to ${FUZZ_RUNS} runs per property)`, () => {
  it('parseSet: a UsageError naming the key, or known keys with finite numbers (strings for enums)', () => {
    fc.assert(
      fc.property(
        templateId.chain((id) => fc.tuple(fc.constant(id), setArb(id === 'edgetpu' ? EDGETPU : SYSTOLIC))),
        ([id, raw]) => {
          const t = id === 'edgetpu' ? EDGETPU : SYSTOLIC;
          const d = usageOr(() => parseSet(t, raw));
          if (!d) return;
          for (const [k, v] of Object.entries(d)) {
            const p = t.params.find((x) => x.key === k);
            expect(p !== undefined || t.constants.some((c) => c.key === k)).toBe(true);
            if (p && typeof p.values[0] === 'string') expect(typeof v).toBe('string');
            else expect(Number.isFinite(v)).toBe(true);
          }
        },
      ),
      { seed: SEED, numRuns: 5_000 },
    );
  });

  it('designFromFlags: a UsageError, or a valid design that simulates to finite, non-negative totals', () => {
    let simulated = 0;
    fc.assert(
      fc.property(
        fc.option(templateId, { nil: undefined }),
        fc.option(fc.oneof(fc.constantFrom(...presets), fc.constantFrom('nope', '')), { nil: undefined }),
        templateId.chain((id) => setArb(id === 'edgetpu' ? EDGETPU : SYSTOLIC)),
        (template, preset, set) => {
          const r = usageOr(() => designFromFlags({ template, preset, set }));
          if (!r) return;
          expect(validateDesign(r.template, r.design)).toEqual([]);
          const tot = evaluateTotals(r.template, r.design, TINY);
          for (const [k, v] of Object.entries(tot)) {
            if (typeof v === 'number') expect(Number.isFinite(v) && v >= 0, `${k} = ${v}`).toBe(true);
          }
          simulated++;
        },
      ),
      opts,
    );
    expect(simulated).toBeGreaterThan(FUZZ_RUNS / 10);
  });
});
