import { decodeDesign } from '../arch/design';
import type { Design, DesignTemplate } from '../arch/types';
import { designKey } from './dataset';

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
