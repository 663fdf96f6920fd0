import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importError } from '../../../../test/errors';
import { layerMacs, layerParams } from '../layer';
import { workloadTotals } from '../workload';
import { parseScaleSimCsv, scaleSimOut } from './scalesim';

const fixture = (f: string) => readFileSync(new URL(`../../../../test/fixtures/${f}`, import.meta.url), 'utf8');
const HEADER = 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,';

describe('SCALE-Sim convolution CSV', () => {
  const wl = parseScaleSimCsv(fixture('scalesim-mobilenet.csv'), 'scalesim-mobilenet.csv');
  const byName = new Map(wl.layers.map((l) => [l.name, l]));

  it('reads every row: blank line, "#dw" comment cell, tab indent, missing trailing comma', () => {
    expect(wl.layers.map((l) => l.name)).toEqual([
      'Conv1',
      'Conv2_DP',
      'Conv3',
      'Conv4_DP',
      'Conv5',
      'Conv6_DP',
      'Conv7',
      'FC',
    ]);
    expect(wl.input).toEqual({ c: 3, h: 224, w: 224 });
    expect(wl.source).toEqual({ kind: 'scalesim', file: 'scalesim-mobilenet.csv' });
    expect(byName.get('Conv7')).toMatchObject({ c: 128, k: 128, strideH: 1, strideW: 1 });
  });

  it('takes IFMAP as already padded and Hout = ceil((H - R)/stride) + 1 (topology_utils.py)', () => {
    const conv1 = byName.get('Conv1');
    // 224 with a 3x3 filter at stride 2: ceil(221/2) + 1 = 112 (floor would give 111).
    expect(conv1).toMatchObject({ op: 'conv', c: 3, h: 224, k: 32, p: 112, q: 112, padH: 0, padW: 0 });
    // SCALE-Sim's num_mac = Hout·Wout·R·S·C·K.
    expect(layerMacs(conv1 as never)).toBe(112 * 112 * 3 * 3 * 3 * 32);
    expect(conv1?.note).toMatch(/ceil/);
    expect(byName.get('Conv3')?.note).toBeUndefined();
  });

  it('maps AlexNet conv1 from SCALE-Sim alexnet.csv to the 55x55x96 output of Krizhevsky et al. 2012', () => {
    const w = parseScaleSimCsv(
      `${HEADER}\nConv1     ,224         ,224        ,11           ,11          ,3       ,96        ,4      ,\n`,
      'a.csv',
    );
    const l = w.layers[0];
    expect(l).toMatchObject({ p: 55, q: 55, k: 96 });
    // 105.4 M MACs, the figure usually quoted for AlexNet conv1.
    expect(layerMacs(l as never)).toBe(105_415_200);
    expect(scaleSimOut(224, 11, 4)).toBe(55);
  });

  it('runs a DP row as one depthwise layer whose MACs equal SCALE-Sim’s per-channel layers', () => {
    const dp = byName.get('Conv2_DP');
    expect(dp).toMatchObject({ op: 'depthwise', c: 32, k: 32, groups: 32, p: 110, q: 110 });
    // SCALE-Sim: 32 layers of (110·110 outputs · 3·3 window · 1 channel · 1 filter).
    expect(layerMacs(dp as never)).toBe(32 * (110 * 110 * 3 * 3 * 1 * 1));
    expect(dp?.note).toMatch(/32 single-channel layers/);
    const dp2 = byName.get('Conv4_DP');
    expect(dp2).toMatchObject({ op: 'depthwise', k: 64, p: 56, strideH: 2 });
    // A DP row with Num Filter 2: SCALE-Sim runs C layers of 1 channel and 2 filters = multiplier 2.
    const m = parseScaleSimCsv(`${HEADER}\nDW_DP, 10, 10, 3, 3, 4, 2, 1,\n`, 'm.csv').layers[0];
    expect(m).toMatchObject({ op: 'depthwise', c: 4, k: 8 });
    expect(layerMacs(m as never)).toBe(4 * (8 * 8 * 3 * 3 * 1 * 2));
    // "dp" in lower case is not depthwise: SCALE-Sim tests 'DP' in the name, case-sensitive.
    expect(parseScaleSimCsv(`${HEADER}\nconv_dp, 10, 10, 3, 3, 4, 2, 1,\n`, 'm.csv').layers[0]?.op).toBe('conv');
  });

  it('treats rows as weights-only convolutions: no bias, no batch-norm', () => {
    const fc = byName.get('FC');
    expect(fc).toMatchObject({ op: 'conv', bias: false, bn: false, p: 1, q: 1 });
    expect(layerParams(fc as never)).toBe(1024 * 1000);
  });

  it('reads an optional ninth column as the stride width', () => {
    const l = parseScaleSimCsv(`${HEADER}\nc, 20, 20, 3, 3, 1, 1, 1, 2,\n`, 'x.csv').layers[0];
    expect(l).toMatchObject({ strideH: 1, strideW: 2, p: 18, q: 10 });
  });

  it('gives the same workload for CRLF line ends, extra whitespace and blank lines', () => {
    const text = fixture('scalesim-mobilenet.csv');
    const crlf = `\r\n${text.replace(/\n/g, '\r\n\r\n').replace(/,/g, ' ,  ')}`;
    expect(parseScaleSimCsv(crlf, 'scalesim-mobilenet.csv').layers).toEqual(wl.layers);
  });
});

describe('SCALE-Sim GEMM CSV', () => {
  const wl = parseScaleSimCsv(fixture('gemm.csv'), 'gemm.csv');

  it('maps Layer,M,N,K to a 1x1 conv with M output pixels, N filters and a K-long window', () => {
    const rows = [
      [2048, 4096, 32],
      [32, 2048, 4096],
      [1024, 36548, 1632],
    ];
    expect(wl.layers).toHaveLength(3);
    wl.layers.forEach((l, i) => {
      const [m, n, k] = rows[i] as [number, number, number];
      // The quantities SCALE-Sim's dataflows use (REFERENCE.md §4): output pixels, filters, window.
      expect(l.p * l.q).toBe(m);
      expect(l.k).toBe(n);
      expect(l.r * l.s * l.c).toBe(k);
      expect(layerMacs(l)).toBe(m * n * k);
      expect(l).toMatchObject({ op: 'conv', bias: false, bn: false, padH: 0, strideH: 1 });
    });
    expect(wl.layers.map((l) => l.name)).toEqual(['1', '4', '13']);
  });

  it('accepts the trailing-comma form too', () => {
    const l = parseScaleSimCsv('Layer, M, N, K,\nqkv, 128, 768, 2304,\n', 'g.csv').layers[0];
    expect(l).toMatchObject({ c: 2304, h: 128, k: 768 });
  });
});

describe('SCALE-Sim CSV errors name the row and column', () => {
  const cases: [string, string, RegExp][] = [
    [`${HEADER}\nc1, 10, 10, 3, 3, 3.5, 8, 1,\n`, 'row 2: Channels', /3\.5/],
    [`${HEADER}\n\nc1, 10, 10, 3, 3, 3, -8, 1,\n`, 'row 3: Num Filter', /-8/],
    [`${HEADER}\nc1, 10, ten, 3, 3, 3, 8, 1,\n`, 'row 2: IFMAP Width', /ten/],
    [`${HEADER}\nc1, 10, 10, 3, 3, 3, 8\n`, 'row 2: Strides', /missing column/],
    [`${HEADER}\nc1, 10, 10, 3, 3, 3, 8, 0,\n`, 'row 2: Strides', /≥ 1/],
    [`${HEADER}\n, 10, 10, 3, 3, 3, 8, 1,\n`, 'row 2: Layer name', /empty/],
    [`${HEADER}\nc1, 2, 10, 3, 3, 3, 8, 1,\n`, 'row 2: Filter Height', /larger|>/],
    [`${HEADER}\nc1, 10, 10, 3, 3, 3, 8, 1, 1, 7,\n`, 'row 2: column 10', /unexpected/],
    ['Layer,M,N,K\ng, 4, 4, x\n', 'row 2: K', /x/],
    ['name,a,b\nc1,1,2\n', 'row 1: header', /header/],
    [`${HEADER}\nc1, 10, 10, 3, 3, 1000000000, 8, 1,\n`, 'row 2: Channels', /limit/],
    ['Layer,M,N,K\nhuge,200000,200000,200000\n', 'macs', /1e\+15/],
    ['', 'header', /empty/],
    [`${HEADER}\n\n`, 'layers', /no layer/],
  ];
  it.each(cases)('%j → %s', (text, field, message) => {
    const e = importError(() => parseScaleSimCsv(text, 'bad.csv'));
    expect(e.field).toBe(field);
    expect(e.message).toMatch(message);
  });

  // How fast it refuses is a benchmark (bench/import.bench.ts), not a test.
  it('rejects more than 10,000 rows, and accepts exactly 10,000', () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => `c${i}, 4, 4, 1, 1, 1, 1, 1,`).join('\n');
    expect(importError(() => parseScaleSimCsv(`${HEADER}\n${rows(10_001)}\n`, 'big.csv')).field).toBe('layers');
    expect(parseScaleSimCsv(`${HEADER}\n${rows(10_000)}\n`, 'limit.csv').layers).toHaveLength(10_000);
  });

  it('rejects files over 20 MiB before parsing', () => {
    const e = importError(() => parseScaleSimCsv(`${HEADER}\n${' '.repeat(20 * 1024 * 1024)}`, 'big.csv'));
    expect(e.field).toBe('file');
  });

  it('counts the fixture totals from its rows', () => {
    const t = workloadTotals(parseScaleSimCsv(fixture('gemm.csv'), 'gemm.csv'));
    expect(t.macs).toBe(2048 * 4096 * 32 + 32 * 2048 * 4096 + 1024 * 36548 * 1632);
  });
});
