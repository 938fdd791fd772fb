// Small inline SVG charts for the HTML report (no library, no CDN): lines or bars over
// the run's seconds, with axes, gridlines, a legend and a <title> per point for hover.

/** One series of a chart. */
export interface Series {
  readonly name: string;
  readonly color: string;
  readonly values: readonly (number | null)[];
  /** Draw as bars instead of a line. */
  readonly bars?: boolean;
}

/** A chart over time (x = the run's seconds). */
export interface ChartSpec {
  readonly title: string;
  readonly unit: string;
  readonly series: readonly Series[];
  /** Seconds of each point (default 1..n). */
  readonly seconds?: readonly number[];
  readonly width?: number;
  readonly height?: number;
}

/** Escapes text for HTML and SVG. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A round upper bound and step for an axis from 0 to `max`. */
export function niceScale(max: number): { top: number; step: number } {
  if (!(max > 0)) return { top: 1, step: 0.25 };
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  return { top: Math.ceil(max / step) * step, step };
}

function label(v: number): string {
  if (v >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (v >= 1e4) return `${+(v / 1e3).toFixed(1)}k`;
  return String(+v.toFixed(3));
}

/** The chart as an <svg> element. */
export function chart(spec: ChartSpec): string {
  const W = spec.width ?? 720;
  const H = spec.height ?? 220;
  const L = 56;
  const R = 12;
  const T = 28;
  const B = 30;
  const n = Math.max(1, ...spec.series.map((s) => s.values.length));
  const max = Math.max(0, ...spec.series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v))));
  const { top, step } = niceScale(max);
  const x = (i: number): number => L + ((W - L - R) * (n === 1 ? 0.5 : i)) / Math.max(1, n - 1);
  const y = (v: number): number => T + (H - T - B) * (1 - v / top);
  const sec = (i: number): string => `${+(spec.seconds?.[i] ?? i + 1).toFixed(1)}s`;
  const parts: string[] = [];
  parts.push(`<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(spec.title)}">`);
  parts.push(`<text x="${L}" y="16" class="title">${esc(spec.title)} (${esc(spec.unit)})</text>`);
  for (let v = 0; v <= top + step / 2; v += step) {
    parts.push(`<line x1="${L}" x2="${W - R}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" class="grid"/>`);
    parts.push(`<text x="${L - 6}" y="${(y(v) + 4).toFixed(1)}" class="axis" text-anchor="end">${label(v)}</text>`);
  }
  const xTicks = Math.min(n, 10);
  for (let k = 0; k < xTicks; k++) {
    const i = Math.round((k * (n - 1)) / Math.max(1, xTicks - 1));
    parts.push(`<text x="${x(i).toFixed(1)}" y="${H - 10}" class="axis" text-anchor="middle">${sec(i)}</text>`);
  }
  const barSeries = spec.series.filter((s) => s.bars === true);
  const barW = Math.max(1, ((W - L - R) / n) * 0.8) / Math.max(1, barSeries.length);
  spec.series.forEach((s) => {
    if (s.bars === true) {
      const k = barSeries.indexOf(s);
      s.values.forEach((v, i) => {
        if (v === null || !(v > 0)) return;
        const bx = x(i) - (barW * barSeries.length) / 2 + k * barW;
        parts.push(`<rect x="${bx.toFixed(1)}" y="${y(v).toFixed(1)}" width="${barW.toFixed(1)}" height="${(H - B - y(v)).toFixed(1)}" fill="${s.color}"><title>${esc(s.name)} at ${sec(i)}: ${label(v)}</title></rect>`);
      });
      return;
    }
    const pts = s.values.map((v, i) => (v === null || !Number.isFinite(v) ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`));
    let run: string[] = [];
    const flush = (): void => {
      if (run.length > 0) parts.push(`<polyline points="${run.join(' ')}" fill="none" stroke="${s.color}" stroke-width="1.8"/>`);
      run = [];
    };
    pts.forEach((p) => (p === null ? flush() : run.push(p)));
    flush();
    s.values.forEach((v, i) => {
      if (v !== null && Number.isFinite(v)) parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2" fill="${s.color}"><title>${esc(s.name)} at ${sec(i)}: ${label(v)}</title></circle>`);
    });
  });
  let lx = W - R;
  for (const s of [...spec.series].reverse()) {
    const w = 14 + s.name.length * 6.5;
    lx -= w + 10;
    parts.push(`<rect x="${lx.toFixed(1)}" y="8" width="10" height="10" fill="${s.color}"/><text x="${(lx + 14).toFixed(1)}" y="17" class="legend">${esc(s.name)}</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}
