import * as E from 'fp-ts/lib/Either.js';
import { boundsOverlap } from '../model/bounds';
import { ClusterErrors, type ClusterError } from '../model/errors';
import type { SweepResult } from '../model/events';
import { NodeStatus, type NodeInfo } from '../model/node';
import { mapNames, mappedRegion } from '../model/region-map';
import { ServerStatus, serverTimeoutOf, type GameServerInfo } from '../model/server';
import { normaliseNode, normaliseServer, validateNodeHeartbeat, validateServerLoad } from '../model/validate';
import type { Membership, ServerRegistry } from '../store/cluster-store';
import type { MemoryContext } from './memory-store';

type Row = { readonly id: string; readonly status: string; readonly lastHeartbeat: number };

/** Stores a registered row; true if it is new there (none before, or a failed one), which the event names. */
function putRow<T extends Row>(rows: Map<string, T>, row: T): boolean {
  const previous = rows.get(row.id);
  rows.set(row.id, row);
  // NodeStatus.Failed and ServerStatus.Failed.
  return previous === undefined || previous.status === 'failed';
}

/** The heartbeat rule of nodes and servers (as the HEARTBEAT script): a missing or failed row is not found; pushed only if heartbeats are published. */
function heartbeatRow<T extends Row>(
  { backend, timings }: MemoryContext,
  rows: Map<string, T>,
  entity: 'node' | 'server',
  id: string,
  beat: (previous: T, now: number) => T,
  announce: (row: T) => void,
): E.Either<ClusterError, number> {
  const previous = rows.get(id);
  if (previous === undefined) return E.left(ClusterErrors.notFound(entity, id));
  // NodeStatus.Failed and ServerStatus.Failed.
  if (previous.status === 'failed') return E.left(ClusterErrors.notFound(entity, id, 'failed'));
  const row = beat(previous, backend.now());
  rows.set(id, row);
  if (timings.publishHeartbeats) announce(row);
  return E.right(row.lastHeartbeat);
}

/** Removes a row and announces it as it was (the REMOVE script's rule); false if it was not there. */
function removeRow<T>(rows: Map<string, T>, id: string, announce: (previous: T) => void): E.Either<never, boolean> {
  const previous = rows.get(id);
  if (previous === undefined) return E.right(false);
  rows.delete(id);
  announce(previous);
  return E.right(true);
}

/** Membership on the in-memory backend (same rules as the Redis scripts). */
export function memoryMembership(ctx: MemoryContext): Membership {
  const { backend, run } = ctx;
  const { nodes } = backend;
  return {
    register: (registration) =>
      run(() => {
        const valid = normaliseNode(registration);
        if (E.isLeft(valid)) return valid;
        const node: NodeInfo = { ...valid.right, lastHeartbeat: backend.now() };
        const joined = putRow(nodes, node);
        backend.publish({ type: 'node', change: joined ? 'joined' : 'updated', node });
        return E.right(node);
      }),
    heartbeat: (nodeId, heartbeat) =>
      run(() => {
        const valid = validateNodeHeartbeat(heartbeat);
        if (E.isLeft(valid)) return valid;
        const { status, connections, load } = valid.right;
        return heartbeatRow(
          ctx,
          nodes,
          'node',
          nodeId,
          (previous, now): NodeInfo => ({ ...previous, status: status ?? previous.status, connections, load, lastHeartbeat: now }),
          (node) => backend.publish({ type: 'node', change: 'updated', node }),
        );
      }),
    leave: (nodeId) =>
      run(() => removeRow(nodes, nodeId, (previous) => backend.publish({ type: 'node', change: 'left', node: { ...previous, status: NodeStatus.Stopped } }))),
    get: (nodeId) => run(() => E.right(nodes.get(nodeId) ?? null)),
    list: () => run(() => E.right([...nodes.values()])),
  };
}

/** The game-server registry on the in-memory backend. */
export function memoryServers(ctx: MemoryContext): ServerRegistry {
  const { backend, run } = ctx;
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
        const server: GameServerInfo = { ...valid.right, status: ServerStatus.Active, lastHeartbeat: backend.now() };
        const fresh = putRow(servers, server);
        backend.publish({ type: 'server', change: fresh ? 'registered' : 'updated', server });
        return E.right(server);
      }),
    heartbeat: (serverId, load) =>
      run(() => {
        const valid = validateServerLoad(load);
        if (E.isLeft(valid)) return valid;
        return heartbeatRow(
          ctx,
          servers,
          'server',
          serverId,
          (previous, now): GameServerInfo => ({ ...previous, load: valid.right, lastHeartbeat: now }),
          (server) => backend.publish({ type: 'server', change: 'updated', server }),
        );
      }),
    deregister: (serverId) => run(() => removeRow(servers, serverId, (server) => backend.publish({ type: 'server', change: 'deregistered', server }))),
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
