import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { ClusterErrors, type ClusterError } from '../model/errors';
import type { ClusterEvent, NodeChange, ServerChange } from '../model/events';
import type { NodeInfo, NodeStatus } from '../model/node';
import type { GameServerInfo, ServerLoad, ServerStatus } from '../model/server';
import type { SessionRecord } from '../model/session';
import type { NormalNode, NormalServer } from '../model/validate';
import type { RegionMapRecord } from '../model/region-map';

// Decoders for what comes back from Redis: validated, never trusted. Static records (rare
// writes, many reads) go through io-ts once per distinct JSON; the small columns that change
// on every heartbeat are checked by hand, since io-ts costs ~10 us per object.

const vec3 = t.type({ x: t.number, y: t.number, z: t.number });
const bounds = t.type({ min: vec3, max: vec3 });
const strings = t.record(t.string, t.string);
const nullableString = t.union([t.string, t.null]);
const nodeRec = t.type({ id: t.string, address: t.string, metadata: strings });
const serverRec = t.intersection([
  t.type({
    id: t.string,
    name: t.string,
    address: t.string,
    region: t.union([bounds, t.null]),
    capacity: t.number,
    version: t.string,
    nodeId: t.string,
    metadata: strings,
  }),
  // Records written before kinds existed lack both (atlas, the store's timeout).
  t.partial({ kind: t.keyof({ atlas: null, horizon: null }), heartbeatTimeoutMs: t.number }),
]);
const sessionRequired = t.type({
  playerId: t.string,
  nodeId: t.string,
  serverId: nullableString,
  ticketId: nullableString,
  position: t.union([vec3, t.null]),
  claimedAt: t.number,
  updatedAt: t.number,
});
// Records written before lastClientSeq existed lack it: they read as 0.
const session = t.intersection([sessionRequired, t.partial({ lastClientSeq: t.number, disconnectedAt: t.number, spentTicketId: nullableString, spentBy: nullableString })]);

const regionMap = t.type({
  version: t.number,
  regions: t.record(t.string, t.union([bounds, t.null])),
  reserved: t.record(t.string, bounds),
});

const NODE_STATUSES: ReadonlySet<string> = new Set(['starting', 'active', 'draining', 'stopped', 'failed']);
const SERVER_STATUSES: ReadonlySet<string> = new Set(['active', 'failed']);
const NODE_CHANGES: ReadonlySet<string> = new Set(['joined', 'updated', 'failed', 'left', 'removed']);
const SERVER_CHANGES: ReadonlySet<string> = new Set(['registered', 'updated', 'failed', 'deregistered', 'removed']);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The client-written JSON of a node (statuses and heartbeats live in their own columns). */
export function encodeNodeRec(node: NormalNode): string {
  return JSON.stringify({ id: node.id, address: node.address, metadata: node.metadata });
}

/** Node load column. */
export function encodeNodeLoad(connections: number, load: number): string {
  return JSON.stringify({ connections, load });
}

/** The client-written JSON of a server. */
export function encodeServerRec(server: NormalServer): string {
  const { id, name, address, region, capacity, version, nodeId, metadata, kind, heartbeatTimeoutMs } = server;
  // Undefined kind / heartbeatTimeoutMs are left out by JSON.stringify.
  return JSON.stringify({ id, name, address, region, capacity, version, nodeId, metadata, kind, heartbeatTimeoutMs });
}

/** Server load column. */
export function encodeServerLoad(load: ServerLoad): string {
  const { connections, load: utilisation, accepting, avgTickMs, memoryBytes } = load;
  return JSON.stringify({ connections, load: utilisation, accepting, avgTickMs, memoryBytes });
}

function decode<A>(codec: t.Decoder<unknown, A>, value: unknown, what: string): E.Either<ClusterError, A> {
  const result = codec.decode(value);
  if (E.isRight(result)) return E.right(result.right);
  const paths = result.left.slice(0, 3).map((error) =>
    error.context
      .map((entry) => entry.key)
      .filter((key) => key !== '')
      .join('.'),
  );
  return E.left(ClusterErrors.corrupt(`${what}: unexpected value at ${paths.join(', ') || '(root)'}`));
}

function parse(text: unknown, what: string): E.Either<ClusterError, unknown> {
  if (typeof text !== 'string') return E.left(ClusterErrors.corrupt(`${what}: not a string`));
  try {
    return E.right(JSON.parse(text));
  } catch {
    return E.left(ClusterErrors.corrupt(`${what}: not JSON`));
  }
}

/** Decoded static records by their exact JSON; bounded (cleared when full). */
class RecordMemo<A> {
  private readonly memo = new Map<string, A>();
  constructor(private readonly codec: t.Decoder<unknown, A>) {}

  decode(text: unknown, what: string): E.Either<ClusterError, A> {
    if (typeof text === 'string') {
      const hit = this.memo.get(text);
      if (hit !== undefined) return E.right(hit);
    }
    const value = parse(text, what);
    if (E.isLeft(value)) return value;
    const decoded = decode(this.codec, value.right, what);
    if (E.isRight(decoded)) {
      if (this.memo.size >= 4096) this.memo.clear();
      this.memo.set(text as string, decoded.right);
    }
    return decoded;
  }
}

const nodeRecs = new RecordMemo(nodeRec);
const serverRecs = new RecordMemo(serverRec);

function nodeLoad(value: unknown): { connections: number; load: number } | null {
  return isObj(value) && isNum(value['connections']) && isNum(value['load'])
    ? { connections: value['connections'], load: value['load'] }
    : null;
}

function serverLoad(value: unknown): ServerLoad | null {
  if (!isObj(value)) return null;
  const { connections, load, accepting, avgTickMs, memoryBytes } = value;
  return isNum(connections) && isNum(load) && typeof accepting === 'boolean' && isNum(avgTickMs) && isNum(memoryBytes)
    ? { connections, load, accepting, avgTickMs, memoryBytes }
    : null;
}

function nodeRow(rec: unknown, status: unknown, load: unknown, hb: unknown, what: string): E.Either<ClusterError, NodeInfo> {
  const r = nodeRecs.decode(rec, what);
  if (E.isLeft(r)) return r;
  const l = nodeLoad(load);
  const heartbeat = Number(hb);
  if (typeof status !== 'string' || !NODE_STATUSES.has(status) || l === null || !Number.isFinite(heartbeat)) {
    return E.left(ClusterErrors.corrupt(`${what}: bad status, load or heartbeat`));
  }
  return E.right({ ...r.right, status: status as NodeStatus, connections: l.connections, load: l.load, lastHeartbeat: heartbeat });
}

function serverRow(rec: unknown, status: unknown, load: unknown, hb: unknown, what: string): E.Either<ClusterError, GameServerInfo> {
  const r = serverRecs.decode(rec, what);
  if (E.isLeft(r)) return r;
  const l = serverLoad(load);
  const heartbeat = Number(hb);
  if (typeof status !== 'string' || !SERVER_STATUSES.has(status) || l === null || !Number.isFinite(heartbeat)) {
    return E.left(ClusterErrors.corrupt(`${what}: bad status, load or heartbeat`));
  }
  return E.right({ ...r.right, status: status as ServerStatus, load: l, lastHeartbeat: heartbeat });
}

/** Assembles a node from its column values (as Redis returns them). */
export function decodeNodeColumns(rec: string, status: string, load: string, hb: string, what: string): E.Either<ClusterError, NodeInfo> {
  const l = parse(load, what);
  return E.isLeft(l) ? l : nodeRow(rec, status, l.right, hb, what);
}

/** Assembles a server from its column values. */
export function decodeServerColumns(rec: string, status: string, load: string, hb: string, what: string): E.Either<ClusterError, GameServerInfo> {
  const l = parse(load, what);
  return E.isLeft(l) ? l : serverRow(rec, status, l.right, hb, what);
}

/** A session record as stored. */
export function decodeSession(text: string, what: string): E.Either<ClusterError, SessionRecord> {
  const value = parse(text, what);
  if (E.isLeft(value)) return value;
  const r = decode(session, value.right, what);
  if (E.isLeft(r)) return r;
  const { spentTicketId, spentBy, ...rest } = r.right;
  const spent = typeof spentTicketId === 'string' && typeof spentBy === 'string' ? { spentTicketId, spentBy } : {};
  return E.right({ ...rest, lastClientSeq: rest.lastClientSeq ?? 0, ...spent });
}

/** A region map record as stored (or pushed). */
export function decodeRegionMap(value: unknown, what: string): E.Either<ClusterError, RegionMapRecord> {
  return decode(regionMap, value, what);
}

/** A region map record's stored JSON text. */
export function parseRegionMap(text: string, what: string): E.Either<ClusterError, RegionMapRecord> {
  const value = parse(text, what);
  return E.isLeft(value) ? value : decodeRegionMap(value.right, what);
}

/** A pushed event from the channel. */
export function decodeEvent(text: string): E.Either<ClusterError, ClusterEvent> {
  const parsed = parse(text, 'event');
  if (E.isLeft(parsed)) return parsed;
  const e = parsed.right;
  if (!isObj(e)) return E.left(ClusterErrors.corrupt('event: not an object'));
  const { type, change, row, playerId, previousNodeId, nodeId } = e;
  if (type === 'map') {
    const map = decodeRegionMap(e['map'], 'map event');
    return E.isLeft(map) ? map : E.right({ type, map: map.right });
  }
  if (type === 'session' && change === 'taken_over') {
    if (typeof playerId === 'string' && typeof previousNodeId === 'string' && typeof nodeId === 'string') {
      return E.right({ type, change, playerId, previousNodeId, nodeId });
    }
  } else if (isObj(row) && typeof change === 'string') {
    if (type === 'node' && NODE_CHANGES.has(change)) {
      const node = nodeRow(row['rec'], row['status'], row['load'], row['hb'], 'event');
      return E.isLeft(node) ? node : E.right({ type, change: change as NodeChange, node: node.right });
    }
    if (type === 'server' && SERVER_CHANGES.has(change)) {
      const server = serverRow(row['rec'], row['status'], row['load'], row['hb'], 'event');
      return E.isLeft(server) ? server : E.right({ type, change: change as ServerChange, server: server.right });
    }
  }
  return E.left(ClusterErrors.corrupt('event: unknown shape'));
}
