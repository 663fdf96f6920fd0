import { closeSync, openSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { CLASS_COLUMNS, type CorpusBatch, hashAt, NET_COLUMNS } from '../core/corpus/batch';
import { type CorpusInit, classDesigns, createCorpusEvaluator } from '../core/corpus/evaluate';
import { summarizeCorpus } from '../core/corpus/insights';
import { createModelEvaluator } from '../core/corpus/model-evaluate';
import { type CorpusExecutor, CorpusRunner } from '../core/corpus/runner';
import { CorpusStore, shardRange } from '../core/corpus/store';
import { csvLines } from '../core/csv';
import { isSpaceId, SPACE_IDS } from '../core/workload/space/index';
import { intFlag, parseFlags, quoted, UsageError } from './args';
import { checkJson, modelClasses, predictedColumn, readModelFiles, withModels } from './corpus-model';
import { parseShard } from './dataset';
import { createNodeCorpusPool } from './node-pool';

/** Parses `--space` and `--classes` into a corpus worker's init, or a UsageError naming the flag. */
export function corpusInit(space: string | undefined, classes: string | undefined, seed: number): CorpusInit {
  const s = space ?? 'edgetpu-nas';
  if (!isSpaceId(s)) throw new UsageError(`--space must be one of ${SPACE_IDS.join(', ')}, got ${quoted(s)}`);
  const ids = (classes ?? 'v1,v2,v3').split(',').map((x) => x.trim());
  try {
    return { space: s, seed, classes: classDesigns(ids) };
  } catch (e) {
    throw new UsageError(`--${e instanceof Error ? e.message : String(e)}`);
  }
}

/** An executor: worker threads (workers ≥ 1) or this thread (0). `close` ends the threads. */
export function corpusExecutor(init: CorpusInit, workers: number): { executor: CorpusExecutor; close: () => void } {
  if (workers === 0) {
    const ev = init.models ? createModelEvaluator(init, init.models, init.checkEvery) : createCorpusEvaluator(init);
    return { executor: { run: async (idx, n) => ev.evaluate(idx, n) }, close: () => {} };
  }
  const pool = createNodeCorpusPool(init, { size: workers });
  return { executor: pool, close: () => pool.terminate() };
}

/**
 * CSV header of `--out`: index, hash, network features, then each metric of each class (`v1_latencyMs`, …);
 * a run evaluated by the learned model names its outputs `v1_predictedLatencyMs`, `v1_predictedEnergyMj`.
 */
export function corpusHeader(classes: readonly string[], predicted = false): string[] {
  const name = predicted ? predictedColumn : (m: string) => m;
  return ['index', 'hash', ...NET_COLUMNS, ...classes.flatMap((c) => CLASS_COLUMNS.map((m) => `${c}_${name(m)}`))];
}

function corpusRows(b: CorpusBatch, from: number, to: number): string {
  const rows: (string | number)[][] = [];
  const C = b.classes;
  for (let i = from; i < to; i++) {
    const row: (string | number)[] = [
      b.index[i] as number,
      hashAt(b, i),
      ...NET_COLUMNS.map((k) => b.net[k][i] as number),
    ];
    for (let c = 0; c < C; c++) for (const m of CLASS_COLUMNS) row.push(b.cls[m][i * C + c] as number);
    rows.push(row);
  }
  return csvLines(rows);
}

/**
 * `corpus --space edgetpu-nas --count N --seed S --classes v1,v2,v3 [--out FILE] [--shard i/n]
 *  [--workers N] [--batch N] [--model FILE[,FILE…] [--check-every K]] [--json]`: networks 0…N−1 of
 *  the space (shard i of n: [⌊iN/n⌋, ⌊(i+1)N/n⌋)) on each class. Prints `{ networks, unique,
 *  evaluator, classes: { id: { medianLatencyMs, p90LatencyMs, medianEnergyMj } }, insights }`;
 *  `--out` writes one CSV row per unique network (shard 0 writes the header, so shards
 *  concatenate; drop repeated hashes when merging shards). With `--model` (one exported cost model
 *  per class) the learned model predicts latency and energy instead of the simulator, every K-th
 *  network (default 50) is simulated too, and the output says `predicted: true` with a `check`
 *  block (MAPE, share within ±10 %, Kendall τ on the simulated sample).
 */
export async function corpusCommand(argv: string[], out: (s: string) => void): Promise<number> {
  const f = parseFlags(argv, {
    space: { type: 'string' },
    count: { type: 'string' },
    seed: { type: 'string' },
    classes: { type: 'string' },
    out: { type: 'string' },
    shard: { type: 'string' },
    workers: { type: 'string' },
    batch: { type: 'string' },
    model: { type: 'string' },
    'check-every': { type: 'string' },
    json: { type: 'boolean' },
  });
  const count = intFlag('count', f.count, 1, 100_000_000);
  const seed = intFlag('seed', f.seed, 0, 0xffffffff);
  const shard = parseShard(f.shard);
  const workers = intFlag('workers', f.workers, 0, 256, Math.min(availableParallelism(), 16));
  const batch = intFlag('batch', f.batch, 1, 100_000, 256);
  if (f['check-every'] !== undefined && !f.model) throw new UsageError('--check-every needs --model');
  const models = f.model ? readModelFiles(f.model) : undefined;
  let plain: CorpusInit;
  try {
    plain = corpusInit(f.space, f.classes ?? (models && modelClasses(models)), seed);
  } catch (e) {
    // Classes taken from the model files: a bad one is the files' fault, not a --classes flag.
    if (!models || f.classes || !(e instanceof UsageError)) throw e;
    throw new UsageError(e.message.replace(/^--classes/, '--model: classId'));
  }
  const init = models ? withModels(plain, models, f['check-every']) : plain;
  const predicted = init.models !== undefined;
  const classes = init.classes.map((c) => c.id);
  const store = new CorpusStore({
    space: init.space,
    seed,
    count,
    classes,
    shard,
    ...(predicted ? { evaluator: 'model' as const, checkEvery: init.checkEvery } : {}),
  });
  const fd = f.out ? openSync(f.out, 'w') : undefined;
  const { executor, close } = corpusExecutor(init, workers);
  try {
    if (fd !== undefined && shard.index === 0) writeSync(fd, `${csvLines([corpusHeader(classes, predicted)])}\n`);
    if (fd !== undefined) store.subscribe((from, to) => writeSync(fd, `${corpusRows(store.view(), from, to)}\n`));
    await new CorpusRunner({ store, executor, batchSize: batch, pipelineDepth: Math.max(2, workers) }).run();
  } finally {
    if (fd !== undefined) closeSync(fd);
    close();
  }
  const summary = summarizeCorpus(store.view(), classes, { predicted });
  const result = {
    networks: store.generated,
    unique: store.length,
    evaluator: predicted ? 'model' : 'simulator',
    ...(predicted ? { predicted: true, check: checkJson(store.view(), init, init.checkEvery ?? 0) } : {}),
    classes: Object.fromEntries(
      summary.classes.map((c) => [
        c.id,
        { medianLatencyMs: c.medianLatencyMs, p90LatencyMs: c.p90LatencyMs, medianEnergyMj: c.medianEnergyMj },
      ]),
    ),
    insights: summary.insights,
  };
  if (f.json) out(JSON.stringify(result, null, 2));
  else {
    const [lo, hi] = shardRange(store.spec);
    out(
      `corpus: networks ${lo}…${hi - 1} of ${count} (${init.space}, seed ${seed}): ${result.unique} unique of ${result.networks}${predicted ? ' — latency and energy PREDICTED by the learned model' : ''}`,
    );
    const tag = predicted ? ' (predicted)' : '';
    for (const c of summary.classes) {
      out(
        `  ${c.id}: median ${c.medianLatencyMs.toFixed(3)} ms, p90 ${c.p90LatencyMs.toFixed(3)} ms, median ${c.medianEnergyMj.toFixed(3)} mJ${tag}`,
      );
    }
    if (result.check)
      for (const [id, c] of Object.entries(result.check.classes))
        out(
          `  check ${id}: ${c.checked} networks simulated (1 in ${result.check.every}; ${c.inTraining} training networks left out): latency MAPE ${c.latency.mape} %, ${Math.round((c.latency.within10 ?? 0) * 100)} % within ±10 %, τ ${c.latency.kendall}; energy MAPE ${c.energy.mape} %`,
        );
    for (const s of summary.insights) out(`  - ${s}`);
    if (f.out) out(`  rows → ${f.out}`);
  }
  return 0;
}
