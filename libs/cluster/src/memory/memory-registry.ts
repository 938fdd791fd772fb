import * as E from 'fp-ts/lib/Either.js';
import { boundsOverlap } from '../model/bounds';
import { ClusterErrors } from '../model/errors';
import type { SweepResult } from '../model/events';
import { NodeStatus, type NodeInfo } from '../model/node';
import { mapNames, mappedRegion } from '../model/region-map';
import { ServerStatus, serverTimeoutOf, type GameServerInfo } from '../model/server';
import { normaliseNode, normaliseServer, validateNodeHeartbeat, validateServerLoad } from '../model/validate';
import type { Membership, ServerRegistry } from '../store/cluster-store';
import type { MemoryContext } from './memory-store';

/** Membership on the in-memory backend (same rules as the Redis scripts). */
export function memoryMembership({ backend, timings, run }: MemoryContext): Membership {
  const { nodes } = backend;
  return {
    register: (registration) =>
      run(() => {
        const valid = normaliseNode(registration);
        if (E.isLeft(valid)) return valid;
        const previous = nodes.get(valid.right.id);
        const node: NodeInfo = { ...valid.right, lastHeartbeat: backend.now() };
        nodes.set(node.id, node);
        const joined = previous === undefined || previous.status === NodeStatus.Failed;
        backend.publish({ type: 'node', change: joined ? 'joined' : 'updated', node });
        return E.right(node);
      }),
    heartbeat: (nodeId, heartbeat) =>
      run(() => {
        const valid = validateNodeHeartbeat(heartbeat);
        if (E.isLeft(valid)) return valid;
        const previous = nodes.get(nodeId);
        if (previous === undefined) return E.left(ClusterErrors.notFound('node', nodeId));
        if (previous.status === NodeStatus.Failed) return E.left(ClusterErrors.notFound('node', nodeId, 'failed'));
        const { status, connections, load } = valid.right;
        const node: NodeInfo = { ...previous, status: status ?? previous.status, connections, load, lastHeartbeat: backend.now() };
        nodes.set(nodeId, node);
        if (timings.publishHeartbeats) backend.publish({ type: 'node', change: 'updated', node });
        return E.right(node.lastHeartbeat);
      }),
    leave: (nodeId) =>
      run(() => {
        const previous = nodes.get(nodeId);
        if (previous === undefined) return E.right(false);
        nodes.delete(nodeId);
        backend.publish({ type: 'node', change: 'left', node: { ...previous, status: NodeStatus.Stopped } });
        return E.right(true);
      }),
    get: (nodeId) => run(() => E.right(nodes.get(nodeId) ?? null)),
    list: () => run(() => E.right([...nodes.values()])),
  };
}

/** The game-server registry on the in-memory backend. */
export function memoryServers({ backend, timings, run }: MemoryContext): ServerRegistry {
  const { servers } = backend;
  return {
    register: (registration) =>
      run(() => {
        const valid = normaliseServer(registration);
        if (E.isLeft(valid)) return valid;
        const { region } = valid.right;
        // A live server at the same address is this one's dead predecessor (two live servers
        // cannot listen on one address): a quick restart replaces it instead of waiting out its
        // heartbeat timeout. Same rule in the Redis script.
        // A server the region map names is not checked: the map (one fenced writer) owns its bounds.
        const map = backend.regionMap;
        const replaced: GameServerInfo[] = [];
        if (region !== null && !mapNames(valid.right, map)) {
          for (const other of servers.values()) {
            const owned = mappedRegion(other, map);
            if (other.id === valid.right.id || other.status === ServerStatus.Failed || owned === null) continue;
            if (!boundsOverlap(region, owned)) continue;
            if (other.address !== valid.right.address) return E.left(ClusterErrors.regionConflict(valid.right.id, other.id));
            replaced.push(other);
          }
        }
        for (const other of replaced) {
          const failed: GameServerInfo = { ...other, status: ServerStatus.Failed };
          servers.set(other.id, failed);
          backend.publish({ type: 'server', change: 'failed', server: failed });
        }
        const previous = servers.get(valid.right.id);
        const server: GameServerInfo = { ...valid.right, status: ServerStatus.Active, lastHeartbeat: backend.now() };
        servers.set(server.id, server);
        const fresh = previous === undefined || previous.status === ServerStatus.Failed;
        backend.publish({ type: 'server', change: fresh ? 'registered' : 'updated', server });
        return E.right(server);
      }),
    heartbeat: (serverId, load) =>
      run(() => {
        const valid = validateServerLoad(load);
        if (E.isLeft(valid)) return valid;
        const previous = servers.get(serverId);
        if (previous === undefined) return E.left(ClusterErrors.notFound('server', serverId));
        if (previous.status === ServerStatus.Failed) return E.left(ClusterErrors.notFound('server', serverId, 'failed'));
        const server: GameServerInfo = { ...previous, load: valid.right, lastHeartbeat: backend.now() };
        servers.set(serverId, server);
        if (timings.publishHeartbeats) backend.publish({ type: 'server', change: 'updated', server });
        return E.right(server.lastHeartbeat);
      }),
    deregister: (serverId) =>
      run(() => {
        const previous = servers.get(serverId);
        if (previous === undefined) return E.right(false);
        servers.delete(serverId);
        backend.publish({ type: 'server', change: 'deregistered', server: previous });
        return E.right(true);
      }),
    get: (serverId) => run(() => E.right(servers.get(serverId) ?? null)),
    list: () => run(() => E.right([...servers.values()])),
  };
}

/** The failure detector's sweep on the in-memory backend. */
export function memorySweep({ backend, timings }: MemoryContext): (by?: string) => E.Either<never, SweepResult> {
  return (by) => {
    const now = backend.now();
    const result = { failedNodes: [] as string[], removedNodes: [] as string[], failedServers: [] as string[], removedServers: [] as string[] };
    // The same rule as the Redis script: a sweeper that does not look alive itself judges nobody.
    const own = by === undefined ? undefined : backend.nodes.get(by);
    if (by !== undefined && (own === undefined || own.lastHeartbeat < now - timings.heartbeatTimeoutMs / 2)) return E.right(result);
    for (const node of [...backend.nodes.values()]) {
      if (node.lastHeartbeat >= now - timings.heartbeatTimeoutMs) continue;
      if (node.lastHeartbeat < now - timings.heartbeatTimeoutMs - timings.retentionMs) {
        backend.nodes.delete(node.id);
        result.removedNodes.push(node.id);
        backend.publish({ type: 'node', change: 'removed', node });
      } else if (node.status !== NodeStatus.Failed) {
        const failed: NodeInfo = { ...node, status: NodeStatus.Failed };
        backend.nodes.set(node.id, failed);
        result.failedNodes.push(node.id);
        backend.publish({ type: 'node', change: 'failed', node: failed });
      }
    }
    for (const server of [...backend.servers.values()]) {
      const timeout = serverTimeoutOf(server, timings.serverTimeoutMs);
      if (server.lastHeartbeat >= now - timeout) continue;
      if (server.lastHeartbeat < now - timeout - timings.retentionMs) {
        backend.servers.delete(server.id);
        result.removedServers.push(server.id);
        backend.publish({ type: 'server', change: 'removed', server });
      } else if (server.status !== ServerStatus.Failed) {
        const failed: GameServerInfo = { ...server, status: ServerStatus.Failed };
        backend.servers.set(server.id, failed);
        result.failedServers.push(server.id);
        backend.publish({ type: 'server', change: 'failed', server: failed });
      }
    }
    return E.right(result);
  };
}
