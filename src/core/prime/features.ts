import { decodeDesign } from '../arch/design';
import type { Design, DesignTemplate } from '../arch/types';
import { designKey, type PrimeDataset } from './dataset';

/**
 * Input encoding of the surrogate: for each of the template's parameters its value on a log
 * scale mapped to [0, 1] (products such as peak MACs = peX·peY·cores·lanes become sums, which a
 * ReLU network represents exactly), then a one-hot of its grid index (PRIME's models embed each
 * discrete parameter; one-hot lets non-monotone effects be learnt), then ln(area / budget) / 2
 * (area is an analytical function of the design, known to PRIME without simulation), and last
 * the workload context vector.
 */
export interface DesignEncoder {
  readonly sizes: readonly number[];
  /** Features of the design part (log values + one-hot + area). */
  readonly designDims: number;
  readonly contextDims: number;
  /** designDims + contextDims. */
  readonly width: number;
  /** Area of a grid design, mm² (cached by design). */
  area(x: ArrayLike<number>): number;
  /** Writes the features of (x, context) into out[offset … offset + width). */
  encode(x: ArrayLike<number>, context: Float32Array, out: Float32Array, offset: number): void;
}

export function createEncoder(
  template: DesignTemplate,
  areaBudgetMm2: number,
  contextDims: number,
  base?: Design,
): DesignEncoder {
  const sizes = template.params.map((p) => p.values.length);
  const dims = sizes.length;
  const logValues = template.params.map((p) => {
    if (typeof p.values[0] !== 'number')
      return p.values.map((_, i) => (p.values.length > 1 ? i / (p.values.length - 1) : 0));
    const lv = p.values.map((v) => Math.log2(Math.max(v as number, 1e-9)));
    const lo = lv[0] as number;
    const span = (lv[lv.length - 1] as number) - lo || 1;
    return lv.map((v) => (v - lo) / span);
  });
  const oneHotOffset: number[] = [];
  let o = dims;
  for (const s of sizes) {
    oneHotOffset.push(o);
    o += s;
  }
  const areaSlot = o;
  const designDims = o + 1;
  const areaCache = new Map<number, number>();
  const area = (x: ArrayLike<number>): number => {
    const key = designKey(sizes, x);
    let a = areaCache.get(key);
    if (a === undefined) {
      a = template.areaTotal(decodeDesign(template, x, base));
      if (areaCache.size > 1_000_000) areaCache.clear();
      areaCache.set(key, a);
    }
    return a;
  };
  return {
    sizes,
    designDims,
    contextDims,
    width: designDims + contextDims,
    area,
    encode(x, context, out, offset) {
      out.fill(0, offset, offset + designDims);
      for (let d = 0; d < dims; d++) {
        const v = x[d] as number;
        out[offset + d] = (logValues[d] as number[])[v] as number;
        out[offset + (oneHotOffset[d] as number) + v] = 1;
      }
      out[offset + areaSlot] = Math.log(area(x) / areaBudgetMm2) / 2;
      out.set(context, offset + designDims);
    },
  };
}

/**
 * Logged data as training rows: every known (design, workload) cell of the chosen columns encoded
 * (features.ts), feasible rows with their standardised score y = −(ln latency − μ)/σ, infeasible
 * rows without. μ and σ come from the feasible rows unless given (a validation set reuses the
 * training set's).
 */
export interface Rows {
  x: Float32Array;
  y: Float32Array;
  n: number;
}

/** Encodes the feasible (with y) and infeasible rows of `data` for the given workload columns. */
export function encodeRows(
  enc: DesignEncoder,
  data: PrimeDataset,
  contexts: Readonly<Record<string, Float32Array>>,
  workloads: readonly string[],
  norm?: { yMean: number; yStd: number },
): { feasible: Rows; infeasible: Rows; yMean: number; yStd: number } {
  const W = data.workloads.length;
  const cols = workloads.map((id) => {
    const c = data.workloads.indexOf(id);
    if (c < 0) throw new Error(`workload "${id}" is not in the data`);
    if (!contexts[id]) throw new Error(`no context vector for workload "${id}"`);
    return c;
  });
  const fIdx: [number, number][] = [];
  const iIdx: [number, number][] = [];
  for (let i = 0; i < data.n; i++) {
    for (const c of cols) {
      const j = i * W + c;
      if (!data.known[j]) continue;
      (data.feasible[j] ? fIdx : iIdx).push([i, c]);
    }
  }
  let yMean = norm?.yMean ?? 0;
  let yStd = norm?.yStd ?? 1;
  if (!norm) {
    const ls = fIdx.map(([i, c]) => Math.log(data.latencyMs[i * W + c] as number));
    yMean = ls.reduce((s, v) => s + v, 0) / Math.max(1, ls.length);
    yStd = Math.sqrt(ls.reduce((s, v) => s + (v - yMean) ** 2, 0) / Math.max(1, ls.length)) || 1;
  }
  const build = (idx: [number, number][], withY: boolean): Rows => {
    const x = new Float32Array(idx.length * enc.width);
    const y = new Float32Array(idx.length);
    idx.forEach(([i, c], r) => {
      enc.encode(
        data.codes.subarray(i * data.dims, (i + 1) * data.dims),
        contexts[data.workloads[c] as string] as Float32Array,
        x,
        r * enc.width,
      );
      if (withY) y[r] = -(Math.log(data.latencyMs[i * W + c] as number) - yMean) / yStd;
    });
    return { x, y, n: idx.length };
  };
  return { feasible: build(fIdx, true), infeasible: build(iIdx, false), yMean, yStd };
}
