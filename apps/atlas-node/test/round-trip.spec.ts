// An encrypted round trip through a real node: client -> node -> game server (echo)
// -> node -> client, with routing by position.
import { ActionChannel, Codec, TransferPhase, type PlayerMove } from '@atlas/protocol';
import type { AtlasNode } from '../src/node';
import { bootNode, box, linksUp, startServer, until, type TestServer } from './support/harness';
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

  it('warns the neighbour once with a preload before the transfer, and withdraws it when the player walks away', async () => {
    const seen = { east: [] as string[], west: [] as string[] };
    const offs = [
      east.server.on('preload', (p) => seen.east.push(`preload ${p.active} ${p.playerId} from ${p.fromServer}`)),
      east.server.on('transferPrepare', (p) => seen.east.push(`prepare ${p.playerId}`)),
      west.server.on('preload', (p) => seen.west.push(`preload ${p.active} ${p.playerId} from ${p.fromServer}`)),
    ];
    const c = await connectClient(`ws://127.0.0.1:${node.port}/ws`);
    const id = c.welcome.playerId;
    let seq = 0;
    const walk = (from: number, to: number): PlayerMove[] => {
      const out: PlayerMove[] = [];
      for (let x = from; x <= to; x += 5) out.push({ type: 'PlayerMove', seq: ++seq, timestamp: seq, position: { x, y: 50, z: 0 }, velocity: { x: 0, y: 0, z: 0 } });
      return out;
    };
    // preload_distance is 20: the east server hears of the player from x = 80 on, once.
    for (const m of walk(10, 110)) c.send(m);
    await c.next('ServerTransfer', (t) => t.phase === TransferPhase.Completed);
    expect(seen.east).toEqual([`preload true ${id} from ${west.registration.serverId}`, `prepare ${id}`]);
    // Now on east and walking away: west is warned while within 20 of it, then told it is over.
    for (const m of walk(115, 130)) c.send(m);
    await until(() => seen.west.length === 2);
    expect(seen.west).toEqual([`preload true ${id} from ${east.registration.serverId}`, `preload false ${id} from ${east.registration.serverId}`]);
    await c.close();
    for (const off of offs) off();
  });
});
