/** Human formatting helpers for the UI (SI prefixes, thousands separators). */
export function si(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return '—';
  const abs = Math.abs(v);
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [f, u] of units) if (abs >= f) return `${(v / f).toPrecision(digits)} ${u}`;
  return v.toPrecision(digits).replace(/\.0+$/, '');
}

export function int(v: number): string {
  return Math.round(v).toLocaleString('en-US');
}

export function bytes(v: number): string {
  if (v >= 1024 * 1024) return `${(v / 1024 / 1024).toFixed(2)} MiB`;
  if (v >= 1024) return `${(v / 1024).toFixed(1)} KiB`;
  return `${v} B`;
}
