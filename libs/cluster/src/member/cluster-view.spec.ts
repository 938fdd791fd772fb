import type { NodeInfo } from '../model/node';
import type { GameServerInfo } from '../model/server';
import { gameServerInfo } from '../testing/contract-helpers';
import { ClusterView } from './cluster-view';

const node = (id: string, lastHeartbeat: number, extra: Partial<NodeInfo> = {}): NodeInfo => ({
  id,
  address: `ws://${id}`,
  status: 'active',
  connections: 0,
  load: 0,
  metadata: {},
  lastHeartbeat,
  ...extra,
});

const server = (id: string, lastHeartbeat: number, extra: Partial<GameServerInfo> = {}): GameServerInfo => gameServerInfo(id, { lastHeartbeat, ...extra });

describe('ClusterView', () => {
  it('ignores news older than what it has, and the same news twice', () => {
    const view = new ClusterView();
    expect(view.apply({ type: 'node', change: 'joined', node: node('a', 100) })).toBe(true);
    expect(view.apply({ type: 'node', change: 'updated', node: node('a', 200, { connections: 5 }) })).toBe(true);
    expect(view.apply({ type: 'node', change: 'updated', node: node('a', 150, { connections: 1 }) })).toBe(false);
    expect(view.apply({ type: 'node', change: 'updated', node: node('a', 200, { connections: 5 }) })).toBe(false);
    expect(view.node('a')?.connections).toBe(5);
    // A failure keeps the last heartbeat, so it applies on top of it.
    expect(view.apply({ type: 'node', change: 'failed', node: node('a', 200, { connections: 5, status: 'failed' }) })).toBe(true);
    expect(view.failedNodeIds()).toEqual(['a']);
    expect(view.apply({ type: 'node', change: 'left', node: node('a', 100) })).toBe(false);
    expect(view.apply({ type: 'node', change: 'left', node: node('a', 200, { status: 'stopped' }) })).toBe(true);
    expect(view.nodes()).toEqual([]);
  });

  it('a snapshot replaces the view and reports the differences as events', () => {
    const view = new ClusterView();
    view.apply({ type: 'node', change: 'joined', node: node('stays', 1) });
    view.apply({ type: 'node', change: 'joined', node: node('dies', 1) });
    view.apply({ type: 'node', change: 'joined', node: node('goes', 1) });
    view.apply({ type: 'server', change: 'registered', server: server('s1', 1) });
    const before = view.version;
    const events = view.replace([node('stays', 1), node('dies', 1, { status: 'failed' }), node('new', 2)], [server('s1', 3, { capacity: 20 })]);
    expect(events.map((e) => (e.type === 'node' ? `${e.change}:${e.node.id}` : e.type === 'server' ? `${e.change}:${e.server.id}` : ''))).toEqual([
      'failed:dies',
      'joined:new',
      'removed:goes',
      'updated:s1',
    ]);
    expect(view.version).toBeGreaterThan(before);
    expect(view.server('s1')?.capacity).toBe(20);
    expect(view.replace(view.nodes(), view.servers())).toEqual([]);
  });

  it('with keepMissing, a snapshot that lacks entries (a store that forgot them) updates what it has and drops nothing', () => {
    const view = new ClusterView();
    view.replace([node('a', 1), node('b', 1)], [server('s1', 1), server('s2', 1)]);
    expect(view.replace([node('a', 5)], [server('s1', 5, { nodeId: 'a' })], true)).toEqual([
      { type: 'node', change: 'updated', node: node('a', 5) },
      { type: 'server', change: 'updated', server: server('s1', 5, { nodeId: 'a' }) },
    ]);
    expect(view.servers().map((s) => s.id).sort()).toEqual(['s1', 's2']);
    expect(view.nodes().map((n) => n.id).sort()).toEqual(['a', 'b']);
    // Without it, what is missing is gone.
    expect(view.replace([node('a', 5)], [server('s1', 5, { nodeId: 'a' })]).map((e) => e.change)).toEqual(['removed', 'removed']);
  });

  it('lists are cached until something changes', () => {
    const view = new ClusterView();
    view.apply({ type: 'server', change: 'registered', server: server('s1', 1) });
    const first = view.servers();
    expect(view.servers()).toBe(first);
    view.apply({ type: 'server', change: 'updated', server: server('s1', 2) });
    expect(view.servers()).not.toBe(first);
  });
});
