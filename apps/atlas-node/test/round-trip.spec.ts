// An encrypted round trip through a real node: client -> node -> game server (echo)
// -> node -> client, with routing by position.
import { ActionChannel, Codec } from '@atlas/protocol';
import type { AtlasNode } from '../src/node';
import { bootNode, box, linksUp, startServer, type TestServer } from './support/harness';
import { connectClient } from './support/test-client';

describe('a node between a client and a game server', () => {
  let node: AtlasNode;
  let west: TestServer;
  let east: TestServer;

  beforeAll(async () => {
    node = await bootNode();
    west = await startServer(node, 'west', box(0, 0, 100, 100));
    east = await startServer(node, 'east', box(100, 0, 200, 100));
    await linksUp(node, 2);
  });

  afterAll(async () => {
    await west.stop();
    await east.stop();
    await node.drain();
  });

  it('carries an encrypted action to the owning server and its echo back', async () => {
    const c = await connectClient(`ws://127.0.0.1:${node.port}/ws`);
    expect(c.welcome.codecs).toEqual([Codec.Raw, Codec.X25519Aes256Gcm]);
    c.send({ type: 'PlayerMove', seq: 1, timestamp: 1, position: { x: 10, y: 10, z: 0 }, velocity: { x: 0, y: 0, z: 0 } });
    c.send({ type: 'PlayerAction', seq: 2, channel: ActionChannel.Reliable, tag: 7, data: Uint8Array.of(1, 2, 3) });
    const echo = await c.next('PlayerAction');
    expect(Array.from(echo.data)).toEqual([1, 2, 3]);
    expect(west.server.players.size).toBe(1);
    expect(east.server.players.size).toBe(0);
    await c.close();
  });

  it('routes by position', async () => {
    const c = await connectClient(`ws://127.0.0.1:${node.port}/ws`);
    c.send({ type: 'PlayerMove', seq: 1, timestamp: 1, position: { x: 150, y: 10, z: 0 }, velocity: { x: 0, y: 0, z: 0 } });
    c.send({ type: 'PlayerAction', seq: 2, channel: ActionChannel.Reliable, tag: 7, data: Uint8Array.of(9) });
    await c.next('PlayerAction');
    expect([...east.server.players.values()].map((p) => p.playerId)).toEqual([c.welcome.playerId]);
    await c.close();
  });
});
