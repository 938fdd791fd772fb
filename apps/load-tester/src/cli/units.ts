// Readers for the human-friendly values of the command line and scenario files:
// durations ("30s", "1m30s", "250ms", a bare number is seconds), sizes ("64", "4k",
// "1KiB") and ramps ("10s" spreads the clients over ten seconds, "500/s" opens 500
// connections per second). Each returns the value or a message (errors as values).
import * as E from 'fp-ts/lib/Either.js';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds from "30", "30s", "250ms", "2m", "1h", "1m30s" (a bare number is seconds). */
export function parseDuration(text: string): E.Either<string, number> {
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return E.right(Number(s) * 1000);
  const parts = s.match(/(\d+(?:\.\d+)?)(ms|s|m|h)/g);
  if (parts === null || parts.join('') !== s) return E.left(`"${text}" is not a duration (examples: 30, 30s, 250ms, 2m, 1m30s)`);
  let ms = 0;
  for (const p of parts) {
    const [, n, unit] = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(p) as RegExpExecArray;
    ms += Number(n) * (UNIT_MS[unit as string] as number);
  }
  return E.right(ms);
}

const UNIT_BYTES: Readonly<Record<string, number>> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1 << 20, mb: 1 << 20, mib: 1 << 20 };

/** Bytes from "64", "4k", "4KiB", "1m" (binary multiples). */
export function parseSize(text: string): E.Either<string, number> {
  const m = /^(\d+)\s*([a-z]*)$/i.exec(text.trim());
  const mult = m === null ? undefined : UNIT_BYTES[(m[2] as string).toLowerCase()];
  if (m === null || mult === undefined) return E.left(`"${text}" is not a size in bytes (examples: 64, 512, 4k, 1KiB)`);
  return E.right(Number(m[1]) * mult);
}

/** How clients are opened: spread over a duration, or at a rate (connections per second). */
export type Ramp = { readonly kind: 'duration'; readonly ms: number } | { readonly kind: 'rate'; readonly perSecond: number };

/** A ramp from "10s" / "1m" (duration; "0" opens all at once) or "500/s" (connections per second). */
export function parseRamp(text: string): E.Either<string, Ramp> {
  const rate = /^(\d+(?:\.\d+)?)\s*\/\s*s$/.exec(text.trim());
  if (rate !== null) {
    const perSecond = Number(rate[1]);
    return perSecond > 0 ? E.right({ kind: 'rate', perSecond }) : E.left(`ramp rate must be above 0, got "${text}"`);
  }
  const d = parseDuration(text);
  return E.isLeft(d) ? E.left(`"${text}" is not a ramp (a duration like 10s, or connections per second like 500/s)`) : E.right({ kind: 'duration', ms: d.right });
}

/** The ramp as a rate for `clients` connections (Infinity: all at once). */
export function rampRate(ramp: Ramp, clients: number): number {
  if (ramp.kind === 'rate') return ramp.perSecond;
  return ramp.ms <= 0 ? Number.POSITIVE_INFINITY : (clients * 1000) / ramp.ms;
}

/** A ramp as it is written on the command line. */
export function formatRamp(ramp: Ramp): string {
  return ramp.kind === 'rate' ? `${ramp.perSecond}/s` : `${ramp.ms / 1000}s`;
}
