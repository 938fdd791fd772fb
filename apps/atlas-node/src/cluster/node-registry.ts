// The game-server registry as this node's HTTP API sees it. Servers that register here are
// this node's: its cluster member claims their regions, writes their heartbeats as they
// arrive, and puts them back under the same ids when the store forgot them (restarted
// empty). Reads and heartbeats never wait for the store: reads come from the member's view.
// Registrations and deletes do (a region claim needs it); once the store is known to be
// unreachable they fail at once, before that (the first command timeout of a freeze) they
// wait for it, rather than answer 503 to a slow but healthy store.
import * as E from 'fp-ts/lib/Either.js';
import {
  ClusterErrors,
  ServerStatus,
  StoreStatus,
  type ClusterError,
  type ClusterMember,
  type GameServerInfo,
  type ServerLoad,
  type ServerRegistration,
  type ServerRegistry,
} from '@atlas/cluster';
import { within } from './within';

/** A {@link ServerRegistry} over this node's cluster member (see the file comment). */
export function nodeRegistry(member: ClusterMember): ServerRegistry {
  return {
    register: (registration) => member.registerServer(registration),
    heartbeat: async (serverId, load) => {
      // Declared failed (its heartbeats stopped for its timeout): the caller decides whether it
      // comes back (re-registration, or a Horizon server's late heartbeat within its grace).
      const seen = member.view.server(serverId);
      if (seen?.status === ServerStatus.Failed && member.health().status === StoreStatus.Ok) return E.left(ClusterErrors.notFound('server', serverId, 'failed'));
      if (member.reportServerLoad(serverId, load)) return E.right(Date.now());
      return adopt(member, serverId, load);
    },
    deregister: (serverId) => member.deregisterServer(serverId),
    get: async (serverId) => E.right(member.view.server(serverId) ?? null),
    list: async () => E.right(member.view.servers()),
  };
}

/**
 * A heartbeat for a server this node does not hold: it registered with another node, and
 * moved its heartbeats here (that node died or cannot be reached). This node takes it over
 * from its view under the same id. While the store is unreachable the last view answers.
 */
async function adopt(member: ClusterMember, serverId: string, load: ServerLoad): Promise<E.Either<ClusterError, number>> {
  const known = member.view.server(serverId);
  if (known === undefined) return E.left(ClusterErrors.notFound('server', serverId));
  const alive = known.status !== ServerStatus.Failed;
  if (!alive) return E.left(ClusterErrors.notFound('server', serverId, 'failed'));
  if (member.health().status !== StoreStatus.Ok) return E.right(Date.now());
  const taken = await within(member.registerServer(registrationOf(known, load)));
  if (E.isRight(taken)) return E.right(taken.right.lastHeartbeat);
  // Refused (its region is someone else's now): it must register again. Unreachable: the last view answers.
  if (taken.left.kind === 'unavailable') return E.right(Date.now());
  return E.left(ClusterErrors.notFound('server', serverId));
}

function registrationOf(s: GameServerInfo, load: ServerLoad): Omit<ServerRegistration, 'nodeId'> {
  const { id, name, address, region, capacity, version, metadata, kind, heartbeatTimeoutMs } = s;
  return { id, name, address, region, capacity, version, metadata, kind, heartbeatTimeoutMs, load };
}
