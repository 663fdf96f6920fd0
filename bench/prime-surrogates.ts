/**
 * Surrogate ablation (`npm run bench:prime -- --surrogates [LIST] [--seconds S] [--rows N] [--seeds N] [--k K]`;
 * not a test; docs/prime.md §9.3). MobileNetV2 alone at area ≤ 27 mm², logged data from the
 * logged generator (`rows` rows, ~80 % infeasible), 20 % of the designs held out. Every variant
 * trains PRIME's conservative loss (α = 0.1, hinge β = 1) for the same wall-clock budget (`seconds`,
 * training only, on wasm), then: Kendall τ between predicted and true score on the held-out
 * feasible rows, and the best verified latency among the k designs the offline search proposes
 * (k new simulations). Also the plain-JS vs tfjs scoring speed for the search.
 *
 * Variants (LIST, comma-separated; default all): mlp, mlp-rank, mlp-ascent, tf, tf-moe, tf-rank, tf-ascent.
 * tf = Transformer width 32, 4 heads, 1 layer; moe = 4 experts gated by the context.
 */
import { kendallTau } from '../src/core/analysis/stats';
import { EDGETPU } from '../src/core/arch/index';
import { deriveSeed } from '../src/core/opt/rng';
import { backendLabel, initPrimeBackend } from '../src/core/prime/backend';
import { splitDesigns } from '../src/core/prime/dataset';
import { createEncoder } from '../src/core/prime/features';
import { generateLogged } from '../src/core/prime/logged';
import { bestLoggedFor, bestVerified, contextsOf, optimizeSurrogate, type PrimeTask } from '../src/core/prime/run';
import { createTrainable, predictSurrogate, predictTf, TRANSFORMER_SMALL } from '../src/core/prime/surrogate-model';
import { encodeRows, type TrainConfig, trainSurrogate } from '../src/core/prime/train';
import { forwardTransformer } from '../src/core/prime/transformer-forward';
import { buildZooModel } from '../src/core/workload/zoo';

export const SURROGATE_VARIANTS: Record<string, Partial<TrainConfig>> = {
  mlp: { surrogate: 'mlp' },
  'mlp-rank': { surrogate: 'mlp', rankWeight: 1 },
  'mlp-ascent': { surrogate: 'mlp', negativeSource: 'ascent' },
  tf: { surrogate: 'transformer' },
  'tf-moe': { surrogate: 'transformer', transformer: { ...TRANSFORMER_SMALL, experts: 4 } },
  'tf-rank': { surrogate: 'transformer', rankWeight: 1 },
  'tf-ascent': { surrogate: 'transformer', negativeSource: 'ascent' },
};

export interface SurrogateRow {
  variant: string;
  seed: number;
  steps: number;
  tau: number;
  bestMs: number;
  feasible: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

export async function benchSurrogates(o: {
  variants: string[];
  seconds: number;
  rows: number;
  seeds: number;
  k: number;
  firstSeed?: number;
}) {
  for (const v of o.variants) if (!SURROGATE_VARIANTS[v]) throw new Error(`--surrogates: unknown variant "${v}"`);
  const info = await initPrimeBackend({ backend: 'wasm' });
  const wl = buildZooModel('mobilenet_v2');
  const contexts = contextsOf([wl]);
  const out: SurrogateRow[] = [];
  const logged: number[] = [];
  const first = o.firstSeed ?? 1;
  for (let seed = first; seed < first + o.seeds; seed++) {
    const data = await generateLogged({
      template: EDGETPU,
      workloads: [wl],
      rowsPerApplication: o.rows,
      seed,
      areaBudgetMm2: 27,
    });
    const { train, test } = splitDesigns(data, 0.2, seed);
    const task: PrimeTask = {
      templateId: EDGETPU.id,
      data: train,
      workloads: [wl],
      targets: [wl.id],
      aggregation: 'geomean',
      k: o.k,
      seed,
    };
    logged.push(bestLoggedFor(task).latencyMs);
    for (const variant of o.variants) {
      let steps = 0;
      let t0 = 0;
      const s = await trainSurrogate(
        {
          template: EDGETPU,
          data: train,
          contexts,
          config: {
            seed: deriveSeed(seed, 0x74726e31),
            steps: 1_000_000,
            progressEvery: 10,
            ...SURROGATE_VARIANTS[variant],
          },
        },
        {
          onProgress: (p) => {
            steps = p.step;
          },
          shouldStop: () => {
            if (t0 === 0) t0 = performance.now();
            return performance.now() - t0 > o.seconds * 1000;
          },
        },
      );
      const enc = createEncoder(EDGETPU, 27, s.contextDims);
      const held = encodeRows(enc, test, contexts, [wl.id], s).feasible;
      const pred = predictSurrogate(s, held.x, held.n);
      const tau = kendallTau(
        Array.from({ length: held.n }, (_, i) => pred[i * 2] as number),
        held.y,
      );
      const proposals = optimizeSurrogate(task, s);
      const best = bestVerified(proposals);
      const row = {
        variant,
        seed,
        steps,
        tau,
        bestMs: best?.latencyMs ?? Number.POSITIVE_INFINITY,
        feasible: proposals.filter((p) => p.feasible).length,
      };
      out.push(row);
      console.error(JSON.stringify(row));
    }
  }
  return { rows: out, logged, backend: backendLabel(info) };
}

export function surrogateTable(
  r: Awaited<ReturnType<typeof benchSurrogates>>,
  o: { seconds: number; rows: number; k: number },
) {
  const lines = [
    `Surrogate ablation: MobileNetV2, area ≤ 27 mm², ${o.rows} logged rows (20 % of designs held out), ${o.seconds} s of training per variant on ${r.backend}, k = ${o.k}; medians over ${r.logged.length} seeds (best logged: ${median(r.logged).toFixed(3)} ms)`,
    '',
    '| variant | steps | Kendall τ (held-out feasible) | best verified latency (ms) | feasible proposals | per seed (ms) |',
    '|---|---|---|---|---|---|',
  ];
  for (const v of [...new Set(r.rows.map((x) => x.variant))]) {
    const rs = r.rows.filter((x) => x.variant === v);
    lines.push(
      `| ${v} | ${median(rs.map((x) => x.steps))} | ${median(rs.map((x) => x.tau)).toFixed(3)} | ${median(rs.map((x) => x.bestMs)).toFixed(3)} | ${median(rs.map((x) => x.feasible))} of ${o.k} | ${rs.map((x) => x.bestMs.toFixed(3)).join(', ')} |`,
    );
  }
  return lines;
}

/** Rows/s of scoring encoded designs: plain-JS forward vs batched tfjs (the search's two options). */
export async function benchScoring(n = 4096) {
  const info = await initPrimeBackend({ backend: 'wasm' });
  const wl = buildZooModel('mobilenet_v2');
  const data = await generateLogged({
    template: EDGETPU,
    workloads: [wl],
    rowsPerApplication: n,
    seed: 1,
    areaBudgetMm2: 27,
  });
  const contexts = contextsOf([wl]);
  const enc = createEncoder(EDGETPU, 27, contexts[wl.id]?.length ?? 0);
  const rows = encodeRows(enc, data, contexts, [wl.id]).infeasible;
  const lines = [
    `| model | plain JS rows/s | tfjs (${backendLabel(info)}) rows/s, batch 1024 | tfjs batch 64 |`,
    '|---|---|---|---|',
  ];
  for (const [label, kind, size] of [
    ['MLP 64-64', 'mlp', TRANSFORMER_SMALL],
    ['Transformer 32/4/1', 'transformer', TRANSFORMER_SMALL],
    ['Transformer 32/4/1 MoE 4', 'transformer', { ...TRANSFORMER_SMALL, experts: 4 }],
    ['Transformer 64/8/2 (PRIME)', 'transformer', { width: 64, heads: 8, layers: 2, experts: 1 }],
  ] as const) {
    const m = createTrainable(kind, {
      inputWidth: enc.width,
      hidden: [64, 64],
      sizes: enc.sizes,
      contextDims: enc.contextDims,
      transformer: size,
      seed: 1,
    });
    const snap = m.snapshot();
    const time = (f: () => void) => {
      f();
      const t = performance.now();
      f();
      return rows.n / ((performance.now() - t) / 1000);
    };
    const js = time(() =>
      snap.transformer ? forwardTransformer(snap.transformer, rows.x, rows.n) : predictSurrogate(snap, rows.x, rows.n),
    );
    const tf1024 = time(() => predictTf(m, rows.x, rows.n, enc.width, 1024));
    const tf64 = time(() => predictTf(m, rows.x, rows.n, enc.width, 64));
    m.dispose();
    lines.push(
      `| ${label} | ${Math.round(js).toLocaleString('en-US')} | ${Math.round(tf1024).toLocaleString('en-US')} | ${Math.round(tf64).toLocaleString('en-US')} |`,
    );
  }
  return lines;
}
