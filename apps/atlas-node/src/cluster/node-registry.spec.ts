import * as E from 'fp-ts/lib/Either.js';
import { ClusterMember, MemoryBackend, type ServerRegistry } from '@atlas/cluster';
import { box, eventually, expectRight } from '@atlas/cluster/testing';
import { nodeRegistry } from './node-registry';

const TIMINGS = { heartbeatTimeoutMs: 300, serverTimeoutMs: 300, retentionMs: 10_000 };
const LOAD = { connections: 1, load: 0.1, accepting: true, avgTickMs: 1, memoryBytes: 0 };
const forest = { id: 's1', name: 'forest', address: 'ws://s1', region: box(0, 0, 0, 10, 10, 10), capacity: 9, version: '1', nodeId: 'ignored' };

describe('nodeRegistry: the registry behind a node HTTP API', () => {
  const members: ClusterMember[] = [];
  let backend: MemoryBackend;

  async function node(id: string): Promise<{ member: ClusterMember; registry: ServerRegistry }> {
    const member = new ClusterMember(backend.createStore(TIMINGS), { node: { id, address: `ws://${id}` }, heartbeatIntervalMs: 50 });
    members.push(member);
    expectRight(await member.start());
    return { member, registry: nodeRegistry(member) };
  }

  beforeEach(() => {
    backend = new MemoryBackend();
  });
  afterEach(async () => {
    await Promise.all(members.splice(0).map((m) => m.stop({ leave: false })));
  });

  it('owns what registers through it: heartbeats answer at once and reach the store; reads come from the view', async () => {
    const { registry } = await node('a');
    expect(expectRight(await registry.register(forest)).nodeId).toBe('a');
    expectRight(await registry.heartbeat('s1', LOAD));
    await eventually(() => backend.servers.get('s1')?.load.connections === 1, 'the heartbeat written to the store');
    expect(expectRight(await registry.list()).map((s) => s.id)).toEqual(['s1']);
    expect(expectRight(await registry.get('s1'))?.name).toBe('forest');
    expect(E.isLeft(await registry.heartbeat('nobody', LOAD)) && 'not_found').toBe('not_found');
  });

  it('through an outage and an empty restart: heartbeats keep getting answers, the server comes back under its id', async () => {
    const { registry } = await node('a');
    expectRight(await registry.register(forest));
    backend.setAvailable(false);
    expectRight(await registry.heartbeat('s1', LOAD));
    expect(expectRight(await registry.list()).map((s) => s.id)).toEqual(['s1']); // the last view
    backend.restart(); // empty
    backend.setAvailable(true);
    expectRight(await registry.heartbeat('s1', LOAD));
    await eventually(() => backend.servers.get('s1')?.nodeId === 'a' && backend.servers.get('s1')?.status === 'active', 's1 put back under its id');
  });

  it('takes over a server whose heartbeats moved here from the node it registered with, under the same id', async () => {
    const a = await node('a');
    const b = await node('b');
    expectRight(await a.registry.register(forest));
    await eventually(() => b.member.view.server('s1') !== undefined, 'b sees s1');
    expectRight(await b.registry.heartbeat('s1', LOAD));
    expect(backend.servers.get('s1')?.nodeId).toBe('b');
    // While the store is away, a node answers from its view for a server it does not hold.
    const c = await node('c');
    await eventually(() => c.member.view.server('s1') !== undefined, 'c sees s1');
    backend.setAvailable(false);
    expectRight(await c.registry.heartbeat('s1', LOAD));
    expect(E.isLeft(await c.registry.heartbeat('nobody', LOAD))).toBe(true);
  });

  it('a registration while the store is away is refused with unavailable, fast, and held: it is made on recovery', async () => {
    const { registry } = await node('a');
    backend.setAvailable(false);
    const started = Date.now();
    const refused = await registry.register(forest);
    expect(E.isLeft(refused) && refused.left.kind).toBe('unavailable');
    expect(Date.now() - started).toBeLessThan(200);
    expectRight(await registry.heartbeat('s1', LOAD)); // the game server retries, or heartbeats meanwhile
    backend.setAvailable(true);
    await eventually(() => backend.servers.get('s1')?.nodeId === 'a', 'registered on recovery');
  });
});
