/**
 * Soak benchmark (`npm run bench:soak`; not a test): one long study through the CLI's engine — the
 * study runner, the worker_threads evaluation pool and a columnar ResultsStore — while memory is
 * sampled every 100 ms. It shows whether memory stays bounded over 10⁶ evaluations: the store
 * should be the only thing that grows (≈ 51 bytes per row, docs/reliability.md#soak), and the V8
 * heap should stay flat. Flags:
 *   --budget N (default 1,000,000)  --optimizer random|evolution (default random)
 *   --workers N (default os.availableParallelism())  --json FILE
 * Task: MobileNetV2 latency under 27 mm² on the edgetpu template (prime-baseline constants).
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { createNodePool } from '../src/cli/node-pool';
import { studyTemplate, templateSizes } from '../src/core/study/sim-evaluator';
import type { StudySpec } from '../src/core/study/spec';
import { createStudyRunner } from '../src/core/study/study';
import { buildZooModel } from '../src/core/workload/zoo';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const BUDGET = Number(flag('budget') ?? 1_000_000);
const OPTIMIZER = (flag('optimizer') ?? 'random') as 'random' | 'evolution';
const WORKERS = Number(flag('workers') ?? availableParallelism());
if (!Number.isInteger(BUDGET) || BUDGET < 1) throw new Error(`--budget: a positive integer, got ${flag('budget')}`);
if (OPTIMIZER !== 'random' && OPTIMIZER !== 'evolution') throw new Error('--optimizer: random or evolution');

const MB = 1024 * 1024;
const mb = (b: number) => Math.round((b / MB) * 10) / 10;

const spec: StudySpec = {
  template: 'edgetpu',
  preset: 'prime-baseline',
  workloads: [{ id: 'mobilenet_v2' }],
  objective: 'latency',
  aggregation: 'geomean',
  constraints: { areaMm2: 27 },
  optimizer: { kind: OPTIMIZER },
  seed: 1,
  budget: BUDGET,
};
const workloads = [buildZooModel('mobilenet_v2')];
const sizes = templateSizes(studyTemplate(spec).template);

/** Memory of this process (main thread heap; RSS and array buffers include the worker threads). */
function sample() {
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss, arrayBuffers: m.arrayBuffers, external: m.external };
}

const peak = { heapUsed: 0, rss: 0, arrayBuffers: 0 };
let samples = 0;
/** Live heap at each tenth of the budget: its slope is what each evaluation keeps on the main thread. */
const byDecile: { evaluations: number; heapMb: number; rssMb: number; storeMb: number }[] = [];
let nextDecile = BUDGET / 10;

global.gc?.();
const before = sample();
const pool = createNodePool({ kind: 'study', spec, workloads }, { size: WORKERS });
const { runner, store } = createStudyRunner({
  spec,
  sizes,
  executor: pool,
  now: () => performance.now(),
  onProgress: (p) => {
    if (p.evaluations >= nextDecile) {
      global.gc?.(); // with --expose-gc (npm run bench:soak): live heap, not garbage awaiting collection
      const s = sample();
      byDecile.push({
        evaluations: p.evaluations,
        heapMb: mb(s.heapUsed),
        rssMb: mb(s.rss),
        storeMb: mb(store.byteLength),
      });
      nextDecile += BUDGET / 10;
    }
  },
});
const timer = setInterval(() => {
  const s = sample();
  samples++;
  peak.heapUsed = Math.max(peak.heapUsed, s.heapUsed);
  peak.rss = Math.max(peak.rss, s.rss);
  peak.arrayBuffers = Math.max(peak.arrayBuffers, s.arrayBuffers);
}, 100);

const t0 = performance.now();
let progress: Awaited<ReturnType<typeof runner.run>>;
try {
  progress = await runner.run();
} finally {
  clearInterval(timer);
  pool.terminate();
}
const seconds = (performance.now() - t0) / 1000;
const after = sample();
const heap = getHeapStatistics();

const report = {
  bench: 'soak-node',
  task: 'mobilenet_v2 latency, area ≤ 27 mm², edgetpu prime-baseline',
  optimizer: OPTIMIZER,
  budget: BUDGET,
  evaluations: store.length,
  state: progress.state,
  workers: WORKERS,
  seconds: Math.round(seconds * 10) / 10,
  evalsPerSecond: Math.round(store.length / seconds),
  bestObjective: progress.bestObjective,
  memoryMb: {
    heapUsedBefore: mb(before.heapUsed),
    heapUsedPeak: mb(peak.heapUsed),
    heapUsedAfter: mb(after.heapUsed),
    rssBefore: mb(before.rss),
    rssPeak: mb(peak.rss),
    arrayBuffersPeak: mb(peak.arrayBuffers),
    resultsStore: mb(store.byteLength),
    resultsStoreBytesPerRow: Math.round((store.byteLength / Math.max(1, store.length)) * 10) / 10,
    v8TotalHeap: mb(heap.total_heap_size),
    v8UsedHeap: mb(heap.used_heap_size),
    v8HeapLimit: mb(heap.heap_size_limit),
    v8Malloced: mb(heap.malloced_memory),
    v8PeakMalloced: mb(heap.peak_malloced_memory),
  },
  samples,
  byDecile,
  loadavg1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
};
console.log(JSON.stringify(report, null, 2));
const out = flag('json');
if (out) writeFileSync(out, JSON.stringify(report, null, 2));
