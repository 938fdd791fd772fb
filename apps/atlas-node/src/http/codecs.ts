/**
 * io-ts codecs of the registration API bodies (Horizon's `ApiServerRegistration` and
 * `ApiServerHeartbeat`, plus the `{min,max}` bounds form), and a reporter that turns
 * every decoding error into one readable line.
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

function numberWhere(name: string, ok: (n: number) => boolean): t.Type<number, number, unknown> {
  const is = (u: unknown): u is number => typeof u === 'number' && ok(u);
  return new t.Type<number, number, unknown>(name, is, (u, c) => (is(u) ? t.success(u) : t.failure(u, c)), (n) => n);
}

function stringWhere(name: string, ok: (s: string) => boolean): t.Type<string, string, unknown> {
  const is = (u: unknown): u is string => typeof u === 'string' && ok(u);
  return new t.Type<string, string, unknown>(name, is, (u, c) => (is(u) ? t.success(u) : t.failure(u, c)), (s) => s);
}

/** A finite number. */
const Finite = numberWhere('finite number', Number.isFinite);
/** A finite number >= 0. */
const NonNegative = numberWhere('finite number >= 0', (n) => Number.isFinite(n) && n >= 0);
/** An integer >= 0 (u32 / u64 in Horizon), exact: above 2^53 - 1 a JSON number is already rounded. */
const NonNegativeCount = numberWhere('integer 0..2^53-1', (n) => Number.isSafeInteger(n) && n >= 0);
const Coordinate = numberWhere('integer', (n) => Number.isSafeInteger(n));
const HalfExtent = numberWhere('number > 0 (half-extent around center)', (n) => Number.isFinite(n) && n > 0);
const Name = stringWhere('string of 1..256 characters', (s) => s.length >= 1 && s.length <= 256);
const Address = stringWhere('string of 0..256 characters', (s) => s.length <= 256);

/** A world position. */
export const Vec3Codec = t.type({ x: Finite, y: Finite, z: Finite }, '{x, y, z}');
/** A region's grid coordinate (Horizon's `RegionCoordinate`). */
export const RegionCoordCodec = t.type({ x: Coordinate, y: Coordinate, z: Coordinate }, '{x, y, z} of integers');
/** Horizon sends a half-extent around `center`; Atlas SDKs send the box. */
export const BoundsCodec = t.union(
  [HalfExtent, t.type({ min: Vec3Codec, max: Vec3Codec })],
  'a number > 0 (half-extent around center) or {min: {x, y, z}, max: {x, y, z}}',
);

/** `POST /api/v1/servers/register` body. Unknown fields are ignored (forward compatibility). */
export const RegisterBodyCodec = t.intersection([
  t.type({ name: Name, address: Address, region_coord: RegionCoordCodec, bounds: BoundsCodec, capacity: NonNegativeCount }),
  t.partial({ center: Vec3Codec, version: t.string, metadata: t.record(t.string, t.unknown), dials_nodes: t.boolean }),
]);
/** A decoded registration body. */
export type RegisterBody = t.TypeOf<typeof RegisterBodyCodec>;

/** `PUT /api/v1/servers/{id}/heartbeat` body. */
export const HeartbeatBodyCodec = t.intersection([
  t.type({ server_id: Name, current_connections: NonNegativeCount, load: NonNegative, accepting_connections: t.boolean }),
  t.partial({ avg_tick_ms: NonNegative, memory_bytes: NonNegativeCount }),
]);
/** A decoded heartbeat body. */
export type HeartbeatBody = t.TypeOf<typeof HeartbeatBodyCodec>;

function preview(value: unknown): string {
  if (value === undefined) return 'undefined';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** One line per problem: `body.bounds.min.x: expected finite number, got "a"`. */
export function reportErrors(errors: t.Errors): string[] {
  const lines = new Set<string>();
  for (const error of errors) {
    const path: string[] = ['body'];
    let expected = error.context[error.context.length - 1]?.type.name ?? 'valid value';
    let actual: unknown = error.value;
    for (let i = 1; i < error.context.length; i++) {
      const entry = error.context[i];
      const parent = error.context[i - 1];
      if (entry === undefined || parent === undefined) continue;
      const tag = (parent.type as unknown as { _tag?: string })._tag;
      if (tag === 'UnionType') {
        // A union failure is reported once, as the union, not once per branch.
        expected = parent.type.name;
        actual = parent.actual;
        break;
      }
      if (tag !== 'IntersectionType') path.push(entry.key);
    }
    lines.add(actual === undefined ? `${path.join('.')}: missing, expected ${expected}` : `${path.join('.')}: expected ${expected}, got ${preview(actual)}`);
  }
  return [...lines];
}

/** Decodes `value`, turning failures into report lines. */
export function decodeWith<A>(codec: t.Decoder<unknown, A>, value: unknown): E.Either<string[], A> {
  return E.mapLeft(reportErrors)(codec.decode(value));
}
