import { csvFormat, csvFormatRows } from 'd3-dsv';

/**
 * The one CSV writer of the app and the CLI. Quoting is d3-dsv's (RFC 4180: cells with a comma,
 * quote or newline are quoted, quotes doubled); on top of it every text cell goes through
 * `csvCell`, so a spreadsheet never runs one as a formula (OWASP "CSV injection": layer names,
 * workload ids and file names come from imported files and the command line, so they are
 * untrusted). Only formatting lives here: d3-dsv's object parsers build rows with `new Function`,
 * which the page's CSP forbids, so browser code parses with csvParseRows.
 */
export type CsvValue = string | number | boolean | null | undefined;

/**
 * A cell a spreadsheet will not run as a formula: text starting with = + @, a tab or CR, or a minus
 * not followed by a number gets a leading apostrophe. Numbers and booleans pass through (a
 * negative number is data, not a formula); null and undefined are empty cells.
 */
export function csvCell(v: CsvValue): string | number | boolean {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'string') return v;
  return /^[=+@\t\r]/.test(v) || /^-(?![\d.])/.test(v) ? `'${v}` : v;
}

/** Column names over all rows, in order of first appearance (rows of different layer kinds differ in keys). */
export function csvColumns(rows: readonly Record<string, unknown>[]): string[] {
  const cols = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) cols.add(k);
  return [...cols];
}

/** CSV text of objects: a header of `columns` (default: the union of all rows' keys, first-seen order), then one line per row. */
export function toCsv(
  rows: readonly Record<string, CsvValue>[],
  columns: readonly string[] = csvColumns(rows),
): string {
  const safe = rows.map((r) => {
    const out: Record<string, string | number | boolean> = {};
    for (const c of columns) out[c] = csvCell(r[c]);
    return out;
  });
  return csvFormat(safe, [...columns]);
}

/** CSV lines of arrays of cells (no trailing newline), e.g. a header row followed by data rows. */
export function csvLines(rows: readonly (readonly CsvValue[])[]): string {
  return csvFormatRows(rows.map((r) => r.map((v) => String(csvCell(v)))));
}
