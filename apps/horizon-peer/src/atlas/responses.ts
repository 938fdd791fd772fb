/**
 * Atlas's answers parsed as strictly as serde does in Horizon: a missing required field,
 * a float where an integer is wanted, a negative u32 or an unknown command `type` fails
 * the whole parse (and in Horizon that ends registration or heartbeats for good).
 * Unknown fields are ignored (no `deny_unknown_fields`).
 *
 * Followed: Horizon-Network-Common 0.2.0 `src/server.rs` lines 281-296
 * (`ApiRegistrationResponse`, `AdjacentServerInfo`), 312-327 (`ApiHeartbeatResponse`,
 * `ServerCommand` with `#[serde(tag = "type")]`), `src/spatial.rs` 107-110
 * (`RegionCoordinate` of i64).
 */
import * as E from 'fp-ts/lib/Either.js';

/** `ApiRegistrationResponse`. */
export interface RegistrationResponse {
  readonly success: boolean;
  readonly server_id: string;
  readonly message: string;
  readonly heartbeat_interval_secs: number;
  readonly adjacent_servers: readonly { server_id: string; address: string; region_coord: { x: number; y: number; z: number } }[];
}

/** `ApiHeartbeatResponse`. */
export interface HeartbeatResponse {
  readonly success: boolean;
  readonly message: string;
  readonly commands: readonly { type: 'PrepareShutdown' | 'ConfigUpdate' | 'HealthCheck' }[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const U32_MAX = 2 ** 32 - 1;

function field(o: Obj, key: string, ok: (v: unknown) => boolean, what: string): string | null {
  if (!(key in o)) return `missing field \`${key}\``;
  return ok(o[key]) ? null : `invalid type for \`${key}\`: expected ${what}`;
}

const isU32 = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= U32_MAX;
const isI64 = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v);
const isBool = (v: unknown): boolean => typeof v === 'boolean';
const isStr = (v: unknown): boolean => typeof v === 'string';

function firstError(checks: readonly (string | null)[]): string | null {
  return checks.find((c) => c !== null) ?? null;
}

/** serde reads `5.0` as a float, which a u32 field refuses; JSON.parse would hide it. */
function floatLiteralFor(text: string, keys: readonly string[]): string | null {
  for (const key of keys) {
    if (new RegExp(`"${key}"\\s*:\\s*-?\\d+(?:\\.\\d*|[eE][-+]?\\d+)`).test(text)) return `invalid type: floating point for \`${key}\`, expected u32`;
  }
  // RegionCoordinate's x, y, z are i64: `1.0` inside a region_coord fails too.
  if (/"region_coord"\s*:\s*\{[^}]*\d(?:\.\d*|[eE])/.test(text)) return 'invalid type: floating point in `region_coord`, expected i64';
  return null;
}

function parseJson(text: string, integerKeys: readonly string[]): E.Either<string, unknown> {
  const float = floatLiteralFor(text, integerKeys);
  if (float !== null) return E.left(`Failed to parse response: ${float}`);
  try {
    return E.right(JSON.parse(text) as unknown);
  } catch (error) {
    return E.left(`Failed to parse response: ${(error as Error).message}`);
  }
}

/** The body as a JSON object: Horizon's error for bad JSON, or for anything but `struct`. */
function parseStruct(text: string, integerKeys: readonly string[], struct: string): E.Either<string, Obj> {
  const json = parseJson(text, integerKeys);
  if (E.isLeft(json)) return json;
  return isObj(json.right) ? E.right(json.right) : E.left(`Failed to parse response: expected struct ${struct}`);
}

/** A sequence field that may be absent (`#[serde(default)]`); present, every item must pass. */
function sequenceError(v: unknown, key: string, itemError: (item: unknown) => string | null): string | null {
  if (v === undefined) return null;
  return Array.isArray(v) ? firstError(v.map(itemError)) : `${key}: expected a sequence`;
}

function adjacentError(v: unknown): string | null {
  if (!isObj(v)) return 'adjacent_servers: expected struct AdjacentServerInfo';
  const coord = v['region_coord'];
  return firstError([
    field(v, 'server_id', isStr, 'a string'),
    field(v, 'address', isStr, 'a string'),
    field(v, 'region_coord', isObj, 'struct RegionCoordinate'),
    isObj(coord) ? firstError(['x', 'y', 'z'].map((k) => field(coord, k, isI64, 'i64'))) : null,
  ]);
}

/** How one answer struct is checked: its scalar fields, then its one defaulted sequence. */
interface AnswerShape {
  readonly struct: string;
  readonly integerKeys: readonly string[];
  readonly fields: (o: Obj) => readonly (string | null)[];
  readonly sequence: string;
  readonly itemError: (item: unknown) => string | null;
}

/** Parses an answer body (an absent sequence reads as []), or Horizon's "Failed to parse response" error. */
function parseAnswer<T>(text: string, shape: AnswerShape): E.Either<string, T> {
  const parsed = parseStruct(text, shape.integerKeys, shape.struct);
  if (E.isLeft(parsed)) return parsed;
  const o = parsed.right;
  const items = o[shape.sequence];
  const error = firstError([...shape.fields(o), sequenceError(items, shape.sequence, shape.itemError)]);
  return error === null ? E.right({ ...o, [shape.sequence]: items ?? [] } as unknown as T) : E.left(`Failed to parse response: ${error}`);
}

/** Parses a registration answer body, or Horizon's "Failed to parse response" error. */
export function parseRegistration(text: string): E.Either<string, RegistrationResponse> {
  return parseAnswer(text, {
    struct: 'ApiRegistrationResponse',
    integerKeys: ['heartbeat_interval_secs'],
    fields: (o) => [
      field(o, 'success', isBool, 'a boolean'),
      field(o, 'server_id', isStr, 'a string'),
      field(o, 'message', isStr, 'a string'),
      field(o, 'heartbeat_interval_secs', isU32, 'u32'),
    ],
    sequence: 'adjacent_servers',
    itemError: adjacentError,
  });
}

function commandError(v: unknown): string | null {
  if (!isObj(v)) return 'commands: expected internally tagged enum ServerCommand';
  switch (v['type']) {
    case 'PrepareShutdown':
      return field(v, 'deadline_secs', isU32, 'u32');
    case 'ConfigUpdate':
      // serde_json::Value: any JSON, but the field must be present.
      return 'config' in v ? null : 'missing field `config`';
    case 'HealthCheck':
      return null;
    default:
      return `unknown variant ${JSON.stringify(v['type'])}, expected one of PrepareShutdown, ConfigUpdate, HealthCheck`;
  }
}

/** Parses a heartbeat answer body, or Horizon's "Failed to parse response" error. */
export function parseHeartbeat(text: string): E.Either<string, HeartbeatResponse> {
  return parseAnswer(text, {
    struct: 'ApiHeartbeatResponse',
    integerKeys: ['deadline_secs'],
    fields: (o) => [field(o, 'success', isBool, 'a boolean'), field(o, 'message', isStr, 'a string')],
    sequence: 'commands',
    itemError: commandError,
  });
}
