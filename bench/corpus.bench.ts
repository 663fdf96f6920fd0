/**
 * Network-study benchmark (`npm run bench:corpus`; not a test). Flags:
 *   --count N       unique networks to evaluate (default 100000)
 *   --workers 1,2   worker-thread counts to measure (default 1 and os.availableParallelism())
 *   --classes v1,v2,v3   --seed S (default 1)   --batch N (default 256)
 *   --train N --test M --epochs E   cost-model sizes (default 2000 / 500 / 200); --no-model skips it
 *   --no-throughput skips the corpus throughput part
 *   --json FILE     also write the figures as JSON
 *
 * Node side of issue 14's targets: networks per second of the corpus study (all classes per
 * network) per worker count, run until `count` unique networks are stored; then the learned cost
 * model per class: held-out and zoo (zero-shot) MAPE, share within ±10 %, Kendall τ, for latency
 * and energy, with prediction vs simulation time per network.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { createNodeCorpusPool } from '../src/cli/node-pool';
import { runCostStudy } from '../src/core/corpus/cost-study';
import { classDesigns } from '../src/core/corpus/evaluate';
import { CorpusRunner } from '../src/core/corpus/runner';
import { CorpusStore } from '../src/core/corpus/store';
import { initPrimeBackend } from '../src/core/prime/backend';
import { spaceSize } from '../src/core/workload/space/index';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const COUNT = Number(flag('count') ?? 100_000);
const SEED = Number(flag('seed') ?? 1);
const CLASSES = (flag('classes') ?? 'v1,v2,v3').split(',');
const WORKERS = (flag('workers') ?? [...new Set([1, availableParallelism()])].join(',')).split(',').map(Number);
const BATCH = Number(flag('batch') ?? 256);
const TRAIN = Number(flag('train') ?? 2000);
const TEST = Number(flag('test') ?? 500);
const EPOCHS = Number(flag('epochs') ?? 200);
const MODEL = !process.argv.includes('--no-model');

const figures: Record<string, unknown> = {
  space: 'edgetpu-nas',
  spaceSize: spaceSize().toString(),
  count: COUNT,
  classes: CLASSES,
  loadAverage: loadavg()[0],
};
const init = { space: 'edgetpu-nas' as const, seed: SEED, classes: classDesigns(CLASSES) };
const throughput: { workers: number; networksPerSecond: number; seconds: number; generated: number; unique: number }[] =
  [];
for (const w of process.argv.includes('--no-throughput') ? [] : WORKERS) {
  const pool = createNodeCorpusPool(init, { size: w });
  // Generate indices until COUNT unique networks are stored (duplicates are generated but dropped).
  let store = new CorpusStore({ space: 'edgetpu-nas', seed: SEED, count: COUNT, classes: CLASSES });
  const t0 = performance.now();
  await new CorpusRunner({ store, executor: pool, batchSize: BATCH, pipelineDepth: w + 1 }).run();
  while (store.length < COUNT) {
    const cp = store.checkpoint();
    cp.spec.count += COUNT - store.length;
    store = CorpusStore.fromCheckpoint(cp);
    await new CorpusRunner({ store, executor: pool, batchSize: BATCH, pipelineDepth: w + 1 }).run();
  }
  const s = (performance.now() - t0) / 1000;
  pool.terminate();
  const row = {
    workers: w,
    networksPerSecond: store.generated / s,
    seconds: s,
    generated: store.generated,
    unique: store.length,
  };
  throughput.push(row);
  console.log(
    `corpus ${CLASSES.join('+')}, ${w} worker(s): ${row.unique} unique of ${row.generated} networks in ${s.toFixed(1)} s = ${row.networksPerSecond.toFixed(0)} networks/s`,
  );
}
figures.throughput = throughput;

if (MODEL) {
  await initPrimeBackend();
  const models: unknown[] = [];
  for (const cls of init.classes) {
    const r = await runCostStudy({
      space: 'edgetpu-nas',
      seed: SEED,
      train: TRAIN,
      test: TEST,
      cls,
      training: { epochs: EPOCHS },
      now: () => performance.now(),
    });
    const f = (a: { mape: number; within10: number; kendall: number }) =>
      `MAPE ${a.mape.toFixed(2)} %, ±10 % ${(100 * a.within10).toFixed(1)} %, τ ${a.kendall.toFixed(3)}`;
    console.log(`cost model ${cls.id} (train ${r.trainNetworks}, ${r.trainSeconds.toFixed(0)} s):`);
    console.log(`  held-out latency ${f(r.heldOut)} | energy ${f(r.heldOutEnergy)} | MACs baseline ${f(r.baseline)}`);
    console.log(`  zoo zero-shot (${r.zoo.n}) latency ${f(r.zoo)} | energy ${f(r.zooEnergy)}`);
    console.log(
      `  predict ${r.predictUsPerNetwork.toFixed(1)} µs vs compile+simulate ${r.simulateUsPerNetwork.toFixed(1)} µs per network (${(r.simulateUsPerNetwork / r.predictUsPerNetwork).toFixed(1)}×); simulate compiled ${r.simulateCompiledUsPerNetwork.toFixed(1)} µs`,
    );
    const { model: _m, ...rest } = r;
    models.push({ ...rest, zoo: { ...r.zoo, models: r.zoo.models } });
  }
  figures.models = models;
}
const out = flag('json');
if (out) writeFileSync(out, JSON.stringify(figures, null, 2));
