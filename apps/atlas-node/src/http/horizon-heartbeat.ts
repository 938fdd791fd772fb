/**
 * What the registration API does differently for Horizon servers, which send no
 * credentials, heartbeat every 30 s and give up for good on the first answer that is not
 * a parsable 200/201 (atlas_client.rs 280-290): trust by source network, re-activation by
 * a late heartbeat, and a 200 from the node's last view while the store is unreachable.
 */
import { ServerKind, serverKind, type GameServerInfo, type ServerLoad } from '@atlas/cluster';
import * as E from 'fp-ts/lib/Either.js';
import type { HttpDeps } from './deps';
import { checkRegistrationAuth } from './auth';
import { fromHorizonSource } from './horizon-form';
import { apiError, jsonReply, type HttpReply } from './reply';
import { storeFailure } from './store-reply';

/** How a registration API request got in: credentials (or loopback with no secret), or only its source network (Horizon). */
export type RegistrationAccess = 'credentials' | 'source';

/** The access of a request, or null if neither credentials nor `game_servers.horizon_sources` let it in. */
export function registrationAccess(deps: HttpDeps, authorization: string, peer: string): RegistrationAccess | null {
  const config = deps.config();
  if (checkRegistrationAuth(config.security.registration_secret, authorization, peer) === null) return 'credentials';
  // A request that shows credentials is judged by them alone (a wrong secret stays wrong).
  return authorization === '' && fromHorizonSource(peer, config.game_servers.horizon_sources) ? 'source' : null;
}

/** The refusal a source-only request gets when it is not a Horizon request after all (logged like the guard's). */
export function refuseSourceOnly(deps: HttpDeps, peer: string, url: string): HttpReply {
  const refusal = checkRegistrationAuth(deps.config().security.registration_secret, '', peer) ?? apiError(401, 'credentials required');
  deps.logger.child({ component: 'http' }).warn('registration API request refused', { url, peer, status: refusal.status, reason: 'only Horizon-form servers are trusted by source network' });
  return refusal;
}

/** The server as the store has it, or as this node last saw it while the store is unreachable. */
export async function knownServer(deps: HttpDeps, serverId: string): Promise<{ server: GameServerInfo | null; fromView: boolean }> {
  const stored = await deps.servers.get(serverId);
  if (E.isRight(stored)) return { server: stored.right, fromView: false };
  return { server: deps.lastKnownServer?.(serverId) ?? null, fromView: true };
}

/** Whether a record is a Horizon-form registration (kind horizon, or its own timeout from one). */
export function isHorizonServer(server: GameServerInfo | null): boolean {
  return server !== null && (serverKind(server) === ServerKind.Horizon || server.heartbeatTimeoutMs !== undefined);
}

/** The heartbeat answer (200 with `commands`, all of them parsable by Horizon). */
export function heartbeatOk(commands: unknown[], message = 'ok', extra: Readonly<Record<string, unknown>> = {}): HttpReply {
  return jsonReply(200, { success: true, message, commands, ...extra });
}

/**
 * A heartbeat from a Horizon server the sweep already failed. Within
 * `game_servers.horizon_revive_grace` of its failure it registers again under the same
 * id (the region claim is atomic); a region taken meanwhile, or a late heartbeat past the
 * grace, is a 404 with a log line saying which.
 */
export async function reviveLate(deps: HttpDeps, server: GameServerInfo, load: ServerLoad, commands: unknown[]): Promise<HttpReply> {
  const config = deps.config();
  const log = deps.logger.child({ component: 'http' });
  const storeTimeoutMs = Math.round(config.cluster.heartbeat_timeout * 1000);
  const failedAt = server.lastHeartbeat + Math.max(storeTimeoutMs, server.heartbeatTimeoutMs ?? 0);
  const lateMs = Math.max(0, Date.now() - failedAt);
  const graceMs = Math.round(config.game_servers.horizon_revive_grace * 1000);
  if (lateMs > graceMs) {
    log.warn('late heartbeat of a failed Horizon server refused', { serverId: server.id, lateMs, reason: `past game_servers.horizon_revive_grace (${graceMs} ms)` });
    return apiError(404, `server ${server.id} was failed ${lateMs} ms ago, past the revive grace: register again`);
  }
  const { id, name, address, region, capacity, version, metadata, kind, heartbeatTimeoutMs } = server;
  const result = await deps.servers.register({ id, name, address, region, capacity, version, metadata, kind, heartbeatTimeoutMs, nodeId: config.cluster.node_id, load });
  if (E.isLeft(result)) {
    const reason = result.left.kind === 'region_conflict' ? `its region is now served by ${result.left.conflictsWith}` : result.left.kind;
    log.warn('late heartbeat of a failed Horizon server refused', { serverId: id, lateMs, reason });
    return result.left.kind === 'region_conflict' ? apiError(404, `server ${id} was failed and ${reason}: register again`) : storeFailure(result.left);
  }
  log.info('game server re-activated by a late heartbeat', { serverId: id, lateMs });
  return heartbeatOk(commands, 're-activated');
}
