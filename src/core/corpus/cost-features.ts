import { EDGETPU } from '../arch/edgetpu';
import { designNumber } from '../arch/index';
import { DRAM_ENERGY_PJ_PER_BYTE, MAC_ENERGY_PJ, SRAM_LEAKAGE_MW_PER_MIB, sramEnergyPjPerByte } from '../arch/tech';
import type { Design } from '../arch/types';
import type { Layer } from '../workload/layer';
import type { Workload } from '../workload/workload';

/**
 * Features of the learned cost model: per-layer quantities summed over the network by layer kind,
 * in units of the design (cycles of its peak MAC rate, of its DRAM link), so one model form serves
 * any `edgetpu` design. Only what a compiler knows before running anything goes in: layer shapes,
 * the design's array and memory sizes, and the Edge TPU compiler's parameter-cache plan (the
 * largest live activation set is reserved, parameters cache in layer order in what is left —
 * the plan the Edge TPU compiler reports, and the rule src/core/sim/edgetpu-plan.ts follows).
 * No simulator timing is used.
 */

/** Layer kinds the sums are split by. */
const KINDS = ['conv1x1', 'convKxK', 'group', 'depthwise', 'fc', 'vector'] as const;

/** Work padded to whole multiples of `width` over `units` (≥ 1): the ragged-tile factor. */
function ragged(units: number, width: number): number {
  return (Math.ceil(units / width) * width) / units;
}

const PER_KIND = ['computeCycles', 'roofCycles', 'layers', 'laneWaste', 'tileCycles'] as const;
const GLOBAL = [
  'totalCompute',
  'totalRoof',
  'streamedCycles',
  'streamedBytes',
  'residentBytes',
  'spillCycles',
  'activationPortCycles',
  'layers',
  'macs',
  'maxLiveShare',
  'resolution',
] as const;

/**
 * The analytical anchors the model corrects (last two entries, natural logs): latency = Σ per-layer
 * roofline cycles + per-tile and per-layer overheads, in ms; energy = MAC, DRAM, PE-memory and leakage
 * energy from the technology constants (src/core/arch/tech.ts) over those sums, in mJ. The model predicts log(target) − anchor, a ratio that varies far less than the target.
 */
export const ANCHORS = ['anchor.latencyMs', 'anchor.energyMj'] as const;

/** Names of the feature vector's entries, in order. */
export const COST_FEATURES: readonly string[] = [
  ...KINDS.flatMap((k) => PER_KIND.map((f) => `${k}.${f}`)),
  ...GLOBAL.map((g) => `net.${g}`),
  ...ANCHORS,
];
export const COST_FEATURE_COUNT = COST_FEATURES.length;

/**
 * The feature vector of `wl` on design `d` (written into `out` at `offset`). Every entry is
 * log1p of a non-negative sum, so networks 100× apart in size stay on one scale. For many
 * networks on one design, `new CostFeaturizer(d)` once and its `features` per network (the same
 * numbers, without the per-call setup).
 */
export function costFeatures(
  wl: Workload,
  d: Design,
  out = new Float32Array(COST_FEATURE_COUNT),
  offset = 0,
): Float32Array {
  return new CostFeaturizer(d).features(wl, out, offset);
}

/**
 * The cost features of networks on one design, allocation-free per network: the design's
 * constants are read once, the activation-liveness sweep (`liveActivationBytes`, inlined) and the
 * per-kind sums use scratch arrays that only grow. The fast predictor's hot path
 * (docs/corpus.md §4): on a ~80-layer network this is ~10 µs where the straightforward version —
 * design lookups by key, an array per layer for its producers, four arrays per network — took 30–80 µs.
 */
export class CostFeaturizer {
  private readonly lanes: number;
  private readonly cores: number;
  private readonly pes: number;
  private readonly allCores: number;
  private readonly peak: number;
  private readonly tileOverhead: number;
  private readonly bpe: number;
  private readonly dramBpc: number;
  private readonly portBpc: number;
  private readonly peTotal: number;
  private readonly clockMHz: number;
  private readonly layerOverhead: number;
  private readonly perMacSram: number;
  private readonly peSramPj: number;
  private readonly leakMwPerMs: number;
  private readonly sums = new Float64Array(KINDS.length * PER_KIND.length);
  private last = new Int32Array(0);
  private release = new Float64Array(0);
  private outBytes = new Float64Array(0);
  private inBytes = new Float64Array(0);
  private macs = new Float64Array(0);
  private wBytes = new Float64Array(0);
  private kind = new Uint8Array(0);
  private kg = new Float64Array(0);
  private px = new Float64Array(0);
  private rd = new Float64Array(0);

  constructor(d: Design) {
    const n = (k: string) => designNumber(EDGETPU, d, k);
    this.pes = n('peX') * n('peY');
    this.lanes = n('lanes');
    this.cores = n('cores');
    this.allCores = this.pes * this.cores;
    this.peak = this.allCores * this.lanes;
    this.tileOverhead = n('tileOverheadCycles');
    this.bpe = n('bytesPerElement');
    this.clockMHz = n('clockMHz');
    this.dramBpc = (n('dramBandwidth') * 1000) / this.clockMHz;
    this.portBpc = this.pes * n('peBytesPerCycle');
    this.peTotal = this.pes * n('peMemory');
    this.layerOverhead = n('layerOverheadCycles');
    const sramBytes =
      this.pes * (n('peMemory') + n('instructionMemory') * 8) +
      this.pes * n('cores') * (n('coreMemory') + n('parameterMemory') + n('activationMemory'));
    // Lane operand reads (edgetpu-model.ts): about one activation-memory byte per MAC and one
    // parameter-memory byte per `laneReuse` MACs — the largest energy term of most networks.
    this.perMacSram =
      sramEnergyPjPerByte(n('activationMemory')) + sramEnergyPjPerByte(n('parameterMemory')) / n('laneReuse');
    this.peSramPj = sramEnergyPjPerByte(n('peMemory'));
    this.leakMwPerMs = SRAM_LEAKAGE_MW_PER_MIB * (sramBytes / 1048576);
  }

  /** Grows the per-layer scratch columns to `n` layers. */
  private scratch(n: number): void {
    if (this.last.length >= n + 1) return;
    const m = 2 * (n + 1);
    this.last = new Int32Array(m);
    this.release = new Float64Array(m);
    this.outBytes = new Float64Array(m);
    this.inBytes = new Float64Array(m);
    this.macs = new Float64Array(m);
    this.wBytes = new Float64Array(m);
    this.kind = new Uint8Array(m);
    this.kg = new Float64Array(m);
    this.px = new Float64Array(m);
    this.rd = new Float64Array(m);
  }

  /**
   * Reads every layer once into the scratch columns: kind, MACs, parameter / input / output
   * bytes (the formulas of layerMacs, layerWeightBytes, layerInputBytes, layerOutputBytes, in
   * their order of operations), the tile-count bases and the last reader of each tensor. The IR's
   * layers come in many object shapes (optional fields), so each property read is a slow
   * (megamorphic) one: reading each field once instead of in every helper is most of the speed-up.
   */
  private readLayers(layers: readonly Layer[]): void {
    const n = layers.length;
    this.scratch(n);
    const { last, outBytes, inBytes, macs, wBytes, kind, kg, px, rd } = this;
    const bpe = this.bpe;
    // lastReaders: entry 0 the network input's last reader, entry j + 1 layer j's.
    last[0] = -1;
    for (let j = 0; j < n; j++) last[j + 1] = j;
    for (let i = 0; i < n; i++) {
      const l = layers[i] as Layer;
      const { op, n: b, c, h, w, k, p, q, r, s, groups, bias, bn, inputs, from } = l;
      const lstm = op === 'lstm';
      const steps = lstm ? (l.timesteps ?? 1) : 1;
      inBytes[i] = lstm ? b * steps * c * bpe : b * c * h * w * (inputs ?? 1) * bpe;
      outBytes[i] = lstm ? b * steps * k * bpe : b * k * p * q * bpe;
      let m = 0;
      let wt = 0;
      let g = 5;
      if (op === 'conv') {
        m = l.transposed ? b * h * w * c * (k / groups) * r * s : b * p * q * k * (c / groups) * r * s;
        wt = k * (c / groups) * r * s;
        g = groups > 1 ? 2 : r === 1 && s === 1 ? 0 : 1;
      } else if (op === 'depthwise') {
        m = b * p * q * k * r * s;
        wt = k * r * s;
        g = 3;
      } else if (op === 'fc') {
        m = b * c * k;
        wt = c * k;
        g = 4;
      } else if (lstm) {
        m = b * steps * 4 * k * (c + k);
        wt = 4 * k * (c + k);
        g = 4;
      }
      macs[i] = m;
      wBytes[i] = (wt + (lstm ? 4 * k : bias || bn ? k : 0)) * bpe;
      kind[i] = g;
      const dw = op === 'depthwise';
      kg[i] = dw ? r * s : Math.max(1, k / Math.max(1, groups));
      px[i] = Math.max(1, b * p * q * (dw ? k : Math.max(1, groups)));
      rd[i] = dw ? r * s : op === 'fc' ? c : Math.max(1, (c / Math.max(1, groups)) * r * s);
      if (from === undefined) {
        last[i] = Math.max(last[i] as number, i);
        continue;
      }
      for (let t = 0; t < from.length; t++) {
        const j = from[t] as number;
        if (j >= -1 && j < i) last[j + 1] = Math.max(last[j + 1] as number, i);
      }
    }
    if (n > 0) last[n] = n - 1;
  }

  /** The largest activation set live while any layer runs (bytes): the maximum of `liveActivationBytes`. */
  private maxLive(layers: readonly Layer[]): number {
    const n = layers.length;
    const { last, release, outBytes, inBytes } = this;
    const first = layers[0];
    const inputBytes = first ? (inBytes[0] as number) / (first.inputs ?? 1) : 0;
    release.fill(0, 0, n + 1);
    let live = 0;
    if ((last[0] as number) >= 0) {
      live += inputBytes;
      release[(last[0] as number) + 1] = inputBytes;
    }
    let max = 0;
    for (let i = 0; i < n; i++) {
      live -= release[i] as number;
      const o = outBytes[i] as number;
      live += o;
      const r = (last[i + 1] as number) + 1;
      release[r] = (release[r] as number) + o;
      max = Math.max(max, Math.max(live, (inBytes[i] as number) + o));
    }
    return max;
  }

  /** The feature vector of `wl` (COST_FEATURE_COUNT entries written into `out` at `offset`). */
  features(wl: Workload, out = new Float32Array(COST_FEATURE_COUNT), offset = 0): Float32Array {
    const { lanes, cores, pes, allCores, peak, tileOverhead, dramBpc, portBpc, peTotal } = this;
    const layers = wl.layers;
    const L = layers.length;
    this.readLayers(layers);
    const maxLive = this.maxLive(layers);
    const reserve = Math.min(maxLive, peTotal);
    const cap = peTotal - reserve;
    const sums = this.sums;
    sums.fill(0);
    let cached = 0;
    let full = false;
    let streamedCycles = 0;
    let streamedBytes = 0;
    let residentBytes = 0;
    let spill = 0;
    let port = 0;
    let macsAll = 0;
    let compute = 0;
    let roofAll = 0;
    let tileAll = 0;
    const { inBytes, outBytes, macs: macsOf, wBytes, kind, kg: kgOf, px: pxOf, rd: rdOf } = this;
    for (let li = 0; li < L; li++) {
      const macs = macsOf[li] as number;
      const w = wBytes[li] as number;
      if (w > 0 && !full) {
        if (cached + w <= cap) cached += w;
        else full = true;
      }
      const resident = w === 0 || !full;
      if (resident) residentBytes += w;
      else streamedBytes += w;
      const act = (inBytes[li] as number) + (outBytes[li] as number);
      // Ragged tiles of three simple mappings, the best one kept: (A) output channels of a
      // group on the lanes, output pixels over every core; (B) channels on lanes × cores, pixels
      // over the PEs; (C) the reduction (input channels of a group × filter taps) on the lanes,
      // pixels over the cores. A vector layer or a depthwise one works on its filter taps instead of channels.
      const kg = kgOf[li] as number;
      const px = pxOf[li] as number;
      const padA = ragged(kg, lanes) * ragged(px, allCores);
      const padB = ragged(kg, lanes * cores) * ragged(px, pes);
      const padC = ragged(rdOf[li] as number, lanes) * ragged(px, allCores);
      const pad = macs > 0 ? Math.min(padA, padB, padC) : 1;
      const tiles =
        macs > 0
          ? Math.min(
              Math.ceil(kg / lanes) * Math.ceil(px / allCores),
              Math.ceil(kg / (lanes * cores)) * Math.ceil(px / pes),
            )
          : 0;
      const cc = macs / peak;
      const memC = (resident ? 0 : w) / dramBpc + (act > reserve ? act / dramBpc : 0);
      const roof = Math.max(cc * pad, memC, act / portBpc);
      const base = (kind[li] as number) * PER_KIND.length;
      sums[base] = (sums[base] as number) + cc;
      sums[base + 1] = (sums[base + 1] as number) + roof;
      sums[base + 2] = (sums[base + 2] as number) + 1;
      sums[base + 3] = (sums[base + 3] as number) + cc * (pad - 1);
      sums[base + 4] = (sums[base + 4] as number) + tiles * tileOverhead;
      tileAll += tiles * tileOverhead;
      if (!resident) streamedCycles += w / dramBpc;
      if (act > reserve) spill += act / dramBpc;
      port += act / portBpc;
      macsAll += macs;
      compute += cc;
      roofAll += roof;
    }
    let o = offset;
    for (let k = 0; k < sums.length; k++) out[o++] = Math.log1p(sums[k] as number);
    out[o++] = Math.log1p(compute);
    out[o++] = Math.log1p(roofAll);
    out[o++] = Math.log1p(streamedCycles);
    out[o++] = Math.log1p(streamedBytes);
    out[o++] = Math.log1p(residentBytes);
    out[o++] = Math.log1p(spill);
    out[o++] = Math.log1p(port);
    out[o++] = Math.log1p(L);
    out[o++] = Math.log1p(macsAll);
    out[o++] = Math.log1p(peTotal > 0 ? (100 * maxLive) / peTotal : 0);
    out[o++] = Math.log1p(wl.input.h);
    const anchorCycles = roofAll + tileAll + L * this.layerOverhead;
    const anchorMs = Math.max(1, anchorCycles) / (this.clockMHz * 1e3);
    out[o++] = Math.log(anchorMs);
    const pj =
      macsAll * (MAC_ENERGY_PJ + this.perMacSram) +
      (streamedBytes + spill * dramBpc) * DRAM_ENERGY_PJ_PER_BYTE +
      (residentBytes + streamedBytes + port * portBpc) * this.peSramPj +
      this.leakMwPerMs * anchorMs * 1e6;
    out[o++] = Math.log(Math.max(1, pj) * 1e-9);
    return out;
  }
}
