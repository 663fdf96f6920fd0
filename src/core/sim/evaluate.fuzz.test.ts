import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_RUNS } from '../../../test/fuzz';
import { EDGETPU, SYSTOLIC, validateDesign } from '../arch';
import type { Design, DesignTemplate } from '../arch/types';
import { NetBuilder } from '../workload/builder';
import type { Workload } from '../workload/workload';
import { InvalidWorkloadError } from './compile';
import { evaluate, evaluateTotals, InvalidDesignError } from './evaluate';
import type { Evaluation } from './types';

/**
 * Fuzzing the simulator (issue 9): random 1–6 layer networks built with the IR (1×1 images, huge
 * channel counts, stride > kernel, 'valid' windows larger than the image, depthwise, FC, pooling,
 * transposed conv, LSTM) on random designs — grid values, the manual bounds of every parameter and
 * constant, and values beyond them. Each case is a typed error (InvalidDesignError naming the keys,
 * InvalidWorkloadError naming the layer) or an evaluation whose totals and per-layer columns are
 * finite and non-negative. Replay a failure with fc.assert(p, { seed, path }).
 */
const SEED = 0x51_3e_2026;
const TEMPLATES: Record<string, DesignTemplate> = { edgetpu: EDGETPU, systolic: SYSTOLIC };

/** Dimensions from the smallest to absurd (2^20 channels), weighted towards the ordinary. */
const dim = (small: number) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 1, max: small }) },
    { weight: 1, arbitrary: fc.constantFrom(1, 2, 3, 7, 1024, 4096, 2 ** 16, 2 ** 20) },
  );
const pad = fc.oneof(fc.constantFrom<'same' | 'valid'>('same', 'valid'), fc.integer({ min: 0, max: 4 }));
const stride = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 4 }) }, fc.constantFrom(8, 16, 64));
const kernel = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(1, 3, 5, 7) }, fc.integer({ min: 1, max: 15 }));

type Step = (b: NetBuilder) => void;
const step: fc.Arbitrary<Step> = fc.oneof(
  fc
    .record({ k: dim(64), r: kernel, stride, pad, bias: fc.boolean() })
    .map((o) => (b: NetBuilder) => b.conv(o.k, o.r, { stride: o.stride, pad: o.pad, bias: o.bias })),
  fc
    .record({ k: dim(16), r: kernel })
    .map((o) => (b: NetBuilder) => b.conv(o.k * b.shape.c, o.r, { groups: b.shape.c })),
  fc
    .record({ r: kernel, stride, pad, m: fc.integer({ min: 1, max: 4 }) })
    .map((o) => (b: NetBuilder) => b.dw(o.r, { stride: o.stride, pad: o.pad, multiplier: o.m })),
  fc.record({ k: dim(64), r: fc.integer({ min: 1, max: 4 }) }).map((o) => (b: NetBuilder) => b.convT(o.k, o.r)),
  dim(1000).map((k) => (b: NetBuilder) => b.fc(k)),
  fc
    .record({
      kind: fc.constantFrom<'max' | 'avg'>('max', 'avg'),
      r: fc.integer({ min: 0, max: 7 }),
      stride,
      ceil: fc.boolean(),
    })
    .map((o) => (b: NetBuilder) => b.pool(o.kind, o.r, { stride: o.stride, ceil: o.ceil })),
  fc.integer({ min: 1, max: 4 }).map((n) => (b: NetBuilder) => b.eltwise(n)),
  fc.constant((b: NetBuilder) => b.norm()),
  dim(64).map((sq) => (b: NetBuilder) => b.se(sq)),
  fc.record({ k: dim(512), t: fc.integer({ min: 1, max: 64 }) }).map((o) => (b: NetBuilder) => b.lstm(o.k, o.t)),
  // Graph edges: a residual block (skip across a conv) and a two-branch concatenation.
  kernel.map((r) => (b: NetBuilder) => {
    const x = b.shape;
    b.conv(x.c, r);
    if (b.shape.h === x.h && b.shape.w === x.w) b.eltwise(2, { skip: x });
  }),
  dim(64).map((k) => (b: NetBuilder) => {
    const x = b.shape;
    const left = b.fork().conv(k, 1).shape;
    b.concat([x, left]);
  }),
);

/** Random `from` lists (valid or not) on some layers: imported graphs with arbitrary edges. */
const edgesArb = fc.array(
  fc.option(fc.array(fc.oneof(fc.integer({ min: -1, max: 5 }), fc.constantFrom(-2, 0.5, 99)), { maxLength: 3 }), {
    nil: undefined,
    freq: 3,
  }),
  { maxLength: 6 },
);

/** A 1–6 layer workload on a random input (1×1 images included). */
const workloadArb: fc.Arbitrary<Workload> = fc
  .tuple(
    dim(64),
    fc.constantFrom(1, 2, 3, 7, 16, 32, 224),
    fc.constantFrom(1, 2, 5, 32, 224),
    fc.array(step, { minLength: 1, maxLength: 6 }),
    edgesArb,
  )
  .map(([c, h, w, steps, edges]) => {
    const b = new NetBuilder({ c, h, w });
    for (const s of steps) s(b);
    const layers = b.layers.slice(0, 6).map((l, i) => (edges[i] === undefined ? l : { ...l, from: edges[i] }));
    return {
      id: 'fuzz',
      name: 'fuzz',
      input: { c, h, w },
      layers,
      source: { kind: 'zoo', builder: 'fuzz', reference: 'fuzz' },
    };
  });

/** A value for one key: a grid value, a manual bound or off-grid value inside it, or (invalid) beyond. */
function valueArb(
  spec: { values?: readonly (number | string)[]; min?: number; max?: number; integer?: boolean; default?: number },
  invalid: boolean,
) {
  if (spec.values && typeof spec.values[0] === 'string') {
    return invalid ? fc.constantFrom<number | string>('', 'xs', 0) : fc.constantFrom(...spec.values);
  }
  const lo = spec.min ?? 1;
  const hi = spec.max ?? 2 ** 20;
  if (invalid) {
    return fc.constantFrom<number | string>(
      lo - 1,
      hi + 1,
      hi * 2,
      lo - 0.5 * Math.max(lo, 1),
      -1,
      2 ** 20 * hi,
      1e300,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      '8',
    );
  }
  const inside = spec.integer ? fc.integer({ min: lo, max: hi }) : fc.double({ min: lo, max: hi, noNaN: true });
  const grid = spec.values ? fc.constantFrom(...(spec.values as number[])) : fc.constant(spec.default ?? lo);
  return fc.oneof(
    { weight: 3, arbitrary: grid },
    { weight: 2, arbitrary: fc.constantFrom(lo, hi) },
    { weight: 1, arbitrary: inside },
  );
}

/** A design with every parameter, some constants, and (when `bad`) one key out of range. */
function designArb(t: DesignTemplate, bad: boolean): fc.Arbitrary<{ design: Design; badKey?: string }> {
  const params = fc.record(Object.fromEntries(t.params.map((p) => [p.key, valueArb(p, false)])));
  const constants = fc.record(Object.fromEntries(t.constants.map((c) => [c.key, valueArb(c, false)])), {
    requiredKeys: [],
  });
  const keys = [...t.params, ...t.constants];
  const breaker = bad
    ? fc.nat(keys.length - 1).chain((i) => {
        const spec = keys[i] as (typeof keys)[number];
        return valueArb(spec, true).map((v) => ({ key: spec.key, v }));
      })
    : fc.constant(undefined);
  return fc.tuple(params, constants, breaker).map(([p, c, br]) => {
    const design = { ...p, ...c } as Design;
    if (br) design[br.key] = br.v;
    return br ? { design, badKey: br.key } : { design };
  });
}

const caseArb = fc
  .tuple(fc.constantFrom('edgetpu', 'systolic'), fc.boolean())
  .chain(([id, bad]) => fc.tuple(fc.constant(id), designArb(TEMPLATES[id] as DesignTemplate, bad), fc.constant(bad)));

/** Numbers of an evaluation that are not finite and ≥ 0 (intensity may be +Infinity: no DRAM traffic). */
function problems(ev: Evaluation): string[] {
  const bad: string[] = [];
  for (const [k, v] of Object.entries(ev.totals)) {
    if (typeof v === 'number' && !(Number.isFinite(v) && v >= 0)) bad.push(`totals.${k} = ${v}`);
  }
  if (!(ev.totals.latencyCycles > 0)) bad.push(`latencyCycles = ${ev.totals.latencyCycles}`);
  const L = ev.layers;
  const cols: Record<string, Float64Array> = {
    macs: L.macs,
    computeCycles: L.computeCycles,
    memoryCycles: L.memoryCycles,
    overheadCycles: L.overheadCycles,
    cycles: L.cycles,
    dramBytes: L.dramBytes,
    energy: L.energy.total,
    energyMac: L.energy.mac,
    energyDram: L.energy.dram,
    energyLeak: L.energy.leakage,
    utilisation: L.utilisation,
    macsPerSecond: L.macsPerSecond,
    ...L.energy.sram,
  };
  for (const [k, col] of Object.entries(cols)) {
    col.forEach((v, i) => {
      if (!(Number.isFinite(v) && v >= 0)) bad.push(`layers.${k}[${i}] = ${v}`);
    });
  }
  L.intensity.forEach((v, i) => {
    if (Number.isNaN(v) || v < 0 || (v === Number.POSITIVE_INFINITY && L.dramBytes[i] !== 0))
      bad.push(`intensity[${i}] = ${v}`);
  });
  L.utilisation.forEach((u, i) => {
    if (u > 1 + 1e-9) bad.push(`utilisation[${i}] = ${u} > 1`);
  });
  if (!ev.feasible && ev.reasons.length === 0) bad.push('infeasible without a reason');
  return bad;
}

describe(`simulator fuzz (fast-check seed ${SEED}, ${FUZZ_RUNS} runs)`, () => {
  it('random IR networks × random designs: a typed error, or finite non-negative totals and per-layer columns', () => {
    const seen = { ok: 0, design: 0, workload: 0 };
    fc.assert(
      fc.property(caseArb, workloadArb, ([id, { design, badKey }, bad], wl) => {
        const t = TEMPLATES[id] as DesignTemplate;
        let ev: Evaluation;
        try {
          ev = evaluate(t, design, wl);
        } catch (e) {
          if (e instanceof InvalidDesignError) {
            expect(bad).toBe(true);
            expect(e.keys).toContain(badKey);
            expect(e.message).toContain(badKey);
            seen.design++;
            return;
          }
          if (e instanceof InvalidWorkloadError) {
            expect(wl.layers.map((l) => l.name)).toContain(e.layer);
            seen.workload++;
            return;
          }
          throw e;
        }
        expect(bad).toBe(false);
        expect(validateDesign(t, design)).toEqual([]);
        expect(problems(ev)).toEqual([]);
        // The optimizers' fast path gives the same totals, bit for bit.
        expect(evaluateTotals(t, design, wl)).toEqual(ev.totals);
        seen.ok++;
      }),
      { seed: SEED, numRuns: FUZZ_RUNS },
    );
    // The generators reach all three outcomes in volume.
    expect(Math.min(seen.ok, seen.design, seen.workload)).toBeGreaterThan(FUZZ_RUNS / 20);
  });
});
