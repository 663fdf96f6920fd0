import { closeSync, openSync, writeSync } from 'node:fs';
import { EDGETPU } from '../core/arch/index';
import { LoggedArrowWriter, segmentBatch } from '../core/prime/arrow';
import { loggedSegments, PRIME_APPLICATIONS, runSegment, shardSegments } from '../core/prime/logged';
import { loggedCsvHeader, segmentCsv, segmentJsonl } from '../core/prime/logged-io';
import type { Workload } from '../core/workload/workload';
import { intFlag, numFlag, parseFlags, UsageError } from './args';
import { parseShard } from './dataset';
import { parseWorkloads } from './optimize';

/**
 * `dataset --logged --workload IDS|prime --count N --seed S --out FILE [--shard i/n] [--format csv|jsonl|arrow] [--area-max A]`
 * PRIME-like logged data (src/core/prime/logged.ts): N logged designs per application, from
 * evolution / BO / random-search trajectories at several seeds and area limits mixed with random
 * designs, one row per design with its `source`. `--workload prime` is the PRIME-like application
 * set. Shard i of n holds segments [⌊iS/n⌋, ⌊(i+1)S/n⌋) of the S segments (applications in order);
 * only shard 0 writes the CSV header, so the shards concatenated are byte-identical to the whole file
 * (Arrow: one IPC file per shard, a record batch per segment; read the shards together).
 * Prints rows, the infeasible share and rows/s.
 */
export async function loggedDatasetCommand(argv: string[], out: (s: string) => void): Promise<number> {
  const f = parseFlags(argv, {
    workload: { type: 'string' },
    count: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    shard: { type: 'string' },
    format: { type: 'string' },
    'area-max': { type: 'string' },
  });
  const count = intFlag('count', f.count, 1, 1_000_000);
  const seed = intFlag('seed', f.seed, 0, 0xffffffff);
  if (!f.out) throw new UsageError('--out is required');
  const format = f.format ?? (f.out.endsWith('.jsonl') ? 'jsonl' : f.out.endsWith('.arrow') ? 'arrow' : 'csv');
  if (format !== 'csv' && format !== 'jsonl' && format !== 'arrow')
    throw new UsageError(`--format must be csv | jsonl | arrow, got "${f.format}"`);
  const shard = parseShard(f.shard);
  const areaMax = numFlag('area-max', f['area-max'], 1e-6, 1e9) ?? EDGETPU.defaultAreaBudgetMm2;
  const { workloads } = parseWorkloads(f.workload === 'prime' ? PRIME_APPLICATIONS.join(',') : f.workload, undefined);
  const byId = new Map<string, Workload>(workloads.map((w) => [w.id, w]));
  if (byId.size !== workloads.length) throw new UsageError('--workload: an application is named twice');
  const all = loggedSegments({ applications: workloads.map((w) => w.id), rowsPerApplication: count, seed });
  const segs = shardSegments(all, shard.index, shard.count);

  const t0 = performance.now();
  const fd = openSync(f.out, 'w');
  let rows = 0;
  let infeasible = 0;
  const arrow = format === 'arrow' ? new LoggedArrowWriter() : undefined;
  try {
    if (format === 'csv' && shard.index === 0) writeSync(fd, loggedCsvHeader(EDGETPU));
    for (const seg of segs) {
      const r = await runSegment(seg, EDGETPU, byId.get(seg.application) as Workload);
      if (arrow) arrow.write(segmentBatch(EDGETPU, r, areaMax));
      else writeSync(fd, format === 'csv' ? segmentCsv(EDGETPU, r, areaMax) : segmentJsonl(EDGETPU, r, areaMax));
      rows += seg.length;
      for (let k = 0; k < seg.length; k++)
        if (!(r.simFeasible[k] === 1 && (r.areaMm2[k] as number) <= areaMax)) infeasible++;
    }
    if (arrow) writeSync(fd, arrow.finish());
  } finally {
    closeSync(fd);
  }
  const s = (performance.now() - t0) / 1000;
  const first = segs[0];
  const last = segs[segs.length - 1];
  const range = first && last ? `designs ${first.start}…${last.start + last.length - 1}` : 'no designs';
  out(
    `logged dataset: segments ${segs.length ? `${segs[0]?.index}…${last?.index}` : '—'} of ${all.length} (${range}) → ${rows} rows in ${f.out}; ` +
      `${rows ? ((100 * infeasible) / rows).toFixed(1) : '—'} % infeasible at ${areaMax} mm²; ${Math.round(rows / Math.max(s, 1e-9))} rows/s`,
  );
  return 0;
}
