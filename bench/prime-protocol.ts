/**
 * The paper's protocol (issue 15 item 4; `npm run bench:prime -- --protocol`; not a test):
 *   --rows N (logged designs per application, default 10000)  --apps id,id (default the PRIME-like set)
 *   --seeds N (3)  --k N (16)  --settings single,joint,zero-shot  --held-out id,id (zero-shot targets;
 *   default mobilenet_v3_large,lstm_decoder)  --multiples 1,10,100  --bo-multiples (default = multiples)
 *   --steps N  --alpha A  --beta B  --gate-prime (ablation row: PRIME's model behind the gate)
 *   --logged-without source@area,… (ablation: leave schedule entries out, e.g. evolution@27)
 *   --surrogate mlp|transformer [--moe] (the surrogate both PRIME and naive MBO train; default the MLP)
 *   --logged-drop-top F (Design-Bench's protocol: take the best share F of each application's feasible
 *   logged designs out before training, so the best logged design leaves headroom)  --json FILE
 *
 * Per seed, logged data like PRIME's (logged.ts: optimizer trajectories + random designs, one
 * application per row, ~80 % infeasible at 27 mm²) for every application. Settings: single (one
 * model per application, trained on its rows, designs for it); joint (one model on every
 * application's rows, designing for all at once, geomean latency); zero-shot (one model on the
 * applications not held out, designing for each held-out one). Each problem runs compareTask:
 * PRIME, naive MBO (α = β = 0) ungated and gated by its feasibility head, the best logged design,
 * and random / evolution / BO at k, 10·k, 100·k new simulations. Medians over seeds; ∞ = nothing
 * feasible. "Saved" = 1 − k / (fewest simulations any online run needed to reach PRIME's latency),
 * "> x" when none did within its budget (a lower bound); logged data counts as free.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { kendallTau } from '../src/core/analysis/stats';
import { EDGETPU } from '../src/core/arch/index';
import { type CompareRow, compareTask } from '../src/core/prime/compare';
import {
  bestLogged,
  designKey,
  type PrimeDataset,
  selectDesigns,
  selectWorkloads,
  withoutTopShare,
} from '../src/core/prime/dataset';
import { createEncoder } from '../src/core/prime/features';
import { generateLogged, LOGGED_SCHEDULE, PRIME_APPLICATIONS } from '../src/core/prime/logged';
import { OUT_SCORE } from '../src/core/prime/mlp';
import { contextsOf, taskTemplate } from '../src/core/prime/run';
import { predictSurrogate } from '../src/core/prime/surrogate-model';
import { latencyOfScore, type Surrogate, TRAIN_DEFAULTS, type TrainConfig } from '../src/core/prime/train';
import type { Workload } from '../src/core/workload/workload';
import { buildZooModel } from '../src/core/workload/zoo';

export interface ProtocolOptions {
  rows: number;
  apps: string[];
  seeds: number;
  k: number;
  settings: string[];
  heldOut: string[];
  multiples: number[];
  boMultiples: number[];
  trainConfig: Partial<TrainConfig>;
  gatePrime: boolean;
  /** Schedule entries to leave out of the logged data, as source@areaLimit (ablation), e.g. evolution@27. */
  loggedWithout: string[];
  /** Share of each application's best feasible logged designs taken out before training (Design-Bench); 0 keeps all. */
  loggedDropTop: number;
}

export interface ProtocolRecord {
  setting: string;
  problem: string;
  seed: number;
  rows: CompareRow[];
  saving?: { savedShare: number; lowerBound: boolean; matchedSims?: number; matchedKind?: string };
  trainSeconds: number;
  seconds: number;
  /** Single-application problems with --logged-drop-top: the best logged latency before the cut, ms. */
  uncutBestMs?: number;
  /** And how each model ranks the designs taken out (extrapolation, see `extrapolation`). */
  extrapolation?: Record<'prime' | 'naive', Extrapolation>;
}

/** How a model trained without the best logged designs ranks them (they are real, simulated designs). */
export interface Extrapolation {
  /** Designs taken out (feasible on the target). */
  cut: number;
  /** Share of them the model scores above the best design it was trained on (the search would prefer them). */
  aboveBestKept: number;
  /** Kendall's τ-b between predicted score and −latency over them (their order among themselves). */
  tau: number;
  /** Median predicted latency / true latency over them (< 1: optimistic, > 1: pessimistic). */
  predictedOverTrue: number;
}

/** The designs taken out for `app` (feasible there, not kept), encoded once with the kept best first. */
interface CutDesigns {
  /** Encoded rows: row 0 the best kept design, rows 1…n the designs taken out. */
  x: Float32Array;
  /** True latency of each design taken out, ms. */
  latencyMs: number[];
}

function cutDesigns(full: PrimeDataset, kept: PrimeDataset, app: string, workloads: Workload[]): CutDesigns {
  const { template, base } = taskTemplate({ templateId: 'edgetpu' });
  const ctx = contextsOf(workloads.filter((w) => w.id === app))[app] as Float32Array;
  const enc = createEncoder(template, full.areaBudgetMm2, ctx.length, base);
  const keptKeys = new Set<number>();
  for (let i = 0; i < kept.n; i++)
    keptKeys.add(designKey(enc.sizes, kept.codes.subarray(i * kept.dims, (i + 1) * kept.dims)));
  const best = bestLogged(kept, [app]).index;
  const W = full.workloads.length;
  const col = full.workloads.indexOf(app);
  const xs: Int32Array[] = [kept.codes.subarray(best * kept.dims, (best + 1) * kept.dims)];
  const latencyMs: number[] = [];
  for (let i = 0; i < full.n; i++) {
    if (full.feasible[i * W + col] !== 1) continue;
    const x = full.codes.subarray(i * full.dims, (i + 1) * full.dims);
    if (keptKeys.has(designKey(enc.sizes, x))) continue;
    xs.push(x);
    latencyMs.push(full.latencyMs[i * W + col] as number);
  }
  const x = new Float32Array(xs.length * enc.width);
  for (const [r, d] of xs.entries()) enc.encode(d, ctx, x, r * enc.width);
  return { x, latencyMs };
}

function extrapolation(s: Surrogate, cut: CutDesigns): Extrapolation {
  const n = cut.latencyMs.length;
  const out = predictSurrogate(s, cut.x, n + 1);
  const score = (r: number) => out[r * 2 + OUT_SCORE] as number;
  let above = 0;
  for (let r = 1; r <= n; r++) if (score(r) > score(0)) above++;
  return {
    cut: n,
    aboveBestKept: n ? above / n : Number.NaN,
    tau: kendallTau(
      Float64Array.from(cut.latencyMs, (_, r) => score(r + 1)),
      Float64Array.from(cut.latencyMs, (l) => -l),
    ),
    predictedOverTrue: median(cut.latencyMs.map((l, r) => latencyOfScore(s, score(r + 1)) / l)),
  };
}

/** A single-application problem with a cut: the best logged latency before it, and both models' extrapolation. */
function headroom(
  models: Record<'prime' | 'naive', Surrogate>,
  full: PrimeDataset,
  kept: PrimeDataset,
  targets: string[],
  workloads: Workload[],
): Pick<ProtocolRecord, 'uncutBestMs' | 'extrapolation'> {
  const cut = cutDesigns(full, kept, targets[0] as string, workloads);
  return {
    uncutBestMs: bestLogged(full, targets).latencyMs,
    extrapolation: { prime: extrapolation(models.prime, cut), naive: extrapolation(models.naive, cut) },
  };
}

const AREA = 27;

/** Rows logged for any of `apps`, with only those columns. */
function rowsOf(ds: PrimeDataset, apps: readonly string[]): PrimeDataset {
  const cols = apps.map((a) => ds.workloads.indexOf(a));
  const W = ds.workloads.length;
  const keep: number[] = [];
  for (let i = 0; i < ds.n; i++) if (cols.some((c) => ds.known[i * W + c] === 1)) keep.push(i);
  return selectWorkloads(selectDesigns(ds, keep), apps);
}

interface Problem {
  setting: string;
  train: string[];
  /** Each entry is one problem designed for with the same two models. */
  targets: string[][];
}

function problems(o: ProtocolOptions): Problem[] {
  const out: Problem[] = [];
  if (o.settings.includes('single'))
    for (const a of o.apps) out.push({ setting: 'single', train: [a], targets: [[a]] });
  if (o.settings.includes('joint')) out.push({ setting: 'joint', train: o.apps, targets: [o.apps] });
  if (o.settings.includes('zero-shot')) {
    const train = o.apps.filter((a) => !o.heldOut.includes(a));
    out.push({ setting: 'zero-shot', train, targets: o.heldOut.map((h) => [h]) });
  }
  return out;
}

export async function runProtocol(o: ProtocolOptions, log: (s: string) => void): Promise<ProtocolRecord[]> {
  const all = [...new Set([...o.apps, ...o.heldOut])];
  const workloads: Workload[] = all.map((id) => buildZooModel(id));
  const records: ProtocolRecord[] = [];
  const clock = () => performance.now();
  for (let s = 0; s < o.seeds; s++) {
    const seed = 1000 + s;
    const t0 = performance.now();
    const full = await generateLogged({
      template: EDGETPU,
      workloads: workloads.filter((w) => o.apps.includes(w.id)),
      rowsPerApplication: o.rows,
      seed,
      areaBudgetMm2: AREA,
      schedule: LOGGED_SCHEDULE.filter((e) => !o.loggedWithout.includes(`${e.source}@${e.areaLimitMm2}`)),
    });
    const logged = withoutTopShare(full, o.loggedDropTop ?? 0);
    log(
      `seed ${seed}: ${logged.n} logged rows${logged === full ? '' : ` (${full.n - logged.n} best feasible taken out)`} in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
    for (const p of problems(o)) {
      const data = rowsOf(logged, p.train);
      let surrogates: Parameters<typeof compareTask>[0]['surrogates'];
      for (const targets of p.targets) {
        const t1 = performance.now();
        let trainMs = 0;
        let trainStart = 0;
        const base = {
          templateId: 'edgetpu',
          data,
          workloads,
          train: p.train,
          targets,
          aggregation: 'geomean' as const,
          k: o.k,
          seed,
          trainConfig: o.trainConfig,
          surrogates,
          gatePrime: o.gatePrime,
        };
        const onProgress = (q: { stage: string }) => {
          if (q.stage.startsWith('train') && !trainStart) trainStart = performance.now();
          if (q.stage.startsWith('search') && trainStart && !trainMs) trainMs = performance.now() - trainStart;
        };
        const c = await compareTask(
          { ...base, online: ['random', 'evolution'], multiples: o.multiples },
          { onProgress, clock },
        );
        surrogates = c.surrogates;
        const bo = o.boMultiples.length
          ? await compareTask({ ...base, surrogates, online: ['bo'], multiples: o.boMultiples }, { clock })
          : undefined;
        const rows = [...c.rows, ...(bo?.rows.filter((r) => r.method === 'bo') ?? [])];
        const sv = [c.savings, bo?.savings].filter((x) => x !== undefined);
        const matched = sv
          .map((x) => x.matched)
          .filter((m) => m !== undefined)
          .sort((a, b) => a.simulations - b.simulations)[0];
        const searched = Math.max(...sv.map((x) => x.searched), 0);
        const primeRow = rows[0] as CompareRow;
        const rec: ProtocolRecord = {
          setting: p.setting,
          problem: targets.join('+'),
          seed,
          rows,
          saving: primeRow.feasible
            ? {
                savedShare: 1 - o.k / (matched ? matched.simulations : searched),
                lowerBound: !matched,
                matchedSims: matched?.simulations,
                matchedKind: matched?.kind,
              }
            : undefined,
          trainSeconds: trainMs / 1000,
          seconds: (performance.now() - t1) / 1000,
          ...(logged !== full && p.setting === 'single'
            ? headroom(c.surrogates, full, logged, targets, workloads)
            : {}),
        };
        records.push(rec);
        if (rec.extrapolation)
          log(
            `  the ${rec.extrapolation.prime.cut} cut designs: ${(['prime', 'naive'] as const)
              .map((m) => {
                const e = rec.extrapolation?.[m] as Extrapolation;
                return `${m} scores ${(100 * e.aboveBestKept).toFixed(0)} % above the best kept, τ ${e.tau.toFixed(2)}, predicted/true ${e.predictedOverTrue.toFixed(2)}`;
              })
              .join('; ')}`,
          );
        const f = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '∞');
        log(
          `${p.setting} ${rec.problem} seed ${seed}: ${rows.map((r) => `${r.method}${r.method === 'logged' || r.budget === o.k ? '' : `@${r.budget}`} ${f(r.latencyMs)}`).join(', ')}; saved ${rec.saving ? `${rec.saving.lowerBound ? '>' : ''}${(100 * rec.saving.savedShare).toFixed(1)} %` : '—'} (${rec.seconds.toFixed(0)} s, training ${rec.trainSeconds.toFixed(0)} s)`,
        );
      }
    }
  }
  return records;
}

const median = (v: number[]) => {
  const s = v.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return Number.NaN;
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const inf = (v: number) => (Number.isFinite(v) ? v : Number.POSITIVE_INFINITY);
const ms = (v: number) => (Number.isNaN(v) ? '—' : Number.isFinite(v) ? v.toFixed(3) : '∞');
const ratio = (v: number) => (Number.isNaN(v) ? '—' : Number.isFinite(v) ? `${v.toFixed(2)}×` : '∞');

function latency(rec: ProtocolRecord, method: string, budget?: number): number {
  const r = rec.rows.find((x) => x.method === method && (budget === undefined || x.budget === budget));
  return r ? inf(r.latencyMs) : Number.NaN;
}

export interface ProblemSummary {
  setting: string;
  problem: string;
  seeds: number;
  /** Median latency (ms) per column id ('prime', 'random@16', …). */
  median: Record<string, number>;
  /** Medians over seeds of other / PRIME (> 1: PRIME better). */
  onlineAtKOverPrime: number;
  loggedOverPrime: number;
  naiveOverPrime: number;
  naiveGatedOverPrime: number;
  primeBeatsLogged: number;
  primeBeatsNaive: number;
  primeBeatsNaiveGated: number;
  savedShare: number;
  savedLowerBound: boolean;
  feasibleProposals: { prime: number; naive: number; naiveGated: number };
  /** Medians over seeds of each model's predicted / true latency on its own feasible proposals (< 1: optimistic). */
  predictedOverTrue: { prime: number; naive: number; naiveGated: number };
  /** Median over seeds of (best latency any method found, new simulations only) / best logged: < 1 means the logs had headroom. */
  bestNewOverLogged: number;
  /** With --logged-drop-top, single application: median of (best logged before the cut) / PRIME (> 1: PRIME found a design better than any logged one, cut or not). */
  uncutOverPrime: number;
  /** With --logged-drop-top, single application: medians over seeds of each Extrapolation field. */
  extrapolation?: Record<'prime' | 'naive', Extrapolation>;
}

/** Field-wise medians over seeds. */
function medianExtrapolation(es: Extrapolation[]): Extrapolation {
  const m = (f: keyof Extrapolation) => median(es.map((e) => e[f]));
  return { cut: m('cut'), aboveBestKept: m('aboveBestKept'), tau: m('tau'), predictedOverTrue: m('predictedOverTrue') };
}

export function summarize(records: ProtocolRecord[], o: ProtocolOptions): ProblemSummary[] {
  const keys = [...new Set(records.map((r) => `${r.setting}|${r.problem}`))];
  return keys.map((key) => {
    const rs = records.filter((r) => `${r.setting}|${r.problem}` === key);
    const cols = columns(rs[0] as ProtocolRecord);
    const med = Object.fromEntries(cols.map(([id, m, b]) => [id, median(rs.map((r) => latency(r, m, b)))])) as Record<
      string,
      number
    >;
    const per = (f: (r: ProtocolRecord) => number) => median(rs.map(f));
    const onlineK = (r: ProtocolRecord) =>
      Math.min(...['random', 'evolution', 'bo'].map((m) => latency(r, m, o.k)).filter((v) => !Number.isNaN(v)));
    const over = (v: number, p: number) => (p === Number.POSITIVE_INFINITY && v === p ? Number.NaN : v / p);
    const wins = (f: (r: ProtocolRecord) => number) => rs.filter((r) => latency(r, 'prime') < f(r)).length;
    const fp = (m: string) => median(rs.map((r) => r.rows.find((x) => x.method === m)?.feasibleProposals ?? 0));
    const pt = (m: string) =>
      median(rs.map((r) => r.rows.find((x) => x.method === m)?.predictedOverTrue ?? Number.NaN));
    const saved = rs.filter((r) => r.saving);
    return {
      setting: rs[0]?.setting as string,
      problem: rs[0]?.problem as string,
      seeds: rs.length,
      median: med,
      onlineAtKOverPrime: per((r) => over(onlineK(r), latency(r, 'prime'))),
      loggedOverPrime: per((r) => over(latency(r, 'logged'), latency(r, 'prime'))),
      naiveOverPrime: per((r) => over(latency(r, 'naive'), latency(r, 'prime'))),
      naiveGatedOverPrime: per((r) => over(latency(r, 'naive-gated'), latency(r, 'prime'))),
      primeBeatsLogged: wins((r) => latency(r, 'logged')),
      primeBeatsNaive: wins((r) => latency(r, 'naive')),
      primeBeatsNaiveGated: wins((r) => latency(r, 'naive-gated')),
      savedShare: median(saved.map((r) => r.saving?.savedShare as number)),
      savedLowerBound: saved.length > 0 && saved.filter((r) => r.saving?.lowerBound).length * 2 > saved.length,
      feasibleProposals: { prime: fp('prime'), naive: fp('naive'), naiveGated: fp('naive-gated') },
      predictedOverTrue: { prime: pt('prime'), naive: pt('naive'), naiveGated: pt('naive-gated') },
      bestNewOverLogged: per(
        (r) =>
          Math.min(...r.rows.filter((x) => x.method !== 'logged').map((x) => inf(x.latencyMs))) / latency(r, 'logged'),
      ),
      uncutOverPrime: per((r) => (r.uncutBestMs === undefined ? Number.NaN : r.uncutBestMs / latency(r, 'prime'))),
      ...(rs.every((r) => r.extrapolation)
        ? {
            extrapolation: {
              prime: medianExtrapolation(rs.map((r) => r.extrapolation?.prime as Extrapolation)),
              naive: medianExtrapolation(rs.map((r) => r.extrapolation?.naive as Extrapolation)),
            },
          }
        : {}),
    };
  });
}

/** Column id, method and budget of each latency column, in table order. */
function columns(rec: ProtocolRecord): [string, string, number | undefined][] {
  return rec.rows.map((r) => {
    const online = ['random', 'evolution', 'bo'].includes(r.method);
    return [online ? `${r.method}@${r.budget}` : r.method, r.method, online ? r.budget : undefined];
  });
}

const LABEL: Record<string, string> = {
  prime: 'PRIME',
  naive: 'naive',
  'naive-gated': 'naive + gate',
  'prime-gated': 'PRIME + gate',
  logged: 'best logged',
};

export function protocolTables(sums: ProblemSummary[], o: ProtocolOptions): string[] {
  const out: string[] = [];
  for (const setting of [...new Set(sums.map((s) => s.setting))]) {
    const ss = sums.filter((s) => s.setting === setting);
    const ids = Object.keys(ss[0]?.median ?? {});
    const uncut = ss.some((s) => !Number.isNaN(s.uncutOverPrime));
    const label = (id: string) => {
      const [m, b] = id.split('@');
      return b ? `${m === 'bo' ? 'BO' : m} ${Number(b) === o.k ? 'k' : `${Number(b) / o.k}k`}` : (LABEL[id] ?? id);
    };
    out.push(
      '',
      `### ${setting} (k = ${o.k}, ${o.rows} logged rows per application${o.loggedDropTop ? `, best ${100 * o.loggedDropTop} % of feasible taken out` : ''}, ${ss[0]?.seeds} seeds, medians, ms)`,
      '',
      `| problem | ${ids.map(label).join(' | ')} | online@k / PRIME | logged / PRIME | naive / PRIME | naive+gate / PRIME | PRIME < logged | PRIME < naive | PRIME < naive+gate | sims saved | feasible of k: PRIME / naive / naive+gate | predicted / true: PRIME / naive / naive+gate | best new / logged |${uncut ? ' best before the cut / PRIME |' : ''}`,
      `|${'---|'.repeat(ids.length + 12 + (uncut ? 1 : 0))}`,
    );
    for (const s of ss) {
      const saved = Number.isNaN(s.savedShare)
        ? '—'
        : `${s.savedLowerBound ? '> ' : ''}${(100 * s.savedShare).toFixed(1)} %`;
      out.push(
        `| ${s.problem} | ${ids.map((id) => ms(s.median[id] as number)).join(' | ')} | ${ratio(s.onlineAtKOverPrime)} | ${ratio(s.loggedOverPrime)} | ${ratio(s.naiveOverPrime)} | ${ratio(s.naiveGatedOverPrime)} | ${s.primeBeatsLogged}/${s.seeds} | ${s.primeBeatsNaive}/${s.seeds} | ${s.primeBeatsNaiveGated}/${s.seeds} | ${saved} | ${s.feasibleProposals.prime} / ${s.feasibleProposals.naive} / ${s.feasibleProposals.naiveGated} | ${[s.predictedOverTrue.prime, s.predictedOverTrue.naive, s.predictedOverTrue.naiveGated].map((v) => (Number.isNaN(v) ? '—' : v.toFixed(2))).join(' / ')} | ${Number.isFinite(s.bestNewOverLogged) ? s.bestNewOverLogged.toFixed(3) : '—'} |${uncut ? ` ${ratio(s.uncutOverPrime)} |` : ''}`,
      );
    }
    const met = ss.filter((s) => s.onlineAtKOverPrime >= 1.2).length;
    out.push(
      '',
      `Targets: online@k / PRIME ≥ 1.2 on ${met}/${ss.length}; PRIME better than naive on ${ss.filter((s) => s.naiveOverPrime > 1).length}/${ss.length}, than naive + gate on ${ss.filter((s) => s.naiveGatedOverPrime > 1).length}/${ss.length}, than the best logged design on ${ss.filter((s) => s.loggedOverPrime > 1).length}/${ss.length} (medians of the per-seed ratios).`,
    );
  }
  const ex = sums.filter((s) => s.extrapolation);
  if (ex.length) {
    out.push(
      '',
      '### Extrapolation: how each model ranks the designs taken out (single application; medians over seeds)',
      '',
      '| problem | cut designs | PRIME: share above best kept | naive: share above best kept | PRIME: τ | naive: τ | PRIME: predicted / true latency | naive: predicted / true latency |',
      '|---|---|---|---|---|---|---|---|',
    );
    const pc = (v: number) => `${(100 * v).toFixed(0)} %`;
    for (const s of ex) {
      const e = s.extrapolation as NonNullable<ProblemSummary['extrapolation']>;
      out.push(
        `| ${s.problem} | ${e.prime.cut.toFixed(0)} | ${pc(e.prime.aboveBestKept)} | ${pc(e.naive.aboveBestKept)} | ${e.prime.tau.toFixed(2)} | ${e.naive.tau.toFixed(2)} | ${e.prime.predictedOverTrue.toFixed(2)} | ${e.naive.predictedOverTrue.toFixed(2)} |`,
      );
    }
  }
  return out;
}

function surrogateFlag(v: string | undefined): 'mlp' | 'transformer' {
  if (v !== 'mlp' && v !== 'transformer') throw new Error(`--surrogate must be mlp | transformer, got ${v}`);
  return v;
}

/** `--protocol`: runs, prints the tables, writes `--json FILE`. */
export async function protocolCli(flag: (name: string) => string | undefined, SEEDS: number, K: number) {
  const STEPS = flag('steps') ? Number(flag('steps')) : undefined;
  const ALPHA = Number(flag('alpha') ?? TRAIN_DEFAULTS.alpha);
  const BETA = Number(flag('beta') ?? TRAIN_DEFAULTS.beta);
  const list = (name: string, d: readonly string[]) => {
    const v = flag(name);
    return v === undefined || v.startsWith('--') ? [...d] : v.split(',').filter((x) => x !== '');
  };
  const multiples = list('multiples', ['1', '10', '100']).map(Number);
  const o: ProtocolOptions = {
    rows: Number(flag('rows') ?? 10_000),
    apps: list('apps', PRIME_APPLICATIONS),
    seeds: SEEDS,
    k: K,
    settings: list('settings', ['single', 'joint', 'zero-shot']),
    heldOut: list('held-out', ['mobilenet_v3_large', 'lstm_decoder']),
    multiples,
    boMultiples: process.argv.includes('--bo-multiples') ? list('bo-multiples', []).map(Number) : multiples,
    trainConfig: {
      ...(STEPS ? { steps: STEPS } : {}),
      ...(flag('alpha') ? { alpha: ALPHA } : {}),
      ...(flag('beta') ? { beta: BETA } : {}),
      ...(flag('surrogate') ? { surrogate: surrogateFlag(flag('surrogate')) } : {}),
      ...(process.argv.includes('--moe') ? { transformer: { ...TRAIN_DEFAULTS.transformer, experts: 4 } } : {}),
    },
    gatePrime: process.argv.includes('--gate-prime'),
    loggedWithout: list('logged-without', []),
    loggedDropTop: Number(flag('logged-drop-top') ?? 0),
  };
  if (!(o.loggedDropTop >= 0 && o.loggedDropTop < 1))
    throw new Error(`--logged-drop-top must be a share in [0, 1), got ${flag('logged-drop-top')}`);
  const t0 = performance.now();
  // --from-json a.json,b.json: reprint the tables from earlier runs (a later file's record replaces an earlier one's).
  const from = flag('from-json');
  const records = from ? mergeRecords(from.split(',')) : await runProtocol(o, (s) => console.error(s));
  if (from)
    Object.assign(
      o,
      (JSON.parse(readFileSync(from.split(',')[0] as string, 'utf8')) as { options: ProtocolOptions }).options,
    );
  const sums = summarize(records, o);
  console.log(
    `PRIME protocol: ${o.rows} logged rows per application (${o.apps.join(', ')}), k = ${o.k}, α = ${o.trainConfig.alpha ?? TRAIN_DEFAULTS.alpha}, β = ${o.trainConfig.beta ?? TRAIN_DEFAULTS.beta}, ${o.trainConfig.steps ?? TRAIN_DEFAULTS.steps} training steps, ${o.trainConfig.surrogate === 'transformer' ? `Transformer surrogate (width ${TRAIN_DEFAULTS.transformer.width}, ${TRAIN_DEFAULTS.transformer.heads} heads, ${TRAIN_DEFAULTS.transformer.layers} layer${o.trainConfig.transformer ? ', MoE head' : ''})` : 'MLP surrogate'}, ${o.seeds} seeds${o.loggedWithout.length ? `; logged data without ${o.loggedWithout.join(', ')}` : ''}${o.loggedDropTop ? `; best ${100 * o.loggedDropTop} % of each application's feasible logged designs taken out` : ''}; wall time ${((performance.now() - t0) / 60000).toFixed(1)} min`,
  );
  for (const l of protocolTables(sums, o)) console.log(l);
  const out = flag('json');
  if (out) {
    const clean = (v: unknown): unknown =>
      JSON.parse(
        JSON.stringify(v, (_, x) =>
          x instanceof Int32Array ? Array.from(x) : typeof x === 'number' && !Number.isFinite(x) ? null : x,
        ),
      );
    writeFileSync(out, `${JSON.stringify(clean({ options: o, summary: sums, records }), null, 2)}\n`);
    console.log(`wrote ${out}`);
  }
}

function mergeRecords(files: string[]): ProtocolRecord[] {
  const byKey = new Map<string, ProtocolRecord>();
  const num = (_: string, v: unknown) => (v === null ? Number.NaN : v);
  for (const f of files)
    for (const r of (JSON.parse(readFileSync(f, 'utf8'), num) as { records: ProtocolRecord[] }).records)
      byKey.set(`${r.setting}|${r.problem}|${r.seed}`, r);
  return [...byKey.values()];
}
