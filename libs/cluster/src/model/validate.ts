import * as E from 'fp-ts/lib/Either.js';
import { validateBounds, type Vec3 } from './bounds';
import { ClusterErrors, type ClusterError } from './errors';
import { NodeStatus, type LiveNodeStatus, type NodeHeartbeat, type NodeRegistration } from './node';
import { IDLE_SERVER_LOAD, ServerKind, type ServerLoad, type ServerRegistration } from './server';
import type { SessionClaim, SessionRecord } from './session';

// Both stores validate with these functions, so they accept and refuse exactly the same input.

type V<T> = E.Either<ClusterError, T>;
const MAX_ID_LENGTH = 256;

/** A node registration with every default filled in. */
export interface NormalNode {
  readonly id: string;
  readonly address: string;
  readonly status: LiveNodeStatus;
  readonly connections: number;
  readonly load: number;
  readonly metadata: Readonly<Record<string, string>>;
}

type OptionalServerFields = 'kind' | 'heartbeatTimeoutMs';
/** A server registration with every default filled in (kind and own timeout stay optional: absent is `atlas`, the store's). */
export type NormalServer = Required<Omit<ServerRegistration, OptionalServerFields>> & Pick<ServerRegistration, OptionalServerFields>;

const SERVER_KINDS: ReadonlySet<unknown> = new Set(Object.values(ServerKind));

/** The optional kind and own timeout, checked; absent ones stay absent. */
function serverExtras(reg: ServerRegistration): V<Pick<ServerRegistration, OptionalServerFields>> {
  if (reg.kind !== undefined && !SERVER_KINDS.has(reg.kind)) return E.left(ClusterErrors.invalid(`server kind must be one of ${[...SERVER_KINDS].join(', ')}`));
  const t = reg.heartbeatTimeoutMs;
  if (t !== undefined && !(Number.isInteger(t) && t >= 1)) return E.left(ClusterErrors.invalid('server heartbeatTimeoutMs must be a positive integer of ms'));
  return E.right({ ...(reg.kind === undefined ? {} : { kind: reg.kind }), ...(t === undefined ? {} : { heartbeatTimeoutMs: t }) });
}

/** Ids are non-empty strings of at most 256 characters. */
export function validateId(what: string, id: unknown): V<string> {
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) {
    return E.left(ClusterErrors.invalid(`${what} must be a string of 1..${MAX_ID_LENGTH} characters`));
  }
  return E.right(id);
}

/** A server's link address: at most 256 characters; empty for a server that dials the nodes (no node dials it). */
function validateServerAddress(address: unknown): V<string> {
  if (typeof address !== 'string' || address.length > MAX_ID_LENGTH) return E.left(ClusterErrors.invalid(`server address must be a string of 0..${MAX_ID_LENGTH} characters`));
  return E.right(address);
}

/** A TTL or timeout in whole milliseconds, at least 1. */
export function validateTtl(what: string, ms: number): V<number> {
  return Number.isInteger(ms) && ms >= 1 ? E.right(ms) : E.left(ClusterErrors.invalid(`${what} must be a positive integer of ms`));
}

function count(what: string, n: unknown): V<number> {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0
    ? E.right(n + 0)
    : E.left(ClusterErrors.invalid(`${what} must be a non-negative integer`));
}

function measure(what: string, n: unknown): V<number> {
  return typeof n === 'number' && Number.isFinite(n) && n >= 0
    ? E.right(n + 0)
    : E.left(ClusterErrors.invalid(`${what} must be a finite non-negative number`));
}

function liveStatus(status: unknown): V<LiveNodeStatus> {
  return status === NodeStatus.Starting || status === NodeStatus.Active || status === NodeStatus.Draining
    ? E.right(status)
    : E.left(ClusterErrors.invalid(`node status must be starting, active or draining`));
}

function metadata(meta: unknown): V<Readonly<Record<string, string>>> {
  if (meta === undefined) return E.right({});
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) {
    return E.left(ClusterErrors.invalid('metadata must be an object of strings'));
  }
  for (const value of Object.values(meta)) {
    if (typeof value !== 'string') return E.left(ClusterErrors.invalid('metadata values must be strings'));
  }
  return E.right({ ...(meta as Record<string, string>) });
}

function position(p: Vec3 | null | undefined): V<Vec3 | null> {
  if (p === null || p === undefined) return E.right(null);
  return Number.isFinite(p.x) && Number.isFinite(p.y) && Number.isFinite(p.z)
    ? E.right({ x: p.x + 0, y: p.y + 0, z: p.z + 0 })
    : E.left(ClusterErrors.invalid('position coordinates must be finite'));
}

/** A u32 sequence number; absent (a record from an older node) reads as 0. */
function seq(n: number | undefined): V<number> {
  if (n === undefined) return E.right(0);
  return Number.isInteger(n) && n >= 0 && n <= 0xffffffff ? E.right(n + 0) : E.left(ClusterErrors.invalid('lastClientSeq must be a u32'));
}

function optionalId(what: string, id: string | null | undefined): V<string | null> {
  return id === null || id === undefined ? E.right(null) : validateId(what, id);
}

/** Validates a node registration and fills defaults (status starting, zero load). */
export function normaliseNode(reg: NodeRegistration): V<NormalNode> {
  return sequence({
    id: validateId('node id', reg.id),
    address: validateId('node address', reg.address),
    status: liveStatus(reg.status ?? NodeStatus.Starting),
    connections: count('node connections', reg.connections ?? 0),
    load: measure('node load', reg.load ?? 0),
    metadata: metadata(reg.metadata),
  });
}

/** Validates a node heartbeat; a missing status (null) keeps the node's current one. */
export function validateNodeHeartbeat(
  hb: NodeHeartbeat,
): V<{ readonly status: LiveNodeStatus | null; readonly connections: number; readonly load: number }> {
  return sequence({
    status: hb.status === undefined ? E.right(null) : liveStatus(hb.status),
    connections: count('node connections', hb.connections),
    load: measure('node load', hb.load),
  });
}

/** Validates a server's reported load. */
export function validateServerLoad(load: ServerLoad): V<ServerLoad> {
  if (load === null || typeof load !== 'object') return E.left(ClusterErrors.invalid('server load must be an object'));
  if (typeof load.accepting !== 'boolean') return E.left(ClusterErrors.invalid('server load accepting must be a boolean'));
  return sequence({
    connections: count('server connections', load.connections),
    load: measure('server load', load.load),
    accepting: E.right(load.accepting),
    avgTickMs: measure('server avgTickMs', load.avgTickMs),
    memoryBytes: measure('server memoryBytes', load.memoryBytes),
  });
}

/** Validates a server registration and fills defaults (no metadata, idle load). */
export function normaliseServer(reg: ServerRegistration): V<NormalServer> {
  const extras = serverExtras(reg);
  if (E.isLeft(extras)) return extras;
  const base = sequence({
    id: validateId('server id', reg.id),
    name: validateId('server name', reg.name),
    address: validateServerAddress(reg.address),
    region: reg.region === null ? E.right(null) : validateBounds(reg.region),
    capacity: count('server capacity', reg.capacity),
    version: validateId('server version', reg.version),
    nodeId: validateId('server nodeId', reg.nodeId),
    metadata: metadata(reg.metadata),
    load: validateServerLoad(reg.load ?? IDLE_SERVER_LOAD),
  });
  return E.isLeft(base) ? base : E.right({ ...base.right, ...extras.right });
}

/** Builds the record a claim writes; `now` is the claiming side's clock. */
export function sessionFromClaim(claim: SessionClaim, now: number): V<SessionRecord> {
  const fields: V<SessionRecord> = sequence({
    playerId: validateId('player id', claim.playerId),
    nodeId: validateId('session nodeId', claim.nodeId),
    serverId: optionalId('session serverId', claim.serverId),
    ticketId: optionalId('session ticketId', claim.ticketId),
    position: position(claim.position),
    lastClientSeq: seq(claim.lastClientSeq),
    claimedAt: E.right(now),
    updatedAt: E.right(now),
  });
  if (E.isLeft(fields) || claim.spentTicketId === undefined) return fields;
  const spent = validateId('session spentTicketId', claim.spentTicketId);
  return E.isLeft(spent) ? spent : E.right({ ...fields.right, spentTicketId: spent.right, spentBy: fields.right.nodeId });
}

/** Validates a full session record (used by update). */
export function validateSession(record: SessionRecord): V<SessionRecord> {
  let checked = validateSessionFields(record);
  if (E.isRight(checked) && record.spentTicketId !== undefined) {
    const spent = validateId('session spentTicketId', record.spentTicketId);
    const by = validateId('session spentBy', record.spentBy);
    checked = E.isLeft(spent) ? spent : E.isLeft(by) ? by : E.right({ ...checked.right, spentTicketId: spent.right, spentBy: by.right });
  }
  if (E.isLeft(checked) || record.disconnectedAt === undefined) return checked;
  const at = measure('session disconnectedAt', record.disconnectedAt);
  return E.isLeft(at) ? at : E.right({ ...checked.right, disconnectedAt: at.right });
}

function validateSessionFields(record: SessionRecord): V<SessionRecord> {
  return sequence({
    playerId: validateId('player id', record.playerId),
    nodeId: validateId('session nodeId', record.nodeId),
    serverId: optionalId('session serverId', record.serverId),
    ticketId: optionalId('session ticketId', record.ticketId),
    position: position(record.position),
    lastClientSeq: seq(record.lastClientSeq),
    claimedAt: measure('session claimedAt', record.claimedAt),
    updatedAt: measure('session updatedAt', record.updatedAt),
  });
}

/**
 * First error wins; otherwise the object of values. The result is a clone of `fields` (the
 * caller's object literal) with each value replaced, so it has the literal's shape with every
 * field inside the object: one built up from `{}` keeps all but four fields in a separate
 * property array, 64 more bytes for each of the node's many session records.
 */
function sequence<R extends Record<string, V<unknown>>>(
  fields: R,
): V<{ [K in keyof R]: R[K] extends V<infer A> ? A : never }> {
  const out: Record<string, unknown> = { ...fields };
  for (const key in fields) {
    const value = fields[key] as V<unknown>;
    if (E.isLeft(value)) return value;
    out[key] = value.right;
  }
  return E.right(out as { [K in keyof R]: R[K] extends V<infer A> ? A : never });
}
