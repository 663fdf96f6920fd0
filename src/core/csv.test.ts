import { csvParse, csvParseRows } from 'd3-dsv';
import { describe, expect, it } from 'vitest';
import { csvCell, csvColumns, csvLines, toCsv } from './csv';

describe('CSV cells', () => {
  it('neutralises formula-looking text and leaves numbers alone', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-cmd')).toBe("'-cmd");
    expect(csvCell('-1.5')).toBe('-1.5');
    expect(csvCell('conv1')).toBe('conv1');
    expect(csvCell(-3)).toBe(-3);
    expect(csvCell(true)).toBe(true);
    expect(csvCell(undefined)).toBe('');
  });

  it('writes the union of columns in first-seen order, and the text parses back to the same cells', () => {
    const rows = [
      { layer: 'conv1', macs: 118013952, fused: true },
      { layer: 'b, "quoted"\nname', bytes: 2048 },
      { layer: '=1+1', macs: 0 },
    ];
    expect(csvColumns(rows)).toEqual(['layer', 'macs', 'fused', 'bytes']);
    const parsed = csvParse(toCsv(rows));
    expect(parsed.columns).toEqual(['layer', 'macs', 'fused', 'bytes']);
    expect(parsed).toHaveLength(3);
    expect(parsed[0]).toEqual({ layer: 'conv1', macs: '118013952', fused: 'true', bytes: '' });
    expect(parsed[1]?.layer).toBe('b, "quoted"\nname');
    expect(parsed[2]?.layer).toBe("'=1+1");
  });

  it('writes arrays of cells with the same escaping (the CLI writers), quoting what needs quotes', () => {
    const text = csvLines([
      ['index', 'workload', 'latencyMs'],
      [0, '=cmd|calc', 1.25],
      [1, 'net, "v2"', Number.POSITIVE_INFINITY],
      [2, '-x', -3],
    ]);
    expect(text.split('\n')[1]).toBe("0,'=cmd|calc,1.25");
    expect(csvParseRows(text)).toEqual([
      ['index', 'workload', 'latencyMs'],
      ['0', "'=cmd|calc", '1.25'],
      ['1', 'net, "v2"', 'Infinity'],
      ['2', "'-x", '-3'],
    ]);
  });
});
