import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { ClusterErrors, type ClusterError } from '../model/errors';
import type { ClusterEvent } from '../model/events';
import type { NodeInfo } from '../model/node';
import type { GameServerInfo, ServerLoad } from '../model/server';
import type { SessionRecord } from '../model/session';
import type { NormalNode, NormalServer } from '../model/validate';

// Decoders for what comes back from Redis: records are validated, never trusted.

const vec3 = t.type({ x: t.number, y: t.number, z: t.number });
const bounds = t.type({ min: vec3, max: vec3 });
const strings = t.record(t.string, t.string);
const nullableString = t.union([t.string, t.null]);

const nodeRec = t.type({ id: t.string, address: t.string, metadata: strings });
const nodeLoad = t.type({ connections: t.number, load: t.number });
const nodeStatus = t.keyof({ starting: null, active: null, draining: null, stopped: null, failed: null });
const serverRec = t.type({
  id: t.string,
  name: t.string,
  address: t.string,
  region: t.union([bounds, t.null]),
  capacity: t.number,
  version: t.string,
  nodeId: t.string,
  metadata: strings,
});
const serverLoad = t.type({ connections: t.number, load: t.number, accepting: t.boolean, avgTickMs: t.number, memoryBytes: t.number });
const serverStatus = t.keyof({ active: null, failed: null });
const session = t.type({
  playerId: t.string,
  nodeId: t.string,
  serverId: nullableString,
  ticketId: nullableString,
  position: t.union([vec3, t.null]),
  claimedAt: t.number,
  updatedAt: t.number,
});
const nodeRow = t.type({ rec: nodeRec, status: nodeStatus, load: nodeLoad, hb: t.number });
const serverRow = t.type({ rec: serverRec, status: serverStatus, load: serverLoad, hb: t.number });
const event = t.union([
  t.type({ type: t.literal('node'), change: t.keyof({ joined: null, updated: null, failed: null, left: null, removed: null }), row: nodeRow }),
  t.type({
    type: t.literal('server'),
    change: t.keyof({ registered: null, updated: null, failed: null, deregistered: null, removed: null }),
    row: serverRow,
  }),
  t.type({ type: t.literal('session'), change: t.literal('taken_over'), playerId: t.string, previousNodeId: t.string, nodeId: t.string }),
]);

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
  const { id, name, address, region, capacity, version, nodeId, metadata } = server;
  return JSON.stringify({ id, name, address, region, capacity, version, nodeId, metadata });
}

/** Server load column. */
export function encodeServerLoad(load: ServerLoad): string {
  const { connections, load: utilisation, accepting, avgTickMs, memoryBytes } = load;
  return JSON.stringify({ connections, load: utilisation, accepting, avgTickMs, memoryBytes });
}

type NodeRow = t.TypeOf<typeof nodeRow>;
type ServerRow = t.TypeOf<typeof serverRow>;

/** A decoded node row as the public shape. */
export function nodeFromRow(row: NodeRow): NodeInfo {
  return { ...row.rec, status: row.status, connections: row.load.connections, load: row.load.load, lastHeartbeat: row.hb };
}

/** A decoded server row as the public shape. */
export function serverFromRow(row: ServerRow): GameServerInfo {
  return { ...row.rec, status: row.status, load: row.load, lastHeartbeat: row.hb };
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

function parse(text: string, what: string): E.Either<ClusterError, unknown> {
  try {
    return E.right(JSON.parse(text));
  } catch {
    return E.left(ClusterErrors.corrupt(`${what}: not JSON`));
  }
}

/** Assembles a node from its column values (as Redis returns them). */
export function decodeNodeColumns(rec: string, status: string, load: string, hb: string, what: string): E.Either<ClusterError, NodeInfo> {
  const recValue = parse(rec, what);
  const loadValue = parse(load, what);
  if (E.isLeft(recValue)) return recValue;
  if (E.isLeft(loadValue)) return loadValue;
  const row = decode(nodeRow, { rec: recValue.right, status, load: loadValue.right, hb: Number(hb) }, what);
  return E.map(nodeFromRow)(row);
}

/** Assembles a server from its column values. */
export function decodeServerColumns(rec: string, status: string, load: string, hb: string, what: string): E.Either<ClusterError, GameServerInfo> {
  const recValue = parse(rec, what);
  const loadValue = parse(load, what);
  if (E.isLeft(recValue)) return recValue;
  if (E.isLeft(loadValue)) return loadValue;
  const row = decode(serverRow, { rec: recValue.right, status, load: loadValue.right, hb: Number(hb) }, what);
  return E.map(serverFromRow)(row);
}

/** A session record as stored. */
export function decodeSession(text: string, what: string): E.Either<ClusterError, SessionRecord> {
  const value = parse(text, what);
  return E.isLeft(value) ? value : decode(session, value.right, what);
}

/** A pushed event from the channel. */
export function decodeEvent(text: string): E.Either<ClusterError, ClusterEvent> {
  const value = parse(text, 'event');
  if (E.isLeft(value)) return value;
  const decoded = decode(event, value.right, 'event');
  if (E.isLeft(decoded)) return decoded;
  const e = decoded.right;
  switch (e.type) {
    case 'node':
      return E.right({ type: 'node', change: e.change, node: nodeFromRow(e.row) });
    case 'server':
      return E.right({ type: 'server', change: e.change, server: serverFromRow(e.row) });
    case 'session':
      return E.right(e);
  }
}
