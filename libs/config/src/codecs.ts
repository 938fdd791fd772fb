// io-ts codecs for single config values. Each failure carries the kind of
// problem (wrong type, out of range, ...) as its message, so errors can say
// precisely what was wrong without re-inspecting the value.
import * as t from 'io-ts';
import { parseCidrs } from './cidr';
import { parseGhostRings } from './ghost-rings';

/** The ways a single value can be invalid. */
export const VALUE_PROBLEMS = ['wrong_type', 'out_of_range', 'bad_enum', 'bad_format'] as const;
/** One of {@link VALUE_PROBLEMS}. */
export type ValueProblem = (typeof VALUE_PROBLEMS)[number];

/** How a raw string (environment variable, `--set` flag) is read before it is decoded. */
export type ValueKind = 'integer' | 'number' | 'boolean' | 'string';

/** An io-ts codec for one config value; its `name` says what is expected, e.g. `integer 0..65535`. */
export class ValueCodec<A> extends t.Type<A, A, unknown> {
  constructor(
    name: string,
    /** How strings are parsed into this value (environment, CLI). */
    readonly kind: ValueKind,
    check: (u: unknown) => ValueProblem | undefined,
  ) {
    super(
      name,
      (u): u is A => check(u) === undefined,
      (u, c) => {
        const problem = check(u);
        return problem === undefined ? t.success(u as A) : t.failure(u, c, problem);
      },
      t.identity,
    );
  }
}

/** Reads the problem kind back from an io-ts error produced by a {@link ValueCodec}. */
export function problemOf(error: t.ValidationError): ValueProblem {
  const message = error.message ?? '';
  return (VALUE_PROBLEMS as readonly string[]).includes(message) ? (message as ValueProblem) : 'wrong_type';
}

/** Groups digits so large bounds stay readable in docs and errors (1_048_576). */
export function formatNumber(n: number): string {
  if (!Number.isInteger(n) || Math.abs(n) < 100_000) return String(n);
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '_');
}

/** A whole number in [min, max]. */
export function integer(min: number, max: number, unit = 'integer'): ValueCodec<number> {
  return new ValueCodec<number>(`${unit} ${formatNumber(min)}..${formatNumber(max)}`, 'integer', (u) => {
    if (typeof u === 'bigint') return 'out_of_range';
    if (typeof u !== 'number' || !Number.isInteger(u)) return 'wrong_type';
    return u < min || u > max ? 'out_of_range' : undefined;
  });
}

/** A finite number in [min, max], or (min, max] when `exclusiveMin`. */
export function decimal(min: number, max: number, options: { unit?: string; exclusiveMin?: boolean } = {}): ValueCodec<number> {
  const unit = options.unit ?? 'number';
  const lower = options.exclusiveMin ? `> ${formatNumber(min)}` : `>= ${formatNumber(min)}`;
  return new ValueCodec<number>(`${unit} ${lower}, <= ${formatNumber(max)}`, 'number', (u) => {
    if (typeof u === 'bigint') return 'out_of_range';
    if (typeof u !== 'number' || !Number.isFinite(u)) return 'wrong_type';
    const tooLow = options.exclusiveMin ? u <= min : u < min;
    return tooLow || u > max ? 'out_of_range' : undefined;
  });
}

/** A duration in seconds (fractions allowed) in [min, max]. */
export function seconds(min: number, max: number): ValueCodec<number> {
  return new ValueCodec<number>(`seconds ${formatNumber(min)}..${formatNumber(max)}`, 'number', (u) => {
    if (typeof u === 'bigint') return 'out_of_range';
    if (typeof u !== 'number' || !Number.isFinite(u)) return 'wrong_type';
    return u < min || u > max ? 'out_of_range' : undefined;
  });
}

/** A size in bytes in [min, max]. */
export function bytes(min: number, max: number): ValueCodec<number> {
  return integer(min, max, 'bytes');
}

/** `true` or `false`. */
export const boolean = new ValueCodec<boolean>('boolean', 'boolean', (u) => (typeof u === 'boolean' ? undefined : 'wrong_type'));

/** One of a fixed list of strings. */
export function oneOf<const V extends readonly string[]>(values: V): ValueCodec<V[number]> {
  return new ValueCodec<V[number]>(values.map((v) => JSON.stringify(v)).join(' | '), 'string', (u) => {
    if (typeof u !== 'string') return 'wrong_type';
    return values.includes(u) ? undefined : 'bad_enum';
  });
}

/** A string accepted by `valid`; `name` describes the accepted form. */
export function text(name: string, valid: (s: string) => boolean): ValueCodec<string> {
  return new ValueCodec<string>(name, 'string', (u) => {
    if (typeof u !== 'string') return 'wrong_type';
    return valid(u) ? undefined : 'bad_format';
  });
}

/** A dotted path of JSON keys (`data.new_position`). */
export const dottedPath = text('dotted path of JSON keys, e.g. "data.new_position"', (s) => /^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/.test(s));

/** Comma-separated CIDRs (`127.0.0.0/8,::1/128`); empty: none. */
export const cidrList = text('comma-separated CIDRs, e.g. "127.0.0.0/8,::1/128" (empty: none)', (s) => parseCidrs(s) !== null);

/** Ghost update rings (`0.25:0,0.6:0.1,1:0.25`), see ghost-rings.ts. */
export const ghostRings = text('comma-separated fraction:seconds rings, fractions rising to 1, e.g. "0.25:0,0.6:0.1,1:0.25"', (s) => parseGhostRings(s) !== undefined);

/** A secret string: empty (feature off) or at least `minLength` characters. */
export function secret(minLength: number): ValueCodec<string> {
  return text(`string, empty or at least ${minLength} characters`, (s) => s === '' || s.length >= minLength);
}

const HOST = /^[A-Za-z0-9._:[\]%-]{1,253}$/;
/** A host name or IP address to bind to or reach (no scheme, no port). */
export const host = text('host name or IP address', (s) => HOST.test(s));

const NODE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** A node id: 1-64 characters of letters, digits, `.`, `_`, `-`. */
export const nodeId = text('1-64 characters of [A-Za-z0-9._-], starting with a letter or digit', (s) => NODE_ID.test(s));

/** Empty, or `host` / `host:port` that other nodes and clients use to reach this node. */
export const advertiseAddress = text('empty, or host or host:port', (s) => s === '' || /^[A-Za-z0-9._:[\]%-]{1,260}$/.test(s));

/** A codec for an empty string or a URL with a host and one of `protocols` (e.g. `redis:`). */
function urlOf(name: string, protocols: readonly string[]): ValueCodec<string> {
  return text(name, (s) => {
    if (s === '') return true;
    try {
      const url = new URL(s);
      return protocols.includes(url.protocol) && url.hostname !== '';
    } catch {
      return false;
    }
  });
}

/** Empty, or a `redis://` / `rediss://` URL. */
export const redisUrl = urlOf('empty, or a redis:// or rediss:// URL', ['redis:', 'rediss:']);

/** A PBKDF2 salt: empty (no pre-shared key in use) or at least 16 characters. */
export const salt = text('empty, or at least 16 characters', (s) => s === '' || (s.length >= 16 && s.trim() === s));

/** A comma-separated list of metadata keys (letters, digits, `_ . -`), or empty. */
export const metadataKeys = text('empty, or comma-separated keys of letters, digits, _ . -', (s) => s === '' || s.split(',').every((k) => /^[A-Za-z0-9_.-]+$/.test(k.trim())));

/** A non-empty string without surrounding whitespace. */
export const label = text('non-empty string', (s) => s.length > 0 && s.trim() === s);

/** Empty, or an `http://` / `https://` URL (an OTLP/HTTP endpoint). */
export const httpUrl = urlOf('empty, or an http:// or https:// URL', ['http:', 'https:']);

/** Empty, or comma-separated `name=value` HTTP headers (the OTLP exporters' header form). */
export const headerList = text('empty, or comma-separated name=value pairs, e.g. "authorization=Bearer x,x-team=atlas"', (s) =>
  s === '' || s.split(',').every((pair) => /^\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+\s*=[^\r\n]*$/.test(pair)),
);
