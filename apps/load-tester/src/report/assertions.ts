// `--assert "p99<50ms,loss=0,errors<1%"`: pass/fail checks on the report for CI
// pipelines. Parsed up front (a typo is a usage error, exit 2) and evaluated on the
// finished report (a failed check makes the exit code 1).
import * as E from 'fp-ts/lib/Either.js';
import type { Summary } from '../metrics/histograms';
import type { AssertionResult, Report } from './report';

type Op = '<=' | '>=' | '!=' | '==' | '<' | '>' | '=';
const LATENCIES = ['echo', 'rtt', 'connect', 'handshake', 'resume', 'gap', 'silence', 'xborder', 'xinner'] as const;
type Latency = (typeof LATENCIES)[number];
const STATS: Readonly<Record<string, keyof Summary>> = { p50: 'p50', p90: 'p90', p99: 'p99', p999: 'p999', 'p99.9': 'p999', max: 'max', mean: 'mean', min: 'min' };
const COUNTS = ['loss', 'duplicates', 'reordered', 'errors', 'transfers', 'aborted', 'connected', 'sent', 'received', 'recall'] as const;
type CountMetric = (typeof COUNTS)[number];
const PERCENTABLE = new Set<CountMetric>(['loss', 'errors', 'connected', 'recall']);

/** One parsed check. */
export type Assertion =
  | { readonly kind: 'latency'; readonly text: string; readonly latency: Latency | undefined; readonly stat: keyof Summary; readonly op: Op; readonly ms: number }
  | { readonly kind: 'count'; readonly text: string; readonly metric: CountMetric; readonly percent: boolean; readonly op: Op; readonly value: number };

/** The metrics `--assert` knows, for help and errors. */
export const ASSERT_METRICS = `[echo.|rtt.|connect.|handshake.|resume.|gap.|silence.|xborder.|xinner.]p50|p90|p99|p999|max|mean (ms, s, us), ${COUNTS.join(', ')} (loss, errors and connected also as %; recall, the cross-border recall, as a fraction 0..1 or %)`;

function parseTerm(text: string): E.Either<string, Assertion> {
  const m = /^\s*([a-z][a-z0-9.]*)\s*(<=|>=|!=|==|<|>|=)\s*(-?\d+(?:\.\d+)?)\s*(ms|s|us|%)?\s*$/i.exec(text);
  if (m === null) return E.left(`assertion "${text}" must look like metric<value (e.g. p99<50ms, loss=0, errors<1%)`);
  const [, rawName, op, num, rawUnit] = m as unknown as [string, string, Op, string, string | undefined];
  const name = rawName.toLowerCase();
  const unit = rawUnit?.toLowerCase();
  const value = Number(num);
  const dot = name.lastIndexOf('.');
  const [prefix, statName] = dot > 0 && LATENCIES.includes(name.slice(0, dot) as Latency) ? [name.slice(0, dot) as Latency, name.slice(dot + 1)] : [undefined, name];
  const stat = STATS[statName];
  if (stat !== undefined) {
    if (unit === '%') return E.left(`assertion "${text}": a latency takes ms, s or us, not %`);
    const ms = unit === 's' ? value * 1000 : unit === 'us' ? value / 1000 : value;
    return E.right({ kind: 'latency', text: text.trim(), latency: prefix, stat, op, ms });
  }
  if ((COUNTS as readonly string[]).includes(name)) {
    const metric = name as CountMetric;
    if (unit === '%' && !PERCENTABLE.has(metric)) return E.left(`assertion "${text}": ${metric} cannot be a percentage`);
    if (unit !== undefined && unit !== '%') return E.left(`assertion "${text}": ${metric} is a count, not a time`);
    return E.right({ kind: 'count', text: text.trim(), metric, percent: unit === '%', op, value });
  }
  return E.left(`assertion "${text}": unknown metric "${rawName}" (known: ${ASSERT_METRICS})`);
}

/** Parses a comma-separated list of checks. */
export function parseAssertions(text: string): E.Either<string, Assertion[]> {
  const out: Assertion[] = [];
  for (const term of text.split(',').filter((t) => t.trim() !== '')) {
    const a = parseTerm(term);
    if (E.isLeft(a)) return a;
    out.push(a.right);
  }
  return out.length === 0 ? E.left('--assert needs at least one check (e.g. "p99<50ms,loss=0")') : E.right(out);
}

function compare(actual: number, op: Op, expected: number): boolean {
  switch (op) {
    case '<':
      return actual < expected;
    case '<=':
      return actual <= expected;
    case '>':
      return actual > expected;
    case '>=':
      return actual >= expected;
    case '!=':
      return actual !== expected;
    default:
      return actual === expected;
  }
}

function countOf(r: Report, metric: CountMetric, percent: boolean): number {
  switch (metric) {
    case 'loss':
      return percent ? r.integrity.lossRate * 100 : r.integrity.lost;
    case 'duplicates':
      return r.integrity.duplicated;
    case 'reordered':
      return r.integrity.reordered;
    case 'errors':
      return percent ? r.errors.percent : r.errors.total;
    case 'transfers':
      return r.transfers.completed;
    case 'aborted':
      return r.transfers.aborted;
    case 'connected':
      return percent ? (r.connections.target > 0 ? (r.connections.peak / r.connections.target) * 100 : 0) : r.connections.peak;
    case 'sent':
      return r.throughput.sent.messagesPerS;
    case 'recall':
      return (r.crossBorder?.recall ?? 0) * (percent ? 100 : 1);
    default:
      return r.throughput.received.messagesPerS;
  }
}

/** Checks every assertion against the report. */
export function evaluateAssertions(r: Report, assertions: readonly Assertion[]): AssertionResult[] {
  return assertions.map((a) => {
    if (a.kind === 'count') {
      if (a.metric === 'recall' && (r.crossBorder === undefined || r.crossBorder.samples === 0)) {
        return { expression: a.text, passed: false, actual: r.crossBorder === undefined ? 'no cross-border check (--cross-border)' : 'no recall samples' };
      }
      const actual = countOf(r, a.metric, a.percent);
      return { expression: a.text, passed: compare(actual, a.op, a.value), actual: a.percent ? `${+actual.toFixed(3)}%` : String(+actual.toFixed(3)) };
    }
    // A bare percentile means action echo latency; without echoes (idle), heartbeat RTT.
    const latency = a.latency ?? (r.latency.echo.count > 0 ? 'echo' : 'rtt');
    const s = latency === 'gap' || latency === 'silence' ? r.transfers[latency] : latency === 'xborder' ? r.crossBorder?.delay : latency === 'xinner' ? r.crossBorder?.innerDelay : r.latency[latency];
    if (s === undefined) return { expression: a.text, passed: false, actual: 'no cross-border check (--cross-border)' };
    if (s.count === 0) return { expression: a.text, passed: false, actual: `no ${latency} samples` };
    const actual = s[a.stat];
    return { expression: a.text, passed: compare(actual, a.op, a.ms), actual: `${latency}.${a.stat}=${actual}ms` };
  });
}

/** Evaluates `assertions` into the report and sets `passed`. */
export function applyAssertions(r: Report, assertions: readonly Assertion[]): Report {
  r.assertions = evaluateAssertions(r, assertions);
  r.passed = r.assertions.every((a) => a.passed);
  return r;
}
