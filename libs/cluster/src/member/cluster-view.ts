import type { ClusterEvent, NodeChange, ServerChange } from '../model/events';
import { NodeStatus, type NodeInfo } from '../model/node';
import { ServerStatus, type GameServerInfo } from '../model/server';

type Versioned = { readonly id: string; readonly lastHeartbeat: number };


/** A change to a node or server record. */
type RecordEvent = Extract<ClusterEvent, { readonly type: 'node' | 'server' }>;

/**
 * One node's last known picture of the cluster, readable synchronously (the hot path never
 * awaits the store). Fed by pushed events and periodic snapshots; kept as-is while the
 * store is degraded (`stale` is then true). `lastHeartbeat` orders updates, so an event
 * older than a snapshot never rolls the view back.
 */
export class ClusterView {
  /** True while the store is unreachable: the view is the last one known. */
  stale = false;
  /** Bumped on every change, so consumers can rebuild derived indexes lazily. */
  version = 0;
  private readonly nodeMap = new Map<string, NodeInfo>();
  private readonly serverMap = new Map<string, GameServerInfo>();
  private nodeList: readonly NodeInfo[] | null = null;
  private serverList: readonly GameServerInfo[] | null = null;

  /** Every known node, failed ones included (check `status`). */
  nodes(): readonly NodeInfo[] {
    this.nodeList ??= [...this.nodeMap.values()];
    return this.nodeList;
  }

  /** Every known game server, failed ones included. */
  servers(): readonly GameServerInfo[] {
    this.serverList ??= [...this.serverMap.values()];
    return this.serverList;
  }

  node(id: string): NodeInfo | undefined {
    return this.nodeMap.get(id);
  }

  server(id: string): GameServerInfo | undefined {
    return this.serverMap.get(id);
  }

  /** Ids of nodes known to be failed (passed as `staleNodeIds` when claiming sessions). */
  failedNodeIds(): string[] {
    return this.nodes()
      .filter((n) => n.status === NodeStatus.Failed)
      .map((n) => n.id);
  }

  /** Applies a pushed event (node and server records; others change nothing here); true when it changed the view (older news is ignored). */
  apply(event: ClusterEvent): boolean {
    if (event.type === 'node') {
      const removal = event.change === 'left' || event.change === 'removed';
      return this.put(this.nodeMap, event.node, removal) && this.touch('nodes');
    }
    if (event.type === 'server') {
      const removal = event.change === 'deregistered' || event.change === 'removed';
      return this.put(this.serverMap, event.server, removal) && this.touch('servers');
    }
    return false;
  }

  /**
   * Replaces the view with a snapshot and returns the changes it implies, as events. With
   * `keepMissing`, what the snapshot lacks stays (the store may have forgotten it: restarted
   * empty, and its owner has not put it back yet); only what the snapshot holds is updated.
   */
  replace(nodes: readonly NodeInfo[], servers: readonly GameServerInfo[], keepMissing = false): RecordEvent[] {
    const events: RecordEvent[] = [];
    for (const [change, node] of diff(this.nodeMap, nodes, (n) => n.status === NodeStatus.Failed, keepMissing)) {
      events.push({ type: 'node', change: nodeChange(change), node });
    }
    for (const [change, server] of diff(this.serverMap, servers, (s) => s.status === ServerStatus.Failed, keepMissing)) {
      events.push({ type: 'server', change: serverChange(change), server });
    }
    if (!keepMissing) this.nodeMap.clear();
    for (const node of nodes) this.nodeMap.set(node.id, node);
    if (!keepMissing) this.serverMap.clear();
    for (const server of servers) this.serverMap.set(server.id, server);
    if (events.length > 0) {
      this.touch('nodes');
      this.touch('servers');
    }
    return events;
  }

  private put<T extends Versioned>(map: Map<string, T>, item: T, removal: boolean): boolean {
    const current = map.get(item.id);
    if (current !== undefined && current.lastHeartbeat > item.lastHeartbeat) return false;
    // The same news twice (our own write applied early, then its push) changes nothing.
    if (!removal && current !== undefined && current.lastHeartbeat === item.lastHeartbeat && same(current, item)) return false;
    if (removal) return map.delete(item.id);
    map.set(item.id, item);
    return true;
  }

  private touch(which: 'nodes' | 'servers'): true {
    if (which === 'nodes') this.nodeList = null;
    else this.serverList = null;
    this.version += 1;
    return true;
  }
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

type Diff = 'new' | 'failed' | 'changed' | 'gone';

function* diff<T extends Versioned>(before: Map<string, T>, after: readonly T[], failed: (item: T) => boolean, keepMissing: boolean): Generator<[Diff, T]> {
  const seen = new Set<string>();
  for (const item of after) {
    seen.add(item.id);
    const previous = before.get(item.id);
    if (previous === undefined) yield [failed(item) ? 'failed' : 'new', item];
    else if (failed(item) && !failed(previous)) yield ['failed', item];
    else if (!same(previous, item)) yield [!failed(item) && failed(previous) ? 'new' : 'changed', item];
  }
  if (keepMissing) return;
  for (const [id, item] of before) if (!seen.has(id)) yield ['gone', item];
}

function nodeChange(change: Diff): NodeChange {
  return change === 'new' ? 'joined' : change === 'failed' ? 'failed' : change === 'gone' ? 'removed' : 'updated';
}

function serverChange(change: Diff): ServerChange {
  return change === 'new' ? 'registered' : change === 'failed' ? 'failed' : change === 'gone' ? 'removed' : 'updated';
}
