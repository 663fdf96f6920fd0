import { SCORE_BOUND } from './mlp';
import type { TransformerWeights } from './transformer';

/**
 * The Transformer surrogate's forward pass in plain JavaScript (the same arithmetic as
 * `forwardTransformerTf`, in float64): what mining and the offline search score designs with,
 * as they do the MLP (mlp.ts `forward`) — no tensors, and the weights post between threads.
 * Rows are encoded as features.ts writes them; out gets n × 2 (bounded score, feasibility logit).
 */
export function forwardTransformer(
  tw: TransformerWeights,
  x: Float32Array,
  n: number,
  out: Float32Array = new Float32Array(n * 2),
): Float32Array {
  const { sizes, width: H, heads, contextDims } = tw.shape;
  const p = tw.params;
  const D = sizes.length;
  const dh = H / heads;
  const scale = 1 / Math.sqrt(dh);
  const E = p.experts.length;
  let inW = D;
  for (const s of sizes) inW += s;
  const areaSlot = inW;
  inW += 1 + contextDims;
  const h = new Float64Array(D * H);
  const nrm = new Float64Array(D * H);
  const q = new Float64Array(D * H);
  const k = new Float64Array(D * H);
  const v = new Float64Array(D * H);
  const mixed = new Float64Array(D * H);
  const gate = new Float64Array(H);
  const att = new Float64Array(D);
  const pooled = new Float64Array(H + 1);
  const hid = new Float64Array(H);
  const eg = new Float64Array(E);

  /** dst[t, j] = Σ_i src[t, i] · m[i, j] over tokens t (src rows of width fi, m fi × fo). */
  const project = (src: Float64Array, fi: number, m: Float32Array, fo: number, dst: Float64Array, add: boolean) => {
    for (let t = 0; t < D; t++) {
      const so = t * fi;
      const dOff = t * fo;
      if (!add) dst.fill(0, dOff, dOff + fo);
      for (let i = 0; i < fi; i++) {
        const a = src[so + i] as number;
        if (a === 0) continue;
        const row = i * fo;
        for (let j = 0; j < fo; j++) dst[dOff + j] = (dst[dOff + j] as number) + a * (m[row + j] as number);
      }
    }
  };
  const layerNorm = (g: Float32Array, b: Float32Array) => {
    for (let t = 0; t < D; t++) {
      const o = t * H;
      let mean = 0;
      for (let j = 0; j < H; j++) mean += h[o + j] as number;
      mean /= H;
      let vr = 0;
      for (let j = 0; j < H; j++) vr += ((h[o + j] as number) - mean) ** 2;
      const inv = 1 / Math.sqrt(vr / H + 1e-5);
      for (let j = 0; j < H; j++)
        nrm[o + j] = ((h[o + j] as number) - mean) * inv * (g[j] as number) + (b[j] as number);
    }
  };
  const ffHidden = new Float64Array(D * 2 * H);

  for (let r = 0; r < n; r++) {
    const base = r * inW;
    const ctxOff = areaSlot + 1;
    // Context fusion.
    for (let j = 0; j < H; j++) gate[j] = p.ctxB[j] as number;
    for (let c = 0; c < contextDims; c++) {
      const cv = x[base + ctxOff + c] as number;
      if (cv === 0) continue;
      for (let j = 0; j < H; j++) gate[j] = (gate[j] as number) + cv * (p.ctxW[c * H + j] as number);
    }
    // Tokens: one-hot · table + log value · vector, times the context gate.
    let off = D;
    for (let d = 0; d < D; d++) {
      const s = sizes[d] as number;
      const lv = x[base + d] as number;
      const emb = p.emb[d] as Float32Array;
      const o = d * H;
      for (let j = 0; j < H; j++) h[o + j] = lv * (p.logVec[d * H + j] as number);
      for (let i = 0; i < s; i++) {
        const a = x[base + off + i] as number;
        if (a === 0) continue;
        for (let j = 0; j < H; j++) h[o + j] = (h[o + j] as number) + a * (emb[i * H + j] as number);
      }
      for (let j = 0; j < H; j++) h[o + j] = (h[o + j] as number) * (gate[j] as number);
      off += s;
    }
    for (const blk of p.blocks) {
      layerNorm(blk.ln1g, blk.ln1b);
      project(nrm, H, blk.wq, H, q, false);
      project(nrm, H, blk.wk, H, k, false);
      project(nrm, H, blk.wv, H, v, false);
      mixed.fill(0);
      for (let hd = 0; hd < heads; hd++) {
        const c0 = hd * dh;
        for (let i = 0; i < D; i++) {
          let mx = Number.NEGATIVE_INFINITY;
          for (let j = 0; j < D; j++) {
            let dot = 0;
            for (let c = 0; c < dh; c++) dot += (q[i * H + c0 + c] as number) * (k[j * H + c0 + c] as number);
            att[j] = dot * scale;
            if (dot * scale > mx) mx = dot * scale;
          }
          let sum = 0;
          for (let j = 0; j < D; j++) {
            att[j] = Math.exp((att[j] as number) - mx);
            sum += att[j] as number;
          }
          for (let j = 0; j < D; j++) {
            const a = (att[j] as number) / sum;
            for (let c = 0; c < dh; c++)
              mixed[i * H + c0 + c] = (mixed[i * H + c0 + c] as number) + a * (v[j * H + c0 + c] as number);
          }
        }
      }
      project(mixed, H, blk.wo, H, h, true);
      layerNorm(blk.ln2g, blk.ln2b);
      project(nrm, H, blk.w1, 2 * H, ffHidden, false);
      for (let t = 0; t < D; t++) {
        const o = t * 2 * H;
        for (let j = 0; j < 2 * H; j++)
          ffHidden[o + j] = Math.max(0, (ffHidden[o + j] as number) + (blk.b1[j] as number));
      }
      project(ffHidden, 2 * H, blk.w2, H, h, true);
      for (let t = 0; t < D; t++)
        for (let j = 0; j < H; j++) h[t * H + j] = (h[t * H + j] as number) + (blk.b2[j] as number);
    }
    pooled.fill(0);
    for (let t = 0; t < D; t++)
      for (let j = 0; j < H; j++) pooled[j] = (pooled[j] as number) + (h[t * H + j] as number) / D;
    pooled[H] = x[base + areaSlot] as number;
    // Expert weights: softmax of the context's gate logits (one expert: weight 1).
    if (E > 1 && p.gateW && p.gateB) {
      let mx = Number.NEGATIVE_INFINITY;
      for (let e = 0; e < E; e++) {
        let z = p.gateB[e] as number;
        for (let c = 0; c < contextDims; c++) z += (x[base + ctxOff + c] as number) * (p.gateW[c * E + e] as number);
        eg[e] = z;
        mx = Math.max(mx, z);
      }
      let sum = 0;
      for (let e = 0; e < E; e++) {
        eg[e] = Math.exp((eg[e] as number) - mx);
        sum += eg[e] as number;
      }
      for (let e = 0; e < E; e++) eg[e] = (eg[e] as number) / sum;
    } else eg[0] = 1;
    let z0 = 0;
    let z1 = 0;
    for (let e = 0; e < E; e++) {
      const ex = p.experts[e] as (typeof p.experts)[number];
      for (let j = 0; j < H; j++) hid[j] = ex.b1[j] as number;
      for (let i = 0; i <= H; i++) {
        const a = pooled[i] as number;
        for (let j = 0; j < H; j++) hid[j] = (hid[j] as number) + a * (ex.w1[i * H + j] as number);
      }
      let a0 = ex.b2[0] as number;
      let a1 = ex.b2[1] as number;
      for (let j = 0; j < H; j++) {
        const a = Math.max(0, hid[j] as number);
        a0 += a * (ex.w2[j * 2] as number);
        a1 += a * (ex.w2[j * 2 + 1] as number);
      }
      z0 += (eg[e] as number) * a0;
      z1 += (eg[e] as number) * a1;
    }
    out[r * 2] = SCORE_BOUND * Math.tanh(z0 / SCORE_BOUND);
    out[r * 2 + 1] = z1;
  }
  return out;
}
