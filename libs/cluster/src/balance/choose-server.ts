import * as E from 'fp-ts/lib/Either.js';
import { boundsContain, type Vec3 } from '../model/bounds';
import { ServerStatus, type GameServerInfo } from '../model/server';

/** Why no server was chosen. */
export type NoServer =
  | { readonly kind: 'unowned' }
  | { readonly kind: 'full'; readonly serverId: string }
  | { readonly kind: 'no_capacity' }
  | { readonly kind: 'no_standby' };

/** Live, accepting, and below capacity. */
export function hasRoom(server: GameServerInfo): boolean {
  return server.status === ServerStatus.Active && server.load.accepting && server.load.connections < server.capacity;
}

function utilisation(server: GameServerInfo): number {
  return server.capacity === 0 ? 1 : server.load.connections / server.capacity;
}

/** Lower utilisation first, then lower reported load, then id (deterministic). */
function lighter(a: GameServerInfo, b: GameServerInfo): number {
  return utilisation(a) - utilisation(b) || a.load.load - b.load.load || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The server for a new player. With a position, only the region's owner can host it
 * (`unowned` / `full` otherwise). Without one (a spawn anywhere), the server with the most
 * room relative to its capacity.
 */
export function chooseServerForPlayer(servers: readonly GameServerInfo[], position?: Vec3): E.Either<NoServer, GameServerInfo> {
  if (position !== undefined) {
    const owner = servers.find((s) => s.status === ServerStatus.Active && s.region !== null && boundsContain(s.region, position));
    if (owner === undefined) return E.left({ kind: 'unowned' });
    return hasRoom(owner) ? E.right(owner) : E.left({ kind: 'full', serverId: owner.id });
  }
  const best = servers.filter(hasRoom).sort(lighter)[0];
  return best === undefined ? E.left({ kind: 'no_capacity' }) : E.right(best);
}

/**
 * The server to take a new region (say, half of a split): a standby server (no region yet)
 * with room, preferring the most capacity, then the least load. Servers that own a region
 * keep it: a server claims one region.
 */
export function chooseServerForRegion(
  servers: readonly GameServerInfo[],
  options: { readonly version?: string } = {},
): E.Either<NoServer, GameServerInfo> {
  const standby = servers
    .filter((s) => s.region === null && hasRoom(s) && (options.version === undefined || s.version === options.version))
    .sort((a, b) => b.capacity - b.load.connections - (a.capacity - a.load.connections) || lighter(a, b));
  return standby[0] === undefined ? E.left({ kind: 'no_standby' }) : E.right(standby[0]);
}
