/**
 * Pure helpers behind the explorer's charts: domains, the roofline ridge, sort orders, tick choice, legend
 * layout. No DOM here, so every function runs (and is tested) in Node.
 */

/**
 * Ridge point of a roofline (Williams, Waterman & Patterson, CACM 2009): the operational intensity where the
 * bandwidth roof meets the compute roof. Units: (MAC/s) / (B/s) = MAC per byte. NaN when either input is unusable.
 */
export function ridgePoint(peakMacsPerSec: number, bytesPerSec: number): number {
  if (!(peakMacsPerSec > 0) || !(bytesPerSec > 0)) return Number.NaN;
  return peakMacsPerSec / bytesPerSec;
}

/** Attainable MAC/s at intensity `x` (MAC/B) under one bandwidth roof: min(peak, bw·x). */
export function attainable(x: number, peakMacsPerSec: number, bytesPerSec: number): number {
  return Math.min(peakMacsPerSec, bytesPerSec * x);
}

/**
 * A log-scale domain covering every positive finite value, widened by the factor `pad` on each side so marks
 * never sit on the frame. One value (or all equal) spans a decade each way; no usable value gives `fallback`.
 */
export function logDomain(
  values: readonly number[],
  pad = 1.6,
  fallback: [number, number] = [1, 10],
): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = 0;
  for (const v of values) {
    if (!(v > 0) || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > 0)) return fallback;
  if (lo === hi) return [lo / 10, hi * 10];
  const p = Math.max(1, pad);
  return [lo / p, hi * p];
}

/**
 * Tick values for a log axis over [lo, hi]. With three decades or more inside it: the decades (every k-th, k chosen
 * so at most `maxTicks` remain). With fewer — always so when the range spans less than two decades — decades alone
 * would leave one or two labels for the whole axis (0.5 to 20 ms read "1" and "10"), so ticks inside a decade are
 * labelled too: the 1-2-5 sequence, or 1-3 when that is more than `maxTicks` (decades if even that is too many),
 * or every mantissa 1…9 when 1-2-5 leaves fewer than three (and those fit).
 */
export function logTicks(lo: number, hi: number, maxTicks = 8): number[] {
  if (!(lo > 0) || !(hi > lo) || !Number.isFinite(hi)) return [];
  const e0 = Math.floor(Math.log10(lo) + 1e-9);
  const e1 = Math.floor(Math.log10(hi) + 1e-9);
  const within = (mantissas: readonly number[]) => {
    const out: number[] = [];
    for (let e = e0; e <= e1; e++) {
      for (const m of mantissas) {
        // Exact decimal values (2 × 10^-3 is 0.002, not 0.0020000000000000005), so labels print cleanly.
        const v = Number(`${m}e${e}`);
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
      }
    }
    return out;
  };
  const decades = within([1]);
  if (decades.length >= 3) {
    const k = Math.ceil(decades.length / Math.max(1, maxTicks));
    return decades.filter((_, i) => i % k === 0);
  }
  const oneTwoFive = within([1, 2, 5]);
  if (oneTwoFive.length > maxTicks) {
    const oneThree = within([1, 3]);
    return oneThree.length <= maxTicks || decades.length < 2 ? oneThree : decades;
  }
  if (oneTwoFive.length >= 3) return oneTwoFive;
  const all = within([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  return all.length <= maxTicks || oneTwoFive.length < 2 ? all : oneTwoFive;
}

/**
 * Log-log domains for a roofline. x (MAC/B) covers every finite layer intensity and the ridge points, so the knee
 * is always on screen; y (MAC/s) covers every achieved rate and the peak, with headroom above the compute roof
 * for its label. Infinite intensities (layers with no DRAM traffic) are left out: the chart pins them to the edge.
 */
export function rooflineDomains(r: {
  peakMacsPerSec: number;
  dramBytesPerSec: number;
  onChipBytesPerSec?: number;
  points: readonly { intensity: number; achieved: number }[];
}): { x: [number, number]; y: [number, number] } {
  const xs = r.points.map((p) => p.intensity);
  xs.push(ridgePoint(r.peakMacsPerSec, r.dramBytesPerSec));
  if (r.onChipBytesPerSec) xs.push(ridgePoint(r.peakMacsPerSec, r.onChipBytesPerSec));
  const x = logDomain(xs, 2.5);
  const ys = r.points.map((p) => p.achieved);
  const [ylo, yhi] = logDomain([...ys, r.peakMacsPerSec], 2, [1e9, 1e12]);
  // Lower bound: where the DRAM roof enters the left edge, if that is lower than the slowest layer (up to 4 decades
  // under the peak, so a single crawling layer cannot squash the rest).
  const roofAtLeft = attainable(x[0], r.peakMacsPerSec, r.dramBytesPerSec);
  const floor = r.peakMacsPerSec > 0 ? r.peakMacsPerSec / 1e4 : ylo;
  const lo = Math.min(ylo, Math.max(roofAtLeft, floor));
  return { x, y: [lo > 0 ? lo : ylo, Math.max(yhi, r.peakMacsPerSec * 2.5)] };
}

const SI: readonly [number, string][] = [
  [1e15, 'P'],
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/**
 * Compact tick label: SI prefix from 1,000 up ("2.5G"), plain digits below (0.05, 12.5) — never milli/micro
 * prefixes, which read badly next to units such as µJ. At most three significant digits, trailing zeros dropped.
 */
export function siTick(v: number): string {
  if (!Number.isFinite(v)) return '∞';
  if (v === 0) return '0';
  const abs = Math.abs(v);
  for (const [f, p] of SI) if (abs >= f) return `${trimZeros((v / f).toPrecision(3))}${p}`;
  return trimZeros(v.toPrecision(3));
}

/** A quantity with its unit for labels: SI prefix joined to the unit after a space ("25.6 GB/s", "39.1 MAC/B"). */
export function siUnit(v: number, unit: string): string {
  const t = siTick(v);
  const prefix = /[kMGTP]$/.test(t) ? t.slice(-1) : '';
  return `${prefix ? t.slice(0, -1) : t} ${prefix}${unit}`;
}

function trimZeros(s: string): string {
  if (s.includes('e')) return Number(s).toLocaleString('en-US', { maximumSignificantDigits: 3, useGrouping: false });
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/**
 * Sum of each layer's segments (cycles or energy). Non-finite and negative parts are skipped, as the stacked bar
 * skips them, so the total is always the drawn height.
 */
export function segmentTotals(layers: readonly { segments: readonly number[] }[]): number[] {
  return layers.map((l) => l.segments.reduce((s, v) => (Number.isFinite(v) && v > 0 ? s + v : s), 0));
}

/**
 * Display order of layers: network order, or total cost descending. The cost sort is stable (equal totals keep
 * network order) so bars do not shuffle while a slider moves through ties.
 */
export function sortedIndices(totals: readonly number[], sort: 'order' | 'cost'): number[] {
  const idx = totals.map((_, i) => i);
  if (sort === 'order') return idx;
  return idx.sort((a, b) => (totals[b] ?? 0) - (totals[a] ?? 0) || a - b);
}

/** Every `step`-th of n band positions, with the step chosen so at most `maxTicks` labels remain. */
export function thinnedTicks(n: number, maxTicks: number): number[] {
  if (n <= 0) return [];
  const step = Math.max(1, Math.ceil(n / Math.max(1, maxTicks)));
  const out: number[] = [];
  for (let i = 0; i < n; i += step) out.push(i);
  return out;
}

/** Distinct values in order of first appearance (legend order that follows the data, not the alphabet). */
export function uniqueInOrder<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

export interface LegendSlot {
  x: number;
  y: number;
}

/**
 * Flow layout for a legend row that wraps: each item takes a swatch, a gap and its label (text width estimated
 * at `charW` px per character; 11 px system-ui averages about 6 px). Returns item positions and total height.
 */
export function legendLayout(
  labels: readonly string[],
  maxWidth: number,
  { charW = 6.2, swatch = 16, gap = 14, rowH = 16 } = {},
): { slots: LegendSlot[]; height: number } {
  const slots: LegendSlot[] = [];
  let x = 0;
  let y = 0;
  for (const label of labels) {
    const w = swatch + label.length * charW + gap;
    if (x > 0 && x + w - gap > maxWidth) {
      x = 0;
      y += rowH;
    }
    slots.push({ x, y });
    x += w;
  }
  return { slots, height: labels.length ? y + rowH : 0 };
}

/**
 * Splits an axis title into at most `maxLines` lines of at most `maxPx` CSS px (text width estimated at `charW` px
 * per character, 11 px system-ui), breaking at spaces; a word longer than a line gets a line of its own.
 */
export function wrapLines(text: string, maxPx: number, { charW = 6.2, maxLines = 2 } = {}): string[] {
  const perLine = Math.max(1, Math.floor(maxPx / charW));
  if (text.length <= perLine) return [text];
  const lines: string[] = [];
  let cur = '';
  for (const word of text.split(' ')) {
    if (cur && `${cur} ${word}`.length > perLine && lines.length < maxLines - 1) {
      lines.push(cur);
      cur = word;
    } else cur = cur ? `${cur} ${word}` : word;
  }
  lines.push(cur);
  return lines;
}
