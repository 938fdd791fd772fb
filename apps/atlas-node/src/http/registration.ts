/**
 * The registration API as plain async functions over `HttpDeps` (the uWS routes only
 * parse and write): register, heartbeat, deregister. Compatible with the Horizon game
 * server's Atlas client; writes go to the cluster registry, whose region claim is atomic.
 */
import { describeClusterError, IDLE_SERVER_LOAD, ServerStatus, type GameServerInfo } from '@atlas/cluster';
import { publicUrl } from '@atlas/config';
import { randomBytes } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import type { HttpDeps } from './deps';
import { decodeWith, HeartbeatBodyCodec, RegisterBodyCodec } from './codecs';
import { apiError, jsonReply, type HttpReply } from './reply';
import { isHorizonForm, parsableCommands } from './horizon-form';
import { heartbeatOk, isHorizonServer, knownServer, refuseSourceOnly, reviveLate, type RegistrationAccess } from './horizon-heartbeat';
import { regionCoordOf, regionsTouch, registrationInput } from './registration-input';
import { storeFailure } from './store-reply';

/** Horizon's `AdjacentServerInfo`. */
export interface AdjacentServer {
  readonly server_id: string;
  readonly address: string;
  readonly region_coord: { x: number; y: number; z: number };
}

/** A fresh server id: `srv-` and 64 random bits. */
export function randomServerId(): string {
  return `srv-${randomBytes(8).toString('hex')}`;
}

function heartbeatSeconds(deps: HttpDeps): { secs: number; ms: number } {
  const seconds = deps.config().game_servers.heartbeat_interval;
  // Horizon reads a whole number of seconds; Atlas SDKs read the exact ms.
  return { secs: Math.max(1, Math.round(seconds)), ms: Math.round(seconds * 1000) };
}

function adjacentTo(server: GameServerInfo, all: readonly GameServerInfo[]): AdjacentServer[] {
  const region = server.region;
  if (region === null) return [];
  return all
    .filter((other) => other.id !== server.id && other.status === ServerStatus.Active && other.region !== null && regionsTouch(region, other.region))
    .map((other) => ({ server_id: other.id, address: publicUrl(other.address), region_coord: regionCoordOf(other.metadata) }));
}

/** `POST /api/v1/servers/register`: 201 (new) or 200 (same name and address again), 400, 401/403, 409, 503. */
export async function registerServer(deps: HttpDeps, body: unknown, peer: string, access: RegistrationAccess = 'credentials'): Promise<HttpReply> {
  const decoded = decodeWith(RegisterBodyCodec, body);
  if (E.isLeft(decoded)) {
    // From a source network only, a body must at least look like Horizon's to earn a 400.
    const shape = body as { bounds?: unknown; address?: unknown } | null;
    const horizonShaped = typeof shape === 'object' && shape !== null && typeof shape.bounds === 'number' && typeof shape.address === 'string' && isHorizonForm({ bounds: shape.bounds, address: shape.address });
    if (access === 'source' && !horizonShaped) return refuseSourceOnly(deps, peer, '/api/v1/servers/register');
    return apiError(400, 'invalid registration body', decoded.left);
  }
  if (access === 'source' && !isHorizonForm(decoded.right)) return refuseSourceOnly(deps, peer, '/api/v1/servers/register');
  const input = registrationInput(decoded.right, peer, deps.config().game_servers);
  if (E.isLeft(input)) return apiError(400, 'invalid registration body', input.left);
  const dials = decoded.right.dials_nodes === true;
  const linkNodes = dials ? (deps.linkNodes?.() ?? []) : [];
  if (dials && linkNodes.length === 0) {
    return apiError(400, 'no node takes links dialled by game servers', ['body.dials_nodes: set server.link_port, or security.psk for links on the public port (docs/deploy.md)']);
  }

  const existing = await deps.servers.list();
  if (E.isLeft(existing)) return storeFailure(existing.left);
  // A server that registers again (restart, lost heartbeat) keeps its id, so it does not conflict with itself.
  const previous = existing.right.find((s) => s.name === input.right.name && s.address === input.right.address);
  const id = previous?.id ?? (deps.newServerId ?? randomServerId)();

  const result = await deps.servers.register({ id, ...input.right, nodeId: deps.config().cluster.node_id, load: IDLE_SERVER_LOAD });
  const log = deps.logger.child({ component: 'http' });
  if (E.isLeft(result)) {
    log.warn('game server registration refused', { name: input.right.name, reason: describeClusterError(result.left) });
    return storeFailure(result.left);
  }
  const server = result.right;
  if (previous !== undefined) deps.serverBack?.(server.id);
  log.info(previous === undefined ? 'game server registered' : 'game server registered again', {
    serverId: server.id,
    name: server.name,
    address: publicUrl(server.address),
    region: server.region,
    kind: input.right.kind,
  });
  const others = existing.right.filter((s) => s.id !== server.id);
  const { secs, ms } = heartbeatSeconds(deps);
  return jsonReply(previous === undefined ? 201 : 200, {
    success: true,
    server_id: server.id,
    message: previous === undefined ? 'registered' : 'registered again',
    heartbeat_interval_secs: secs,
    heartbeat_interval_ms: ms,
    adjacent_servers: adjacentTo(server, others),
    ...(dials ? { link_nodes: linkNodes } : {}),
  });
}

/**
 * `PUT /api/v1/servers/{id}/heartbeat`: 200 with commands, 400, 404 (register again), 503.
 * Horizon servers (see horizon-heartbeat.ts): trusted by source, re-activated by a late
 * heartbeat within the grace, and answered 200 from the node's last view while the
 * store is unreachable (any other status ends their heartbeats for good).
 */
export async function heartbeatServer(deps: HttpDeps, serverId: string, body: unknown, access: RegistrationAccess = 'credentials', peer = ''): Promise<HttpReply> {
  const url = `/api/v1/servers/${serverId}/heartbeat`;
  const known = access === 'source' ? await knownServer(deps, serverId) : null;
  if (known !== null && !isHorizonServer(known.server)) return refuseSourceOnly(deps, peer, url);
  const decoded = decodeWith(HeartbeatBodyCodec, body);
  if (E.isLeft(decoded)) return apiError(400, 'invalid heartbeat body', decoded.left);
  const hb = decoded.right;
  if (hb.server_id !== serverId) {
    return apiError(400, 'invalid heartbeat body', [`body.server_id: ${JSON.stringify(hb.server_id)} does not match the path's ${JSON.stringify(serverId)}`]);
  }
  const load = {
    connections: hb.current_connections,
    load: hb.load,
    accepting: hb.accepting_connections,
    avgTickMs: hb.avg_tick_ms ?? 0,
    memoryBytes: hb.memory_bytes ?? 0,
  };
  const commands = parsableCommands(deps.commandsFor?.(serverId) ?? []);
  const result = await deps.servers.heartbeat(serverId, load);
  if (E.isRight(result)) {
    // A server that dials the nodes learns of nodes that came or went with each heartbeat.
    if (access === 'credentials' && deps.lastKnownServer?.(serverId)?.address === '') return heartbeatOk(commands, 'ok', { link_nodes: deps.linkNodes?.() ?? [] });
    return heartbeatOk(commands);
  }
  const error = result.left;
  if (error.kind === 'not_found' && error.reason === 'failed') {
    const { server } = known ?? (await knownServer(deps, serverId));
    if (server !== null && isHorizonServer(server)) return reviveLate(deps, server, load, commands);
  }
  if (error.kind === 'unavailable' || error.kind === 'closed') {
    const server = known?.server ?? deps.lastKnownServer?.(serverId) ?? null;
    if (isHorizonServer(server)) {
      deps.logger.child({ component: 'http' }).warn('Horizon heartbeat answered from the last view: cluster store unreachable', { serverId });
      return heartbeatOk(commands, 'cluster store unreachable: heartbeat not recorded');
    }
  }
  return storeFailure(error);
}

/** `DELETE /api/v1/servers/{id}`: 200, 404, 503 (source-trusted requests only for Horizon servers). */
export async function deregisterServer(deps: HttpDeps, serverId: string, access: RegistrationAccess = 'credentials', peer = ''): Promise<HttpReply> {
  if (access === 'source' && !isHorizonServer((await knownServer(deps, serverId)).server)) return refuseSourceOnly(deps, peer, `/api/v1/servers/${serverId}`);
  const result = await deps.servers.deregister(serverId);
  if (E.isLeft(result)) return storeFailure(result.left);
  if (!result.right) return apiError(404, `server ${serverId} is not registered`);
  deps.logger.child({ component: 'http' }).info('game server deregistered', { serverId });
  return jsonReply(200, { success: true, message: 'deregistered' });
}
