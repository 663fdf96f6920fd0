/**
 * PRIME benchmark (`npm run bench:prime`; not a test). Flags:
 *   --seeds N (default 3)  --k N (default 16)  --count N logged designs (default 3000)
 *   --in-area SHARE (default 0.3)  --steps N  --alpha A  --beta B  --inf hinge|linear  --margin M  --tau T
 *   --alpha-rate R  --neg-ref batch|top  --hidden 64,64  --min-distance D  --gate P  --ablation-gate P
 *   --tasks id,id  --json FILE
 *   --backends [cpu,wasm] --batches 128,256,1024 --seconds S: only the training-throughput table per
 *   tfjs backend (bench/prime-backends.ts), no design tasks. The tasks train on wasm ('auto').
 *   with --transformer [--transformer-batch B --transformer-steps N]: also the Transformer surrogate's steps/s.
 *   --large N [--backend wasm|cpu --steps S --batch B]: time to the best validation MSE on N logged MobileNetV2 rows.
 *   --logged [--rows N] [--apps id,id]: only the logged generator's table (bench/prime-logged.ts).
 *   --protocol [--rows N --apps ids --seeds 3 --k 16 --settings single,joint,zero-shot --held-out ids
 *   --multiples 1,10,100 --bo-multiples … --steps N --alpha A --beta B --gate-prime --logged-without …
 *   --logged-drop-top F]: the paper's
 *   protocol on logged data like PRIME's (bench/prime-protocol.ts), one table per setting.
 *   --surrogates [mlp,tf,tf-moe,…] [--seconds S --rows N --seeds N --first-seed N --k K]: only the surrogate ablation
 *   (bench/prime-surrogates.ts; docs/prime.md §9.3), and with --scoring the search's scoring speed.
 *
 * Issue 7's three tasks, at the same number k of NEW simulations for every method:
 *   mnv2       MobileNetV2, area ≤ 27 mm²
 *   multi      MobileNetV2 + ResNet-50 + EfficientNet-B0 jointly (geomean latency), area ≤ 27 mm²
 *   zero-shot  trained on seven zoo models; designs for MobileNetV3-Large, MnasNet and ResNet-34,
 *              which are absent from the data (one model, three targets)
 * Methods: PRIME (α, β as REFERENCE.md §5), naive MBO (same surrogate and search, α = β = 0), the
 * best logged design (zero-shot: the design best on the training workloads, simulated on the
 * target), and the engine's random / evolution / BO given k simulations. Logged data: `count`
 * seeded designs, a share `in-area` of them drawn inside the area budget so that ~80 % of the
 * rows are infeasible (PRIME's data: 70–90 %). Medians over seeds; latency in ms; a method
 * with no feasible design counts as +∞. `--gate P` makes both surrogates' searches drop designs
 * whose feasibility head gives P(feasible) < P (an ablation: does α earn its keep once a
 * classifier already keeps proposals feasible?).
 */
import { writeFileSync } from 'node:fs';
import { EDGETPU } from '../src/core/arch/index';
import { optimizerLabel } from '../src/core/opt/optimizer';
import { deriveSeed } from '../src/core/opt/rng';
import { datasetOfDesigns, type PrimeDataset } from '../src/core/prime/dataset';
import {
  backendLabel,
  bestLoggedFor,
  datasetSummary,
  generateDataset,
  initPrimeBackend,
  type PrimeBackendChoice,
  type PrimeTask,
  runOnline,
  TRAIN_DEFAULTS,
  trainSurrogate,
} from '../src/core/prime/index';
import { PRIME_APPLICATIONS } from '../src/core/prime/logged';
import { bestVerified, contextsOf, optimizeSurrogate } from '../src/core/prime/run';
import { createSimEvaluator } from '../src/core/study/sim-evaluator';
import type { StudySpec } from '../src/core/study/spec';
import { createStudyRunner, inlineExecutor } from '../src/core/study/study';
import type { Workload } from '../src/core/workload/workload';
import { buildZooModel } from '../src/core/workload/zoo';
import { backendTable, benchBackends, benchLarge, benchTransformer } from './prime-backends';
import { benchLogged, loggedTable } from './prime-logged';
import { protocolCli } from './prime-protocol';
import { benchScoring, benchSurrogates, SURROGATE_VARIANTS, surrogateTable } from './prime-surrogates';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const SEEDS = Number(flag('seeds') ?? 3);
const K = Number(flag('k') ?? 16);
const COUNT = Number(flag('count') ?? 3000);
const IN_AREA = Number(flag('in-area') ?? 0.3);
const STEPS = flag('steps') ? Number(flag('steps')) : undefined;
const ALPHA = Number(flag('alpha') ?? 0.1);
const BETA = Number(flag('beta') ?? TRAIN_DEFAULTS.beta);
const GATE = Number(flag('gate') ?? 0);
const INF = flag('inf') as 'linear' | 'hinge' | undefined;
const MARGIN = flag('margin') ? Number(flag('margin')) : undefined;
const TAU = flag('tau') ? Number(flag('tau')) : undefined;
const ALPHA_RATE = flag('alpha-rate') ? Number(flag('alpha-rate')) : undefined;
/** Where the logged designs come from: seeded random designs, or every design an evolution run evaluated (PRIME's setting). */
const DATA = (flag('data') ?? 'random') as 'random' | 'evolution';
const NEG_REF = flag('neg-ref') as 'batch' | 'top' | undefined;
const MIN_DISTANCE = flag('min-distance') ? Number(flag('min-distance')) : undefined;
const HIDDEN = flag('hidden') ? (flag('hidden') as string).split(',').map(Number) : undefined;
const AREA = 27;

interface TaskDef {
  id: string;
  label: string;
  train: string[];
  /** Each entry is one design problem (ids designed for jointly). */
  targets: string[][];
}
const TASKS: TaskDef[] = [
  { id: 'mnv2', label: 'MobileNetV2, area ≤ 27 mm²', train: ['mobilenet_v2'], targets: [['mobilenet_v2']] },
  {
    id: 'multi',
    label: 'MNv2 + ResNet-50 + EffNet-B0 (geomean), area ≤ 27 mm²',
    train: ['mobilenet_v2', 'resnet50', 'efficientnet_b0'],
    targets: [['mobilenet_v2', 'resnet50', 'efficientnet_b0']],
  },
  {
    id: 'zero-shot',
    label: 'zero-shot, area ≤ 27 mm²',
    train: [
      'mobilenet_v1',
      'mobilenet_v2',
      'efficientnet_b0',
      'mobilenet_edgetpu',
      'resnet18',
      'resnet50',
      'squeezenet1_1',
    ],
    targets: [['mobilenet_v3_large'], ['mnasnet1_0'], ['resnet34']],
  },
];
const tasks = TASKS.filter((t) => !flag('tasks') || flag('tasks')?.split(',').includes(t.id));
/** The simulator-driven optimizers PRIME is compared with (same k simulations). */
const ONLINE = ['random', 'evolution', 'bo'] as const;
const METHODS = ['prime', 'naive', 'logged', 'random', 'evolution', 'bo', 'primeGate', 'naiveGate'] as const;
/** The ablation's gate: proposals need P(feasible) ≥ this from the model's feasibility head. */
const ABLATION_GATE = Number(flag('ablation-gate') ?? 0.5);
type Method = (typeof METHODS)[number];

interface Row {
  task: string;
  problem: string;
  seed: number;
  latencyMs: Record<Method, number>;
  primeFeasible: number;
  naiveFeasible: number;
  loggedFeasibleShare: number;
  seconds: number;
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const inf = (v: number) => (Number.isFinite(v) ? v : Number.POSITIVE_INFINITY);

/**
 * Logged data as PRIME had it: every design an earlier online search evaluated. A regularized-
 * evolution study (geomean latency over the training workloads, area ≤ 27 mm², COUNT evaluations)
 * is run, and each design it tried is simulated on every training workload.
 */
async function evolutionLog(wls: Workload[], seed: number): Promise<PrimeDataset> {
  const spec: StudySpec = {
    template: 'edgetpu',
    workloads: wls.map((w) => ({ id: w.id })),
    objective: 'latency',
    aggregation: 'geomean',
    constraints: { areaMm2: AREA },
    optimizer: { kind: 'evolution' },
    seed: deriveSeed(seed, 0x65766f6c),
    budget: COUNT,
  };
  const ev = createSimEvaluator({ kind: 'study', spec, workloads: wls });
  const { runner, store } = createStudyRunner({ spec, sizes: ev.sizes, executor: inlineExecutor(ev.evaluate) });
  await runner.run();
  return datasetOfDesigns({
    template: EDGETPU,
    workloads: wls,
    count: store.length,
    design: (i) => store.codesAt(i),
    areaBudgetMm2: AREA,
  });
}

async function main() {
  if (process.argv.includes('--scoring')) {
    for (const l of await benchScoring()) console.log(l);
    if (!process.argv.includes('--surrogates')) return;
  }
  if (process.argv.includes('--surrogates')) {
    const list = flag('surrogates');
    const o = {
      variants: list && !list.startsWith('--') ? list.split(',') : Object.keys(SURROGATE_VARIANTS),
      seconds: Number(flag('seconds') ?? 60),
      rows: Number(flag('rows') ?? 20000),
      seeds: SEEDS,
      k: K,
      firstSeed: Number(flag('first-seed') ?? 1),
    };
    const r = await benchSurrogates(o);
    for (const l of surrogateTable(r, o)) console.log(l);
    if (flag('json')) writeFileSync(flag('json') as string, JSON.stringify(r, null, 2));
    return;
  }
  if (flag('large')) {
    await benchLarge(
      (flag('backend') ?? 'wasm') as PrimeBackendChoice,
      Number(flag('large')),
      Number(flag('steps') ?? 2000),
      Number(flag('batch') ?? 256),
    );
    return;
  }
  if (process.argv.includes('--backends')) {
    const list = flag('backends');
    const rows = await benchBackends({
      backends: (list && !list.startsWith('--') ? list.split(',') : ['cpu', 'wasm']) as PrimeBackendChoice[],
      batchSizes: (flag('batches') ?? '128,256,1024').split(',').map(Number),
      seconds: Number(flag('seconds') ?? 8),
      count: COUNT,
      inAreaShare: IN_AREA,
    });
    if (process.argv.includes('--transformer'))
      rows.push(
        ...(await benchTransformer(
          ['cpu', 'wasm'],
          Number(flag('transformer-batch') ?? 256),
          Number(flag('transformer-steps') ?? 6),
        )),
      );
    for (const l of backendTable(rows)) console.log(l);
    const out = flag('json');
    if (out) writeFileSync(out, `${JSON.stringify({ count: COUNT, inAreaShare: IN_AREA, rows }, null, 2)}\n`);
    return;
  }
  if (process.argv.includes('--logged')) {
    const rows = await benchLogged(flag('apps')?.split(',') ?? PRIME_APPLICATIONS, Number(flag('rows') ?? 100_000));
    for (const l of loggedTable(rows)) console.log(l);
    const out = flag('json');
    if (out) writeFileSync(out, `${JSON.stringify({ rows }, null, 2)}\n`);
    return;
  }
  const backend = await initPrimeBackend({ backend: 'auto' });
  console.log(`training backend: ${backendLabel(backend)}${backend.note ? ` (${backend.note})` : ''}`);
  if (process.argv.includes('--protocol')) {
    await protocolCli(flag, SEEDS, K);
    return;
  }
  const rows: Row[] = [];
  for (const t of tasks) {
    const all = [...new Set([...t.train, ...t.targets.flat()])].map((id) => buildZooModel(id));
    const trainWls = all.filter((w) => t.train.includes(w.id));
    for (let s = 0; s < SEEDS; s++) {
      const seed = 1000 + s;
      const t0 = performance.now();
      const data =
        DATA === 'evolution'
          ? await evolutionLog(trainWls, seed)
          : generateDataset({
              template: EDGETPU,
              workloads: trainWls,
              count: COUNT,
              seed,
              areaBudgetMm2: AREA,
              inAreaShare: IN_AREA,
            });
      const summary = datasetSummary(data);
      const feasibleShare = summary.workloads.reduce((a, w) => a + w.feasibleShare, 0) / summary.workloads.length;
      const base = {
        templateId: 'edgetpu',
        data,
        workloads: all,
        train: t.train,
        aggregation: 'geomean' as const,
        k: K,
        seed,
      };
      // One surrogate per method serves every problem of the task (zero-shot: three targets).
      const trainCfg = (alpha: number, beta: number) => ({
        alpha,
        beta,
        ...(STEPS ? { steps: STEPS } : {}),
        ...(INF ? { infeasibleLoss: INF } : {}),
        ...(MARGIN !== undefined ? { infeasibleMargin: MARGIN } : {}),
        ...(TAU !== undefined ? { conservatism: TAU } : {}),
        ...(ALPHA_RATE !== undefined ? { alphaRate: ALPHA_RATE } : {}),
        ...(HIDDEN ? { hidden: HIDDEN } : {}),
        ...(NEG_REF ? { negativeReference: NEG_REF } : {}),
      });
      const models = {} as Record<'prime' | 'naive', Awaited<ReturnType<typeof trainSurrogate>>>;
      for (const [m, a, b] of [
        ['prime', ALPHA, BETA],
        ['naive', 0, 0],
      ] as const) {
        models[m] = await trainSurrogate({
          template: EDGETPU,
          data,
          contexts: contextsOf(trainWls),
          workloads: t.train,
          config: { ...trainCfg(a, b), seed: deriveSeed(seed, 0x74726e31) },
        });
      }
      for (const targets of t.targets) {
        const task: PrimeTask = {
          ...base,
          targets,
          searchConfig: { feasibilityGate: GATE, ...(MIN_DISTANCE ? { minDistance: MIN_DISTANCE } : {}) },
        };
        const prime = optimizeSurrogate(task, models.prime);
        const naive = optimizeSurrogate(task, models.naive);
        // Ablation, same models: the search also drops designs the feasibility head rejects.
        const gated = { ...task, searchConfig: { ...task.searchConfig, feasibilityGate: ABLATION_GATE } };
        const primeGate = optimizeSurrogate(gated, models.prime);
        const naiveGate = optimizeSurrogate(gated, models.naive);
        const online = {} as Record<'random' | 'evolution' | 'bo', number>;
        for (const kind of ONLINE) {
          const r = await runOnline(kind, {
            templateId: 'edgetpu',
            targets: targets.map((id) => all.find((w) => w.id === id) as (typeof all)[number]),
            aggregation: 'geomean',
            areaBudgetMm2: AREA,
            budget: K,
            seed: deriveSeed(seed, 0x6f6e6c6e),
          });
          online[kind] = r.latencyMs;
        }
        const row: Row = {
          task: t.id,
          problem: targets.join('+'),
          seed,
          latencyMs: {
            prime: inf(bestVerified(prime)?.latencyMs ?? Number.NaN),
            naive: inf(bestVerified(naive)?.latencyMs ?? Number.NaN),
            logged: inf(bestLoggedFor(task).latencyMs),
            random: inf(online.random),
            evolution: inf(online.evolution),
            bo: inf(online.bo),
            primeGate: inf(bestVerified(primeGate)?.latencyMs ?? Number.NaN),
            naiveGate: inf(bestVerified(naiveGate)?.latencyMs ?? Number.NaN),
          },
          primeFeasible: prime.filter((p) => p.feasible).length,
          naiveFeasible: naive.filter((p) => p.feasible).length,
          loggedFeasibleShare: feasibleShare,
          seconds: (performance.now() - t0) / 1000,
        };
        rows.push(row);
        const f = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '∞');
        console.error(
          `${t.id} ${row.problem} seed ${seed}: ${METHODS.map((m) => `${m} ${f(row.latencyMs[m])}`).join(', ')}; feasible proposals PRIME ${row.primeFeasible}/${K}, naive ${row.naiveFeasible}/${K} (${row.seconds.toFixed(0)} s)`,
        );
      }
    }
  }

  const problems = [...new Set(rows.map((r) => `${r.task}|${r.problem}`))];
  const table = problems.map((key) => {
    const rs = rows.filter((r) => `${r.task}|${r.problem}` === key);
    const med = Object.fromEntries(METHODS.map((m) => [m, median(rs.map((r) => r.latencyMs[m]))])) as Record<
      Method,
      number
    >;
    const bestOnline = median(rs.map((r) => Math.min(r.latencyMs.random, r.latencyMs.evolution, r.latencyMs.bo)));
    const wins = (m: Method, other: (r: Row) => number) => rs.filter((r) => r.latencyMs[m] < other(r)).length;
    return {
      task: key.split('|')[0] as string,
      problem: key.split('|')[1] as string,
      seeds: rs.length,
      median: med,
      bestOnline,
      /** Median over seeds of (best online at k sims) / PRIME: PRIME's target is ≥ 1.2. */
      speedupVsOnline: median(
        rs.map((r) => Math.min(r.latencyMs.random, r.latencyMs.evolution, r.latencyMs.bo) / r.latencyMs.prime),
      ),
      primeBeatsLogged: wins('prime', (r) => r.latencyMs.logged),
      primeBeatsNaive: wins('prime', (r) => r.latencyMs.naive),
      primeFeasible: median(rs.map((r) => r.primeFeasible)),
      naiveFeasible: median(rs.map((r) => r.naiveFeasible)),
      loggedFeasibleShare: median(rs.map((r) => r.loggedFeasibleShare)),
    };
  });

  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '∞');
  console.log(
    `PRIME benchmark: k = ${K} new simulations, ${COUNT} logged designs (${DATA === 'evolution' ? 'every design of an evolution run' : `random, in-area share ${IN_AREA}`}), α = ${ALPHA}, β = ${BETA} (${INF ?? 'default'} infeasible term), feasibility gate ${GATE} (ablation columns: ${ABLATION_GATE}), ${SEEDS} seeds (medians, ms)`,
  );
  console.log(
    `| task | problem | PRIME | naive MBO | best logged | ${ONLINE.map(optimizerLabel).join(' | ')} | online best / PRIME | PRIME < logged | PRIME < naive | feasible proposals PRIME / naive | logged feasible | PRIME + gate | naive + gate |`,
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of table) {
    console.log(
      `| ${r.task} | ${r.problem} | ${f(r.median.prime)} | ${f(r.median.naive)} | ${f(r.median.logged)} | ${f(r.median.random)} | ${f(r.median.evolution)} | ${f(r.median.bo)} | ${Number.isFinite(r.speedupVsOnline) ? r.speedupVsOnline.toFixed(2) : '—'}× | ${r.primeBeatsLogged}/${r.seeds} | ${r.primeBeatsNaive}/${r.seeds} | ${r.primeFeasible} / ${r.naiveFeasible} of ${K} | ${(100 * r.loggedFeasibleShare).toFixed(0)} % | ${f(r.median.primeGate)} | ${f(r.median.naiveGate)} |`,
    );
  }
  const out = flag('json');
  if (out) {
    const num = (v: number) => (Number.isFinite(v) ? v : null);
    const clean = (o: unknown): unknown =>
      JSON.parse(JSON.stringify(o, (_, v) => (typeof v === 'number' ? num(v) : v)));
    writeFileSync(
      out,
      `${JSON.stringify(clean({ k: K, count: COUNT, inAreaShare: IN_AREA, alpha: ALPHA, beta: BETA, gate: GATE, seeds: SEEDS, table, rows }), null, 2)}\n`,
    );
    console.log(`wrote ${out}`);
  }
}

main();
