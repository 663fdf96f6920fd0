import { readFileSync } from 'node:fs';
import { EDGETPU } from '../core/arch/index';
import { optimizerLabel } from '../core/opt/optimizer';
import { deriveSeed } from '../core/opt/rng';
import {
  type Aggregation,
  backendLabel,
  generateDataset,
  initPrimeBackend,
  type PrimeBackendChoice,
  PrimeDataError,
  type PrimeDataset,
  parseLoggedData,
  runOnline,
  runPrime,
  TRAIN_DEFAULTS,
  withoutTopShare,
} from '../core/prime/index';
import { bestLoggedFor, type PrimeTask } from '../core/prime/run';
import type { SurrogateKind } from '../core/prime/surrogate-model';
import type { Workload } from '../core/workload/workload';
import { intFlag, numFlag, parseFlags, UsageError } from './args';
import { loadWorkload } from './load-workload';
import { parseWorkloads } from './optimize';

/** Non-finite numbers have no JSON form; printed as null. */
const num = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * `prime (--train FILE | --workload IDS --count N) --seed S --k K [--area-max A] [--holdout IDS]
 *  [--aggregate geomean|mean] [--alpha A] [--beta B] [--infeasible hinge|linear] [--steps N] [--in-area SHARE]
 *  [--backend auto|wasm|cpu] [--surrogate mlp|transformer [--moe] [--width W --heads H --layers L]]
 *  [--rank-loss] [--negatives evolution|ascent] [--drop-top SHARE] [--json]`
 * PRIME for one seed (docs/prime.md): trains the conservative surrogate on the logged data,
 * verifies its top K proposals, and compares with the best logged design, naive MBO (same model,
 * α = β = 0, also K simulations) and the engine's random / evolution / BO given K simulations.
 * Targets: the --holdout workloads (zero-shot; their rows are not trained on), else every
 * workload of the data, jointly when several. Training runs on tfjs's WebAssembly backend by
 * default ('auto': cpu when wasm fails, with a note on stderr); `backend` in the JSON names it.
 * The surrogate (docs/prime.md §9.3): the MLP or PRIME's Transformer (default size width 32, 4 heads,
 * 1 layer; `--moe`: a head of 4 experts gated by the context), the ranking loss, and the source of
 * the mined negatives (evolution on the grid, or gradient ascent on a relaxation) — both PRIME and
 * naive MBO use the same network. `--drop-top SHARE` takes the best SHARE of each workload's feasible
 * logged designs out before anything sees the data (Design-Bench's protocol: the best logged design
 * then leaves headroom; docs/prime.md §10.5); "best logged" is then the best of what is left.
 */
export async function primeCommand(argv: string[], out: (s: string) => void): Promise<number> {
  const f = parseFlags(argv, {
    train: { type: 'string' },
    workload: { type: 'string' },
    count: { type: 'string' },
    seed: { type: 'string' },
    k: { type: 'string' },
    'area-max': { type: 'string' },
    holdout: { type: 'string' },
    aggregate: { type: 'string' },
    alpha: { type: 'string' },
    beta: { type: 'string' },
    infeasible: { type: 'string' },
    steps: { type: 'string' },
    'in-area': { type: 'string' },
    backend: { type: 'string' },
    surrogate: { type: 'string' },
    moe: { type: 'boolean' },
    width: { type: 'string' },
    heads: { type: 'string' },
    layers: { type: 'string' },
    'rank-loss': { type: 'boolean' },
    negatives: { type: 'string' },
    'drop-top': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (f.train !== undefined && (f.workload !== undefined || f.count !== undefined)) {
    throw new UsageError('--train: give either --train FILE or --workload IDS --count N, not both');
  }
  if (f.train === undefined && f.workload === undefined)
    throw new UsageError('--train FILE or --workload IDS --count N is required');
  const seed = intFlag('seed', f.seed, 0, 0xffffffff);
  const k = intFlag('k', f.k, 1, 10_000);
  const areaBudgetMm2 = numFlag('area-max', f['area-max'], 1e-6, 1e9) ?? EDGETPU.defaultAreaBudgetMm2;
  const aggregation = (f.aggregate ?? 'geomean') as Aggregation;
  if (aggregation !== 'geomean' && aggregation !== 'mean')
    throw new UsageError(`--aggregate must be geomean | mean, got "${f.aggregate}"`);
  const alpha = numFlag('alpha', f.alpha, 0, 100) ?? 0.1;
  const beta = numFlag('beta', f.beta, 0, 100) ?? TRAIN_DEFAULTS.beta;
  const infeasibleLoss = (f.infeasible ?? TRAIN_DEFAULTS.infeasibleLoss) as 'linear' | 'hinge';
  if (infeasibleLoss !== 'linear' && infeasibleLoss !== 'hinge')
    throw new UsageError(`--infeasible must be hinge | linear, got ${JSON.stringify(f.infeasible)}`);
  const steps = f.steps === undefined ? undefined : intFlag('steps', f.steps, 1, 1_000_000);
  const inAreaShare = numFlag('in-area', f['in-area'], 0, 1) ?? 0;
  const dropTop = numFlag('drop-top', f['drop-top'], 0, 0.99) ?? 0;
  const backendChoice = (f.backend ?? 'auto') as PrimeBackendChoice;
  if (!['auto', 'wasm', 'cpu'].includes(backendChoice))
    throw new UsageError(`--backend must be auto | wasm | cpu, got ${JSON.stringify(f.backend)}`);

  const surrogate = (f.surrogate ?? TRAIN_DEFAULTS.surrogate) as SurrogateKind;
  if (surrogate !== 'mlp' && surrogate !== 'transformer')
    throw new UsageError(`--surrogate must be mlp | transformer, got ${JSON.stringify(f.surrogate)}`);
  const negativeSource = (f.negatives ?? TRAIN_DEFAULTS.negativeSource) as 'evolution' | 'ascent';
  if (negativeSource !== 'evolution' && negativeSource !== 'ascent')
    throw new UsageError(`--negatives must be evolution | ascent, got ${JSON.stringify(f.negatives)}`);
  const sizeFlags = (['moe', 'width', 'heads', 'layers'] as const).filter((k) => f[k] !== undefined);
  if (surrogate !== 'transformer' && sizeFlags.length > 0)
    throw new UsageError(`--${sizeFlags[0]}: only with --surrogate transformer`);
  const transformer = {
    width: intFlag('width', f.width, 1, 1024, TRAIN_DEFAULTS.transformer.width),
    heads: intFlag('heads', f.heads, 1, 64, TRAIN_DEFAULTS.transformer.heads),
    layers: intFlag('layers', f.layers, 0, 16, TRAIN_DEFAULTS.transformer.layers),
    experts: f.moe ? 4 : 1,
  };
  if (transformer.width % transformer.heads !== 0)
    throw new UsageError(`--width ${transformer.width} must be a multiple of --heads ${transformer.heads}`);

  const workloads = new Map<string, Workload>();
  let data: PrimeDataset;
  if (f.train !== undefined) {
    let text: string;
    try {
      text = readFileSync(f.train, 'utf8');
    } catch {
      throw new UsageError(`--train: cannot read file "${f.train}"`);
    }
    try {
      data = parseLoggedData(text, EDGETPU, { areaBudgetMm2 });
    } catch (e) {
      if (e instanceof PrimeDataError) throw new UsageError(`--train: ${e.message}`);
      throw e;
    }
    for (const id of data.workloads) {
      try {
        workloads.set(id, loadWorkload(id));
      } catch (e) {
        throw new UsageError(`--train: workload "${id}" of the file: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  } else {
    const count = intFlag('count', f.count, 1, 1_000_000);
    const parsed = parseWorkloads(f.workload, undefined);
    for (const w of parsed.workloads) workloads.set(w.id, w);
    data = generateDataset({ template: EDGETPU, workloads: parsed.workloads, count, seed, areaBudgetMm2, inAreaShare });
  }
  const logged0 = data.n;
  data = withoutTopShare(data, dropTop);
  let targets = data.workloads;
  if (f.holdout !== undefined) {
    const ids = f.holdout
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (ids.length === 0) throw new UsageError('--holdout: no workload given');
    targets = ids.map((id) => {
      const w = loadWorkload(id);
      workloads.set(w.id, w);
      return w.id;
    });
  }
  // Zero-shot: the held-out workloads' rows (if the file has them) are not trained on.
  const train = f.holdout === undefined ? data.workloads : data.workloads.filter((id) => !targets.includes(id));
  if (train.length === 0)
    throw new UsageError('--holdout: every workload of the data is held out; nothing to train on');

  const backend = await initPrimeBackend({ backend: backendChoice });
  if (backendChoice === 'wasm' && backend.name !== 'wasm') throw new UsageError(`--backend wasm: ${backend.note}`);
  const task: PrimeTask = {
    templateId: EDGETPU.id,
    data,
    workloads: [...workloads.values()],
    train,
    targets,
    aggregation,
    k,
    seed,
    trainConfig: {
      alpha,
      beta,
      infeasibleLoss,
      surrogate,
      transformer,
      negativeSource,
      rankWeight: f['rank-loss'] ? 1 : 0,
      ...(steps ? { steps } : {}),
    },
  };
  const prime = await runPrime(task);
  const naive = await runPrime({ ...task, trainConfig: { ...task.trainConfig, alpha: 0, beta: 0 } });
  const logged = bestLoggedFor(task);
  const onlineTask = {
    templateId: EDGETPU.id,
    targets: targets.map((id) => workloads.get(id) as Workload),
    aggregation,
    areaBudgetMm2,
    budget: k,
    seed: deriveSeed(seed, 0x6f6e6c6e),
  };
  const online = {
    random: await runOnline('random', onlineTask),
    evolution: await runOnline('evolution', onlineTask),
    bo: await runOnline('bo', onlineTask),
  };
  // Without a feasible proposal, report the first one (marked infeasible).
  const shown = prime.best ?? prime.proposals[0];
  const doc = {
    prime: {
      design: shown?.design ?? null,
      latencyMs: num(prime.best?.latencyMs ?? Number.NaN),
      areaMm2: num(shown?.areaMm2 ?? Number.NaN),
      feasible: prime.best !== undefined,
    },
    bestLogged: { latencyMs: num(logged.latencyMs) },
    naiveMbo: { latencyMs: num(naive.best?.latencyMs ?? Number.NaN) },
    online: {
      random: { latencyMs: num(online.random.latencyMs) },
      evolution: { latencyMs: num(online.evolution.latencyMs) },
      bo: { latencyMs: num(online.bo.latencyMs) },
    },
    newSimulations: k,
    backend: backendLabel(backend),
  };
  if (f.json) {
    out(JSON.stringify(doc));
    return 0;
  }
  const ms = (v: number | null) => (v === null ? 'none feasible' : `${v.toPrecision(4)} ms`);
  const feasibleShare = (w: number) => {
    let n = 0;
    for (let i = 0; i < data.n; i++) n += data.feasible[i * data.workloads.length + w] as number;
    return `${((100 * n) / data.n).toFixed(1)} %`;
  };
  out(
    `logged data: ${data.n} designs × ${data.workloads.join(', ')} (feasible ${data.workloads.map((_, w) => feasibleShare(w)).join(', ')})${dropTop ? `; the best ${100 * dropTop} % of feasible designs (${logged0 - data.n}) taken out` : ''}`,
  );
  out(
    `targets: ${targets.join(' + ')}${prime.zeroShot ? ' (zero-shot)' : ''}, area ≤ ${areaBudgetMm2} mm², ${aggregation} latency, k = ${k}`,
  );
  out(
    `PRIME (α ${alpha}, β ${beta}): ${ms(doc.prime.latencyMs)}, ${prime.proposals.filter((p) => p.feasible).length}/${k} proposals feasible`,
  );
  out(
    `surrogate: ${surrogate === 'mlp' ? 'MLP' : `Transformer width ${transformer.width}, ${transformer.heads} heads, ${transformer.layers} layer(s), ${f.moe ? 'MoE head (4 experts)' : 'plain head'}`}${f['rank-loss'] ? ', ranking loss' : ''}, ${negativeSource} negatives`,
  );
  out(`trained on the ${backendLabel(backend)} backend${backend.note ? ` (${backend.note})` : ''}`);
  out(`naive MBO (α = β = 0): ${ms(doc.naiveMbo.latencyMs)}`);
  out(`best logged: ${ms(doc.bestLogged.latencyMs)}`);
  out(
    `online at ${k} simulations: ${(['random', 'evolution', 'bo'] as const).map((o) => `${optimizerLabel(o)} ${ms(doc.online[o].latencyMs)}`).join(', ')}`,
  );
  if (shown)
    out(
      `  ${Object.entries(shown.design)
        .map(([key, v]) => `${key}=${v}`)
        .join(' ')}`,
    );
  return 0;
}
