// Ghosts in a two-node cluster on a real Redis: each node streams its own players, so the
// neighbour sees the near-border players of both nodes, each on the link it came from.
import { deleteKeys, randomPrefix, testRedisUrl } from '@atlas/cluster/testing';
import type { AtlasNode } from '../src/node';
import { bootNode, box, startServer, until, type TestServer } from './support/harness';
import { connectClient } from './support/test-client';

const move = (x: number) => ({ type: 'PlayerMove' as const, seq: 1, timestamp: 1, position: { x, y: 50, z: 0 }, velocity: { x: 0, y: 0, z: 0 } });

describe('ghosts in a two-node cluster on Redis', () => {
  const prefix = randomPrefix('ghosts-e2e');
  const shared = { cluster: { store: 'redis' as const, redis_url: testRedisUrl() } };
  let a: AtlasNode;
  let b: AtlasNode;
  let west: TestServer;
  let east: TestServer;

  beforeAll(async () => {
    a = await bootNode(shared, { keyPrefix: prefix });
    b = await bootNode(shared, { keyPrefix: prefix });
    west = await startServer(a, 'west', box(0, 0, 100, 100));
    east = await startServer(b, 'east', box(100, 0, 200, 100));
    const bothUp = (n: AtlasNode): boolean => n.snapshot().links.filter((l) => l.state === 'up').length === 2;
    await until(() => bothUp(a) && bothUp(b), 8000, 'both nodes linked to both servers');
  });

  afterAll(async () => {
    await west.stop();
    await east.stop();
    await Promise.all([a.drain(), b.drain()]);
    await deleteKeys(testRedisUrl(), prefix);
  });

  it('shows the neighbour the near-border players of both nodes', async () => {
    const ca = await connectClient(`ws://127.0.0.1:${a.port}/ws`);
    const cb = await connectClient(`ws://127.0.0.1:${b.port}/ws`);
    ca.send(move(95));
    cb.send(move(90));
    await until(() => east.server.ghosts.size === 2, 5000, 'two ghosts on east');
    const ghostA = east.server.ghosts.get(ca.welcome.playerId);
    const ghostB = east.server.ghosts.get(cb.welcome.playerId);
    expect([ghostA?.link.nodeId, ghostB?.link.nodeId]).toEqual([a.nodeId, b.nodeId]);
    expect([ghostA?.ownerServer, ghostB?.ownerServer]).toEqual([west.registration.serverId, west.registration.serverId]);
    expect([ghostA?.position.x, ghostB?.position.x]).toEqual([95, 90]);
    await ca.close();
    await until(() => !east.server.ghosts.has(ca.welcome.playerId), 5000, "A's player's ghost to end");
    expect(east.server.ghosts.has(cb.welcome.playerId)).toBe(true);
    await cb.close();
  });
});
