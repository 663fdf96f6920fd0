/**
 * The logged generator and its file forms (`npm run bench:prime -- --logged [--rows N] [--apps id,id]`;
 * not a test): per application of the PRIME-like set, N logged designs — generation rows/s (one
 * thread, the simulator and the optimizers' own work), the infeasible share at 27 mm², and for
 * CSV and Arrow IPC the bytes, write (format only, no disk) and read (file → PrimeDataset) MB/s
 * and rows/s.
 */
import { cpuUsage } from 'node:process';
import { EDGETPU } from '../src/core/arch/index';
import { LoggedArrowWriter, parseLoggedArrow, segmentBatch } from '../src/core/prime/arrow';
import { parseLoggedData } from '../src/core/prime/io';
import { loggedSegments, runSegment, type SegmentRows } from '../src/core/prime/logged';
import { loggedCsvHeader, segmentCsv } from '../src/core/prime/logged-io';
import { buildZooModel } from '../src/core/workload/zoo';

export interface LoggedRow {
  application: string;
  rows: number;
  /** Rows per second of CPU time (wall time on a shared machine is longer). */
  generateRowsPerCpuSecond: number;
  infeasibleShare: number;
  csv: FormatFigures;
  arrow: FormatFigures;
}
interface FormatFigures {
  bytes: number;
  writeMBps: number;
  readMBps: number;
  readRowsPerSecond: number;
}

const cpuSeconds = (f: () => void) => {
  const c = cpuUsage();
  f();
  const d = cpuUsage(c);
  return (d.user + d.system) / 1e6;
};

export async function benchLogged(apps: readonly string[], rows: number): Promise<LoggedRow[]> {
  const out: LoggedRow[] = [];
  for (const id of apps) {
    const wl = buildZooModel(id);
    const segs = loggedSegments({ applications: [id], rowsPerApplication: rows, seed: 1 });
    const parts: SegmentRows[] = [];
    const c0 = cpuUsage();
    for (const s of segs) parts.push(await runSegment(s, EDGETPU, wl));
    const c1 = cpuUsage(c0);
    const gen = (c1.user + c1.system) / 1e6;
    let bad = 0;
    for (const p of parts)
      for (let k = 0; k < p.segment.length; k++) if (!(p.simFeasible[k] === 1 && (p.areaMm2[k] as number) <= 27)) bad++;
    let csv = '';
    const csvWrite = cpuSeconds(() => {
      csv = loggedCsvHeader(EDGETPU) + parts.map((p) => segmentCsv(EDGETPU, p, 27)).join('');
    });
    const csvRead = cpuSeconds(() => parseLoggedData(csv, EDGETPU, { areaBudgetMm2: 27 }));
    let arrow: Uint8Array = new Uint8Array();
    const arrowWrite = cpuSeconds(() => {
      const w = new LoggedArrowWriter();
      for (const p of parts) w.write(segmentBatch(EDGETPU, p, 27));
      arrow = w.finish();
    });
    const arrowRead = cpuSeconds(() => parseLoggedArrow(arrow, EDGETPU, { areaBudgetMm2: 27 }));
    const fig = (bytes: number, w: number, r: number): FormatFigures => ({
      bytes,
      writeMBps: bytes / 1e6 / w,
      readMBps: bytes / 1e6 / r,
      readRowsPerSecond: rows / r,
    });
    out.push({
      application: id,
      rows,
      generateRowsPerCpuSecond: rows / gen,
      infeasibleShare: bad / rows,
      csv: fig(csv.length, csvWrite, csvRead),
      arrow: fig(arrow.length, arrowWrite, arrowRead),
    });
    console.error(`${id}: done`);
  }
  return out;
}

export function loggedTable(rows: LoggedRow[]): string[] {
  const mb = (b: number) => (b / 1e6).toFixed(1);
  const k = (v: number) => `${(v / 1000).toFixed(1)}k`;
  const lines = [
    '| application | rows | generate rows/s (CPU) | infeasible | CSV MB | CSV write MB/s | CSV read MB/s | CSV read rows/s | Arrow MB | Arrow write MB/s | Arrow read MB/s | Arrow read rows/s |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows)
    lines.push(
      `| ${r.application} | ${r.rows.toLocaleString('en-US')} | ${k(r.generateRowsPerCpuSecond)} | ${(100 * r.infeasibleShare).toFixed(1)} % | ${mb(r.csv.bytes)} | ${r.csv.writeMBps.toFixed(1)} | ${r.csv.readMBps.toFixed(1)} | ${k(r.csv.readRowsPerSecond)} | ${mb(r.arrow.bytes)} | ${r.arrow.writeMBps.toFixed(1)} | ${r.arrow.readMBps.toFixed(1)} | ${k(r.arrow.readRowsPerSecond)} |`,
    );
  return lines;
}
