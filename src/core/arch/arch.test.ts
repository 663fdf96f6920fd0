import { describe, expect, it } from 'vitest';
import {
  decodeDesign,
  designSpaceSize,
  EDGETPU,
  encodeDesign,
  isOnGrid,
  presetByName,
  presetNames,
  SYSTOLIC,
  TEMPLATES,
  templateById,
  validateDesign,
} from './index';
import { sramEnergyPjPerByte } from './tech';

const KiB = 1024;
const MiB = 1024 * KiB;

describe('edgetpu template = PRIME design space (REFERENCE.md §2)', () => {
  it('has exactly the ten parameters and value sets, 452,760,000 designs', () => {
    const values = Object.fromEntries(EDGETPU.params.map((p) => [p.key, p.values]));
    const pe = [1, 2, 4, 6, 8, 10, 12, 14, 16, 32];
    expect(values).toEqual({
      peX: pe,
      peY: pe,
      lanes: [4, 8, 16, 32, 64, 128, 256],
      cores: pe,
      peMemory: [256 * KiB, 512 * KiB, 1 * MiB, 2 * MiB, 4 * MiB, 8 * MiB, 16 * MiB],
      coreMemory: [4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096].map((k) => k * KiB),
      instructionMemory: [256, 512, 1024, 2048, 4096, 8192, 16384],
      parameterMemory: [8 * KiB, 16 * KiB, 32 * KiB, 64 * KiB],
      activationMemory: [2 * KiB, 4 * KiB, 8 * KiB, 16 * KiB, 32 * KiB],
      dramBandwidth: [5, 10, 16, 20, 25, 30],
    });
    expect(designSpaceSize(EDGETPU)).toBe(452_760_000);
  });

  it('lists search values ascending inside the manual range, with a doc sentence', () => {
    for (const t of TEMPLATES) {
      for (const p of t.params) {
        expect(p.doc.length).toBeGreaterThan(10);
        if (typeof p.values[0] === 'string') continue;
        const v = p.values as number[];
        for (let i = 1; i < v.length; i++) expect(v[i] as number).toBeGreaterThan(v[i - 1] as number);
        expect(v[0] as number).toBeGreaterThanOrEqual(p.min as number);
        expect(v[v.length - 1] as number).toBeLessThanOrEqual(p.max as number);
      }
    }
  });
});

describe('presets', () => {
  it('are valid designs of their templates and found by name', () => {
    for (const { name, template } of presetNames()) {
      const p = presetByName(name);
      expect(p?.template.id).toBe(template);
      expect(validateDesign(p?.template ?? EDGETPU, p?.design ?? {})).toEqual([]);
    }
    expect(presetNames().map((p) => p.name)).toEqual([
      'coral',
      'prime-baseline',
      'edgetpu-v1',
      'edgetpu-v2',
      'edgetpu-v3',
      'tpu-v1-like',
      'scalesim-default',
    ]);
    expect(presetByName('nope')).toBeUndefined();
    expect(templateById('systolic')).toBe(SYSTOLIC);
  });

  it('coral: 4 TOPS int8 = 2 TMAC/s peak and 8 MiB of PE memory (REFERENCE.md §3)', () => {
    const d = EDGETPU.presets.coral as Record<string, number>;
    const macsPerCycle = (d.peX as number) * (d.peY as number) * (d.cores as number) * (d.lanes as number);
    const tops = (2 * macsPerCycle * (d.clockMHz as number) * 1e6) / 1e12;
    expect(Math.abs(tops / 4 - 1)).toBeLessThan(0.05);
    expect((d.peX as number) * (d.peY as number) * (d.peMemory as number)).toBe(8 * MiB);
    // The host link is a few hundred MB/s (USB 3.0), far below the grid's 5 GB/s minimum.
    expect(d.dramBandwidth).toBeGreaterThan(0.1);
    expect(d.dramBandwidth).toBeLessThan(1);
  });

  it('prime-baseline sits at about PRIME’s 27 mm² budget, on the grid', () => {
    const d = EDGETPU.presets['prime-baseline'] ?? {};
    expect(EDGETPU.area(d).total).toBeGreaterThan(24);
    expect(EDGETPU.area(d).total).toBeLessThanOrEqual(27);
    expect(isOnGrid(EDGETPU, d)).toBe(true);
  });

  it('tpu-v1-like: 256×256 ws at 700 MHz = 92 TOPS with a 24 MiB unified buffer (Jouppi et al. 2017)', () => {
    const d = SYSTOLIC.presets['tpu-v1-like'] as Record<string, number | string>;
    expect(d.dataflow).toBe('ws');
    const tops = (2 * (d.rows as number) * (d.cols as number) * (d.clockMHz as number) * 1e6) / 1e12;
    expect(tops).toBeCloseTo(91.75, 1);
    expect(((d.ifmapSramKiB as number) + (d.ofmapSramKiB as number)) * KiB).toBe(24 * MiB);
  });
});

describe('validateDesign', () => {
  const coral = (): Record<string, number | string> => ({ ...(EDGETPU.presets.coral ?? {}) });
  const keys = (d: Record<string, number | string>, t = EDGETPU) => validateDesign(t, d).map((e) => e.key);

  it('names unknown keys, off-range values, wrong types, non-integers and missing params', () => {
    expect(keys({ ...coral(), bogus: 1 })).toEqual(['bogus']);
    expect(keys({ ...coral(), lanes: 4096 })).toEqual(['lanes']);
    expect(keys({ ...coral(), lanes: 'wide' })).toEqual(['lanes']);
    expect(keys({ ...coral(), cores: 2.5 })).toEqual(['cores']);
    expect(keys({ ...coral(), clockMHz: -1 })).toEqual(['clockMHz']);
    const d = coral();
    delete d.peX;
    expect(keys(d)).toEqual(['peX']);
    const s = { ...(SYSTOLIC.presets['scalesim-default'] ?? {}), dataflow: 'rs' };
    expect(keys(s, SYSTOLIC)).toEqual(['dataflow']);
    expect(validateDesign(EDGETPU, { ...coral(), lanes: 4096 })[0]?.message).toMatch(/lanes: 4096 .*1…1024/);
  });

  it('accepts off-grid values inside the manual range', () => {
    expect(validateDesign(EDGETPU, { ...coral(), lanes: 48, dramBandwidth: 3.2 })).toEqual([]);
  });
});

describe('encodeDesign / decodeDesign', () => {
  it('round-trips grid designs and keeps constants from the base', () => {
    const d = EDGETPU.presets['prime-baseline'] ?? {};
    const idx = encodeDesign(EDGETPU, d);
    expect(idx).toBeInstanceOf(Int32Array);
    expect(decodeDesign(EDGETPU, idx)).toEqual(d);
    const coral = EDGETPU.presets.coral ?? {};
    const back = decodeDesign(EDGETPU, encodeDesign(EDGETPU, coral), coral);
    expect(back.hostOverheadUs).toBe(coral.hostOverheadUs);
  });

  it('moves off-grid values to the nearest grid value in log distance', () => {
    const coral = EDGETPU.presets.coral ?? {};
    expect(isOnGrid(EDGETPU, coral)).toBe(false);
    const back = decodeDesign(EDGETPU, encodeDesign(EDGETPU, { ...coral, lanes: 48 }));
    expect(back.dramBandwidth).toBe(5);
    expect(back.lanes).toBe(64); // log(64/48) < log(48/32)
    const s = SYSTOLIC.presets['tpu-v1-like'] ?? {};
    expect(decodeDesign(SYSTOLIC, encodeDesign(SYSTOLIC, s)).ifmapSramKiB).toBe(8192);
    expect(decodeDesign(SYSTOLIC, encodeDesign(SYSTOLIC, s)).dataflow).toBe('ws');
  });
});

describe('technology constants', () => {
  it('SRAM energy per access grows as Horowitz (ISSCC 2014) measured: 8 KB : 32 KB : 1 MB = 10 : 20 : 100 pJ', () => {
    const e8 = sramEnergyPjPerByte(8 * KiB);
    expect(sramEnergyPjPerByte(32 * KiB) / e8).toBeCloseTo(2, 5);
    expect(Math.abs(sramEnergyPjPerByte(MiB) / e8 / 10 - 1)).toBeLessThan(0.15);
  });

  it('area grows with every size parameter of both templates', () => {
    for (const [t, base] of [
      [EDGETPU, EDGETPU.presets['prime-baseline']],
      [SYSTOLIC, SYSTOLIC.presets['scalesim-default']],
    ] as const) {
      for (const p of t.params) {
        if (typeof p.values[0] === 'string' || p.key === 'clockMHz') continue;
        const v = (base?.[p.key] as number) * 2;
        expect(t.area({ ...base, [p.key]: v }).total, p.key).toBeGreaterThan(t.area(base ?? {}).total);
        expect(t.areaTotal({ ...base, [p.key]: v })).toBeCloseTo(t.area({ ...base, [p.key]: v }).total, 9);
      }
    }
  });
});
