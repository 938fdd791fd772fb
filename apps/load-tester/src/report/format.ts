// Number formatting shared by the progress line, the table and the HTML page.

/** 12,345 (integers with thousands separators). */
export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A latency in ms with sensible precision (0.123, 12.3, 1,234). */
export function ms(v: number): string {
  if (v === 0) return '0';
  if (v < 1) return v.toFixed(3);
  if (v < 100) return v.toFixed(2);
  return count(v);
}

/** Bytes with a binary unit (B, KiB, MiB, GiB). */
export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

/** A share as a percentage with one decimal. */
export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** Pads a table's columns to their widest cell. */
export function columns(rows: readonly (readonly string[])[], rightAlignFrom = 1): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => (i >= rightAlignFrom ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd());
}
