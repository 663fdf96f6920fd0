import { kendallTau } from '../analysis/stats';
import type { CorpusBatch } from './batch';
import { finiteQuantile } from './rank';

/** Block families: a network's family is the block type most of its blocks have. */
export const FAMILIES = ['ibn', 'fused', 'group'] as const;
export const FAMILY_LABELS = { ibn: 'depthwise (IBN)', fused: 'fused-IBN', group: 'group-conv' } as const;
const KERNEL_LABELS = ['3×3', '5×5', '7×7'] as const;

export interface ClassSummary {
  id: string;
  feasible: number;
  medianLatencyMs: number;
  p90LatencyMs: number;
  medianEnergyMj: number;
  /** Picoseconds per MAC in the layers of each block type (Σ time / Σ MACs over feasible networks). */
  psPerMacByType: [number, number, number];
  /** Picoseconds per MAC in the layers of blocks with kernel 3, 5, 7. */
  psPerMacByKernel: [number, number, number];
  /** Mean memory-bound share of cycles for networks whose parameters fit on chip / do not. */
  memoryBoundOnChip: number;
  memoryBoundOffChip: number;
  paramsOnChipShare: number;
  /** Kendall τ between MACs and latency (how well MACs alone rank latency). */
  macsLatencyTau: number;
}

export interface CorpusSummary {
  networks: number;
  classes: ClassSummary[];
  /** wins[f][c]: networks of family f on which class c is fastest (feasible ones only). */
  familyCounts: [number, number, number];
  wins: number[][];
  insights: string[];
}

/** The family (index into FAMILIES) of row i: the largest block-type share (ties: the first). */
export function familyOf(b: CorpusBatch, i: number): number {
  const m = [b.net.mixIbn[i] as number, b.net.mixFused[i] as number, b.net.mixGroup[i] as number];
  return m.indexOf(Math.max(...m));
}

const fmt = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '—');
const pct = (x: number) => (Number.isFinite(x) ? `${Math.round(x * 100)} %` : '—');
const ratio = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);

/** Per-class statistics of a corpus (rows = unique networks; `classIds` in column order). */
export function summarizeClass(b: CorpusBatch, c: number, id: string): ClassSummary {
  const C = b.classes;
  const lat: number[] = [];
  const en: number[] = [];
  const macs: number[] = [];
  const msT = [0, 0, 0];
  const macT = [0, 0, 0];
  const msK = [0, 0, 0];
  const macK = [0, 0, 0];
  let on = 0;
  let onMem = 0;
  let offMem = 0;
  const types = ['Ibn', 'Fused', 'Group'] as const;
  const ks = ['K3', 'K5', 'K7'] as const;
  for (let i = 0; i < b.n; i++) {
    const r = i * C + c;
    if (b.cls.feasible[r] !== 1) continue;
    lat.push(b.cls.latencyMs[r] as number);
    en.push(b.cls.energyMj[r] as number);
    macs.push(b.net.macs[i] as number);
    for (let t = 0; t < 3; t++) {
      msT[t] = (msT[t] as number) + (b.cls[`ms${types[t] as 'Ibn'}`][r] as number);
      macT[t] = (macT[t] as number) + (b.net[`macs${types[t] as 'Ibn'}`][i] as number);
      msK[t] = (msK[t] as number) + (b.cls[`ms${ks[t] as 'K3'}`][r] as number);
      macK[t] = (macK[t] as number) + (b.net[`macs${ks[t] as 'K3'}`][i] as number);
    }
    const mb = b.cls.memoryBoundShare[r] as number;
    if (b.cls.paramsOnChip[r] === 1) {
      on++;
      onMem += mb;
    } else offMem += mb;
  }
  const f = lat.length;
  const ns = (ms: number[], m: number[]) =>
    [0, 1, 2].map((t) => ratio((ms[t] as number) * 1e9, m[t] as number)) as [number, number, number];
  return {
    id,
    feasible: f,
    medianLatencyMs: finiteQuantile(lat, 0.5),
    p90LatencyMs: finiteQuantile(lat, 0.9),
    medianEnergyMj: finiteQuantile(en, 0.5),
    psPerMacByType: ns(msT, macT),
    psPerMacByKernel: ns(msK, macK),
    memoryBoundOnChip: ratio(onMem, on),
    memoryBoundOffChip: ratio(offMem, f - on),
    paramsOnChipShare: ratio(on, f),
    macsLatencyTau: kendallTau(macs, lat),
  };
}

/**
 * The study's findings, computed from the data: per-class statistics, which class wins per family,
 * and sentences stating them. Nothing in a sentence is typed in except its wording; every number
 * and every comparison (which block type is cheaper, which class wins) comes from `b`. With
 * `predicted` (a study evaluated by the learned model) every sentence is marked as a prediction.
 */
export function summarizeCorpus(
  b: CorpusBatch,
  classIds: readonly string[],
  o: { predicted?: boolean } = {},
): CorpusSummary {
  const C = b.classes;
  const classes = classIds.map((id, c) => summarizeClass(b, c, id));
  const familyCounts: [number, number, number] = [0, 0, 0];
  const wins = FAMILIES.map(() => new Array<number>(C).fill(0));
  for (let i = 0; i < b.n; i++) {
    const f = familyOf(b, i);
    familyCounts[f] = (familyCounts[f] as number) + 1;
    let best = -1;
    let bestLat = Number.POSITIVE_INFINITY;
    for (let c = 0; c < C; c++) {
      const r = i * C + c;
      const l = b.cls.latencyMs[r] as number;
      if (b.cls.feasible[r] === 1 && l < bestLat) {
        bestLat = l;
        best = c;
      }
    }
    const w = wins[f] as number[];
    if (best >= 0) w[best] = (w[best] as number) + 1;
  }
  // No rows yet (a summary asked for before the first batch): nothing is known, so nothing is said.
  const lines = b.n === 0 ? [] : insightSentences(classes, familyCounts, wins);
  // A study evaluated by the learned cost model says so in every sentence (they quote its predictions).
  const insights = o.predicted ? lines.map((l) => `Predicted by the learned model: ${l}`) : lines;
  return { networks: b.n, classes, familyCounts, wins, insights };
}

function insightSentences(classes: ClassSummary[], familyCounts: number[], wins: number[][]): string[] {
  const out: string[] = [];
  const name = (id: string) => id.toUpperCase();
  for (const s of classes) {
    if (s.feasible === 0) {
      out.push(`No network of the corpus compiles on ${name(s.id)}.`);
      continue;
    }
    const t = s.psPerMacByType;
    const valid = [0, 1, 2].filter((k) => Number.isFinite(t[k]));
    if (valid.length >= 2) {
      const fast = valid.reduce((a, k) => ((t[k] as number) < (t[a] as number) ? k : a));
      const slow = valid.reduce((a, k) => ((t[k] as number) > (t[a] as number) ? k : a));
      out.push(
        `On ${name(s.id)}, ${FAMILY_LABELS[FAMILIES[fast] as 'ibn']} blocks take ${fmt(t[fast] as number)} ps per MAC, ` +
          `${fmt((t[slow] as number) / (t[fast] as number), 1)}× less than ${FAMILY_LABELS[FAMILIES[slow] as 'ibn']} blocks (${fmt(t[slow] as number)} ps).`,
      );
    }
    const k = s.psPerMacByKernel;
    if (Number.isFinite(k[0]) && Number.isFinite(k[2])) {
      const r = (k[2] as number) / (k[0] as number);
      const cmp = r >= 1 ? `${fmt(r)}× more` : `${fmt(1 / r)}× less`;
      out.push(
        `On ${name(s.id)}, blocks with ${KERNEL_LABELS[2]} kernels take ${fmt(k[2] as number)} ps per MAC, ${cmp} than ` +
          `blocks with ${KERNEL_LABELS[0]} kernels (${fmt(k[0] as number)} ps).`,
      );
    }
    if (Number.isFinite(s.memoryBoundOnChip) && Number.isFinite(s.memoryBoundOffChip)) {
      const more = s.memoryBoundOffChip > s.memoryBoundOnChip;
      out.push(
        `On ${name(s.id)}, networks whose parameters do not fit on chip spend ${pct(s.memoryBoundOffChip)} of their cycles in ` +
          `memory-bound layers, ${more ? 'against' : 'yet'} ${pct(s.memoryBoundOnChip)} for the ${pct(s.paramsOnChipShare)} that fit.`,
      );
    } else {
      out.push(`On ${name(s.id)}, ${pct(s.paramsOnChipShare)} of the networks keep all their parameters on chip.`);
    }
    if (Number.isFinite(s.macsLatencyTau)) {
      const q = s.macsLatencyTau >= 0.9 ? 'well' : s.macsLatencyTau >= 0.7 ? 'fairly' : 'poorly';
      out.push(`On ${name(s.id)}, MACs rank latency ${q} (Kendall τ ${fmt(s.macsLatencyTau, 2)}).`);
    }
  }
  FAMILIES.forEach((f, fi) => {
    const n = familyCounts[fi] as number;
    const w = wins[fi] as number[];
    const total = w.reduce((a, x) => a + x, 0);
    if (n === 0 || total === 0 || classes.length < 2) return;
    const best = w.indexOf(Math.max(...w));
    out.push(
      `${name(classes[best]?.id ?? '')} is the fastest class for ${pct((w[best] as number) / total)} of the ${n} ${FAMILY_LABELS[f]}-dominated networks.`,
    );
  });
  return out;
}
