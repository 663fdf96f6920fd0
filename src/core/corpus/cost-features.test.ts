import { describe, expect, it } from 'vitest';
import { EDGETPU } from '../arch/edgetpu';
import { designNumber } from '../arch/index';
import { DRAM_ENERGY_PJ_PER_BYTE, MAC_ENERGY_PJ, SRAM_LEAKAGE_MW_PER_MIB, sramEnergyPjPerByte } from '../arch/tech';
import type { Design } from '../arch/types';
import { liveActivationBytes } from '../workload/graph';
import { type Layer, layerInputBytes, layerMacs, layerOutputBytes, layerWeightBytes } from '../workload/layer';
import { spaceNetwork } from '../workload/space/index';
import type { Workload } from '../workload/workload';
import { ZOO } from '../workload/zoo/index';
import { COST_FEATURE_COUNT, CostFeaturizer, costFeatures } from './cost-features';
import { classDesigns } from './evaluate';

/**
 * The cost features as first written (before the allocation-free CostFeaturizer): design values
 * looked up by key, liveActivationBytes from the graph module, arrays per call. Trained models
 * depend on these exact numbers, so the fast path must reproduce them bit for bit.
 */
const KINDS = 6;
const PER_KIND = 5;
function ragged(units: number, width: number): number {
  return (Math.ceil(units / width) * width) / units;
}
function kindOf(l: Layer): number {
  if (l.op === 'conv') return l.groups > 1 ? 2 : l.r === 1 && l.s === 1 ? 0 : 1;
  if (l.op === 'depthwise') return 3;
  return l.op === 'fc' || l.op === 'lstm' ? 4 : 5;
}
function referenceFeatures(
  wl: Workload,
  d: Design,
  out = new Float32Array(COST_FEATURE_COUNT),
  offset = 0,
): Float32Array {
  const n = (k: string) => designNumber(EDGETPU, d, k);
  const pes = n('peX') * n('peY');
  const lanes = n('lanes');
  const cores = n('cores');
  const allCores = pes * cores;
  const peak = allCores * lanes;
  const tileOverhead = n('tileOverheadCycles');
  const bpe = n('bytesPerElement');
  const dramBpc = (n('dramBandwidth') * 1000) / n('clockMHz');
  const portBpc = pes * n('peBytesPerCycle');
  const peTotal = pes * n('peMemory');
  const clockMHz = n('clockMHz');
  const layerOverhead = n('layerOverheadCycles');
  const live = liveActivationBytes(wl.layers, bpe);
  let maxLive = 0;
  for (const v of live) maxLive = Math.max(maxLive, v);
  const reserve = Math.min(maxLive, peTotal);
  const cap = peTotal - reserve;
  const sums = new Float64Array(KINDS * PER_KIND);
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
  for (const l of wl.layers) {
    const g = kindOf(l);
    const macs = layerMacs(l);
    const w = layerWeightBytes(l, bpe);
    if (w > 0 && !full) {
      if (cached + w <= cap) cached += w;
      else full = true;
    }
    const resident = w === 0 || !full;
    if (resident) residentBytes += w;
    else streamedBytes += w;
    const act = layerInputBytes(l, bpe) + layerOutputBytes(l, bpe);
    // Ragged tiles of three simple mappings, the best one kept: (A) output channels of a
    // group on the lanes, output pixels over every core; (B) channels on lanes × cores, pixels
    // over the PEs. A vector layer or a depthwise one works on its filter taps instead of channels.
    const kg = l.op === 'depthwise' ? l.r * l.s : Math.max(1, l.k / Math.max(1, l.groups));
    const px = Math.max(1, l.n * l.p * l.q * (l.op === 'depthwise' ? l.k : Math.max(1, l.groups)));
    const padA = ragged(kg, lanes) * ragged(px, allCores);
    const padB = ragged(kg, lanes * cores) * ragged(px, pes);
    // (C) the reduction (input channels of a group × filter taps) on the lanes, pixels over the cores.
    const rd =
      l.op === 'depthwise' ? l.r * l.s : l.op === 'fc' ? l.c : Math.max(1, (l.c / Math.max(1, l.groups)) * l.r * l.s);
    const padC = ragged(rd, lanes) * ragged(px, allCores);
    const pad = macs > 0 ? Math.min(padA, padB, padC) : 1;
    const tiles =
      macs > 0
        ? Math.min(
            Math.ceil(kg / lanes) * Math.ceil(px / allCores),
            Math.ceil(kg / (lanes * cores)) * Math.ceil(px / pes),
          )
        : 0;
    const c = macs / peak;
    const memC = (resident ? 0 : w) / dramBpc + (act > reserve ? act / dramBpc : 0);
    const roof = Math.max(c * pad, memC, act / portBpc);
    const base = g * PER_KIND;
    sums[base] = (sums[base] as number) + c;
    sums[base + 1] = (sums[base + 1] as number) + roof;
    sums[base + 2] = (sums[base + 2] as number) + 1;
    sums[base + 3] = (sums[base + 3] as number) + c * (pad - 1);
    sums[base + 4] = (sums[base + 4] as number) + tiles * tileOverhead;
    tileAll += tiles * tileOverhead;
    if (!resident) streamedCycles += w / dramBpc;
    if (act > reserve) spill += act / dramBpc;
    port += act / portBpc;
    macsAll += macs;
    compute += c;
    roofAll += roof;
  }
  let o = offset;
  for (const v of sums) out[o++] = Math.log1p(v);
  const globals = [
    compute,
    roofAll,
    streamedCycles,
    streamedBytes,
    residentBytes,
    spill,
    port,
    wl.layers.length,
    macsAll,
    peTotal > 0 ? (100 * maxLive) / peTotal : 0,
    wl.input.h,
  ];
  for (const v of globals) out[o++] = Math.log1p(v);
  const anchorCycles = roofAll + tileAll + wl.layers.length * layerOverhead;
  const anchorMs = Math.max(1, anchorCycles) / (clockMHz * 1e3);
  out[o++] = Math.log(anchorMs);
  const sramBytes =
    pes * (n('peMemory') + n('instructionMemory') * 8) +
    pes * n('cores') * (n('coreMemory') + n('parameterMemory') + n('activationMemory'));
  // Lane operand reads (edgetpu-model.ts): about one activation-memory byte per MAC and one
  // parameter-memory byte per `laneReuse` MACs — the largest energy term of most networks.
  const perMacSram =
    sramEnergyPjPerByte(n('activationMemory')) + sramEnergyPjPerByte(n('parameterMemory')) / n('laneReuse');
  const pj =
    macsAll * (MAC_ENERGY_PJ + perMacSram) +
    (streamedBytes + spill * dramBpc) * DRAM_ENERGY_PJ_PER_BYTE +
    (residentBytes + streamedBytes + port * portBpc) * sramEnergyPjPerByte(n('peMemory')) +
    SRAM_LEAKAGE_MW_PER_MIB * (sramBytes / 1048576) * anchorMs * 1e6;
  out[o++] = Math.log(Math.max(1, pj) * 1e-9);
  return out;
}

describe('CostFeaturizer (the fast feature pass)', () => {
  const classes = classDesigns(['v1', 'v2', 'v3']);
  const space = Array.from({ length: 120 }, (_, i) => spaceNetwork('edgetpu-nas', 5, i).workload);
  const zoo = ZOO.filter((z) => !z.id.startsWith('lstm')).map((z) => z.build());

  it('gives the reference features bit for bit on space and zoo networks × V1/V2/V3, reusing its scratch', () => {
    for (const cls of classes) {
      const f = new CostFeaturizer(cls.design);
      // One featurizer over networks of every size in turn: scratch arrays shrink in use, never stale.
      const out = new Float32Array(COST_FEATURE_COUNT * 2);
      for (const wl of [...space, ...zoo]) {
        const want = referenceFeatures(wl, cls.design);
        f.features(wl, out, COST_FEATURE_COUNT);
        expect(Array.from(out.subarray(COST_FEATURE_COUNT))).toEqual(Array.from(want));
        expect(Array.from(costFeatures(wl, cls.design))).toEqual(Array.from(want));
      }
    }
  });

  it('its liveness sweep is liveActivationBytes: the anchor moves with the PE memory only through it', () => {
    const wl = zoo.find((w) => w.id === 'resnet50') ?? (zoo[0] as Workload);
    const live = liveActivationBytes(wl.layers, 1).reduce((m, v) => Math.max(m, v), 0);
    const d = classes[1]?.design as Design;
    // net.maxLiveShare = log1p(100 · max live / total PE memory).
    const pes = designNumber(EDGETPU, d, 'peX') * designNumber(EDGETPU, d, 'peY');
    const share = (100 * live) / (pes * designNumber(EDGETPU, d, 'peMemory'));
    const x = new CostFeaturizer(d).features(wl);
    expect(x[COST_FEATURE_COUNT - 4]).toBeCloseTo(Math.log1p(share), 5);
  });
});
