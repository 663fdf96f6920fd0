/**
 * The learned cost model as the network study's evaluator (`npm run bench:corpus-eval`; not a test).
 * Flags:
 *   --count N        networks of the study (default 20000)
 *   --workers 1,2    worker-thread counts (default 1)
 *   --classes v1,v2,v3   --seed S (default 1)   --batch N (default 256)
 *   --train N --epochs E   training networks 0…N−1 of the seed per class (default 2000 / 200)
 *   --check-every K  simulated sample of the predicted study (default 50)
 *   --json FILE      also write the figures as JSON
 *
 * Trains one cost model per class (runCostStudy), then evaluates the same study — networks
 * 0…N−1 of the seed on every class — twice per worker count: with the simulator and with the
 * models (createModelEvaluator, one network in K also simulated). Reports networks/s of each, the
 * speed-up, and the predicted study's error on its simulated sample, the models' own training
 * networks left out (heldOutFrom) — the same figures the Network study tab shows.
 *
 * Last, the case against a design-conditioned model for design studies: on zoo CNNs (compiled
 * once, as a study compiles its workloads) over random `edgetpu` designs, microseconds per design
 * of the simulator (evaluateTotals) vs the model's features + forward pass (untrained weights of
 * the trained shape: the cost does not depend on their values).
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createNodeCorpusPool } from '../src/cli/node-pool';
import { EDGETPU } from '../src/core/arch/edgetpu';
import { decodeDesign } from '../src/core/arch/index';
import { COST_FEATURE_COUNT, costFeatures } from '../src/core/corpus/cost-features';
import type { CostModelJson } from '../src/core/corpus/cost-model';
import { CostModel } from '../src/core/corpus/cost-model';
import { runCostStudy } from '../src/core/corpus/cost-study';
import { type CorpusInit, classDesigns } from '../src/core/corpus/evaluate';
import { heldOutFrom, predictionCheck } from '../src/core/corpus/prediction-check';
import { CorpusRunner } from '../src/core/corpus/runner';
import { CorpusStore } from '../src/core/corpus/store';
import { Rng } from '../src/core/opt/rng';
import { initPrimeBackend } from '../src/core/prime/backend';
import { compileWorkload, evaluateTotals, newTotals } from '../src/core/sim/index';
import { ZOO } from '../src/core/workload/zoo/index';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const COUNT = Number(flag('count') ?? 20_000);
const SEED = Number(flag('seed') ?? 1);
const CLASSES = (flag('classes') ?? 'v1,v2,v3').split(',');
const WORKERS = (flag('workers') ?? '1').split(',').map(Number);
const BATCH = Number(flag('batch') ?? 256);
const TRAIN = Number(flag('train') ?? 2000);
const EPOCHS = Number(flag('epochs') ?? 200);
const EVERY = Number(flag('check-every') ?? 50);

const base: CorpusInit = { space: 'edgetpu-nas', seed: SEED, classes: classDesigns(CLASSES) };
await initPrimeBackend();
const models: CostModelJson[] = [];
for (const cls of base.classes) {
  const r = await runCostStudy({
    space: 'edgetpu-nas',
    seed: SEED,
    train: TRAIN,
    test: 20,
    cls,
    training: { epochs: EPOCHS },
    now: () => performance.now(),
  });
  models.push(r.model.toJSON());
  console.log(`cost model ${cls.id}: trained on networks 0…${TRAIN - 1} in ${r.trainSeconds.toFixed(0)} s`);
}

/** Runs networks 0…COUNT−1 with `init` on `w` worker threads; the store and networks/s. */
async function run(init: CorpusInit, w: number): Promise<{ store: CorpusStore; networksPerSecond: number }> {
  const pool = createNodeCorpusPool(init, { size: w });
  const store = new CorpusStore({ space: 'edgetpu-nas', seed: SEED, count: COUNT, classes: CLASSES });
  const t0 = performance.now();
  await new CorpusRunner({ store, executor: pool, batchSize: BATCH, pipelineDepth: w + 1 }).run();
  const s = (performance.now() - t0) / 1000;
  pool.terminate();
  return { store, networksPerSecond: store.generated / s };
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const rows: unknown[] = [];
for (const w of WORKERS) {
  const sim = await run(base, w);
  const pred = await run({ ...base, models, checkEvery: EVERY }, w);
  const check = predictionCheck(
    pred.store.view(),
    CLASSES,
    heldOutFrom({ space: 'edgetpu-nas', seed: SEED, models }, CLASSES.length),
  );
  console.log(
    `${COUNT} networks × ${CLASSES.join('+')}, ${w} worker(s): simulator ${sim.networksPerSecond.toFixed(0)} networks/s, ` +
      `learned model ${pred.networksPerSecond.toFixed(0)} networks/s (1 in ${EVERY} simulated) = ${(pred.networksPerSecond / sim.networksPerSecond).toFixed(2)}×`,
  );
  for (const c of check)
    console.log(
      `  ${c.id}: ${c.checked} checked (${c.inTraining} training networks left out): latency MAPE ${c.latency.mape.toFixed(2)} %, ` +
        `±10 % ${pct(c.latency.within10)}, τ ${c.latency.kendall.toFixed(3)}; energy MAPE ${c.energy.mape.toFixed(2)} %, ±10 % ${pct(c.energy.within10)}`,
    );
  rows.push({
    workers: w,
    simulatorNetworksPerSecond: sim.networksPerSecond,
    modelNetworksPerSecond: pred.networksPerSecond,
    speedup: pred.networksPerSecond / sim.networksPerSecond,
    check,
  });
}
// Design-study timing: the simulator on a compiled workload vs features + model per design.
const designTiming: unknown[] = [];
const rng = new Rng(SEED);
const sizes = EDGETPU.params.map((p) => p.values.length);
const designs = Array.from({ length: 400 }, () =>
  decodeDesign(
    EDGETPU,
    Int32Array.from(sizes, (k) => rng.int(k)),
    EDGETPU.presets['edgetpu-v1'],
  ),
);
const model = CostModel.fromJSON(models[0]);
const x = new Float32Array(COST_FEATURE_COUNT);
const t = newTotals();
for (const id of ['mobilenet_v2', 'efficientnet_b0', 'resnet50']) {
  const entry = ZOO.find((z) => z.id === id);
  if (!entry) continue;
  const wl = entry.build();
  const cw = compileWorkload(wl, 1);
  let simUs = Number.POSITIVE_INFINITY;
  let modelUs = Number.POSITIVE_INFINITY;
  for (let rep = 0; rep < 3; rep++) {
    const t0 = performance.now();
    for (const d of designs) evaluateTotals(EDGETPU, d, cw, t);
    const t1 = performance.now();
    for (const d of designs) {
      costFeatures(wl, d, x);
      model.predict(x, 1);
    }
    const t2 = performance.now();
    simUs = Math.min(simUs, ((t1 - t0) * 1000) / designs.length);
    modelUs = Math.min(modelUs, ((t2 - t1) * 1000) / designs.length);
  }
  designTiming.push({ workload: id, simulateUsPerDesign: simUs, modelUsPerDesign: modelUs });
  console.log(
    `design study, ${id}: simulator ${simUs.toFixed(1)} µs per design (compiled once), features + model ${modelUs.toFixed(1)} µs (${(simUs / modelUs).toFixed(2)}×)`,
  );
}

const out = flag('json');
if (out)
  writeFileSync(
    out,
    JSON.stringify(
      {
        count: COUNT,
        seed: SEED,
        classes: CLASSES,
        train: TRAIN,
        checkEvery: EVERY,
        loadAverage: loadavg()[0],
        rows,
        designTiming,
      },
      null,
      2,
    ),
  );
