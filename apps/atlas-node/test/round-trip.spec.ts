// An encrypted round trip through a real node: client -> node -> game server (echo)
// -> node -> client, with routing by position.
import { ActionChannel, Codec, TransferPhase, type PlayerMove } from '@atlas/protocol';
import { until, useWorld, WEST_AND_EAST } from './support/harness';
import { connectClient } from './support/test-client';

describe('a node between a client and a game server', () => {
  const world = useWorld(WEST_AND_EAST);

  it('carries an encrypted action to the owning server and its echo back', async () => {
    const c = await connectClient(world.url);
    expect(c.welcome.codecs).toEqual([Codec.Raw, Codec.X25519Aes256Gcm]);
    c.send({ type: 'PlayerMove', seq: 1, timestamp: 1, position: { x: 10, y: 10, z: 0 }, velocity: { x: 0, y: 0, z: 0 } });
    c.send({ type: 'PlayerAction', seq: 2, channel: ActionChannel.Reliable, tag: 7, data: Uint8Array.of(1, 2, 3) });
    const echo = await c.next('PlayerAction');
    expect(Array.from(echo.data)).toEqual([1, 2, 3]);
    expect(world.west.server.players.size).toBe(1);
    expect(world.east.server.players.size).toBe(0);
    await c.close();
  });

  it('routes by position', async () => {
    const c = await connectClient(world.url);
    c.send({ type: 'PlayerMove', seq: 1, timestamp: 1, position: { x: 150, y: 10, z: 0 }, velocity: { x: 0, y: 0, z: 0 } });
    c.send({ type: 'PlayerAction', seq: 2, channel: ActionChannel.Reliable, tag: 7, data: Uint8Array.of(9) });
    await c.next('PlayerAction');
    expect([...world.east.server.players.values()].map((p) => p.playerId)).toEqual([c.welcome.playerId]);
    await c.close();
  });

  it('warns the neighbour once with a preload before the transfer, and withdraws it when the player walks away', async () => {
    const seen = { east: [] as string[], west: [] as string[] };
    const offs = [
      world.east.server.on('preload', (p) => seen.east.push(`preload ${p.active} ${p.playerId} from ${p.fromServer}`)),
      world.east.server.on('transferPrepare', (p) => seen.east.push(`prepare ${p.playerId}`)),
      world.west.server.on('preload', (p) => seen.west.push(`preload ${p.active} ${p.playerId} from ${p.fromServer}`)),
    ];
    const c = await connectClient(world.url);
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
    expect(seen.east).toEqual([`preload true ${id} from ${world.west.registration.serverId}`, `prepare ${id}`]);
    // Now on east and walking away: west is warned while within 20 of it, then told it is over.
    for (const m of walk(115, 130)) c.send(m);
    await until(() => seen.west.length === 2);
    expect(seen.west).toEqual([`preload true ${id} from ${world.east.registration.serverId}`, `preload false ${id} from ${world.east.registration.serverId}`]);
    await c.close();
    for (const off of offs) off();
  });
});
