// Interop with the real client SDK (@atlas/client, node:crypto backend, `ws`): binary
// and JSON encodings, LZ4 compression, a transfer across a border, and the session's
// sequence counters staying clean.
import * as cryptoNode from '@atlas/crypto/node';
import { createAtlasClient, type AtlasClient } from '@atlas/client';
import { Codec, type PlayerAction } from '@atlas/protocol';
import WebSocket from 'ws';
import { useWorld, WEST_AND_EAST } from './support/harness';

function nextAction(client: AtlasClient, match: (a: PlayerAction) => boolean): Promise<PlayerAction> {
  return new Promise((resolve) => {
    const off = client.on('action', (a) => {
      if (!match(a)) return;
      off();
      resolve(a);
    });
  });
}

describe('the client SDK against a real node', () => {
  const world = useWorld(WEST_AND_EAST, { compression: { enable: true, algorithm: 'lz4', threshold: 256 } });

  it.each(['binary', 'json'] as const)('plays over %s: encrypted, compressed, across a transfer', async (encoding) => {
    const client = createAtlasClient({ url: world.url, token: '', WebSocket: WebSocket as never, syncCrypto: cryptoNode, encoding });
    const session = await client.connect();
    if (session._tag === 'Left') throw new Error(session.left.message);
    expect(session.right.codecs).toEqual([Codec.Lz4, Codec.X25519Aes256Gcm]);
    client.move({ x: 50, y: 50, z: 0 });
    const big = new Uint8Array(4096).fill(7);
    client.action(1, big);
    expect((await nextAction(client, (a) => a.data.length === 4096)).data[100]).toBe(7);
    for (let x = 90; x <= 110; x += 2) client.move({ x, y: 50, z: 0 }, { x: 20, y: 0, z: 0 });
    await new Promise<void>((resolve) => client.on('transfer', (t) => t.toServer === world.east.registration.serverId && t.phase === 2 && resolve()));
    client.action(2, Uint8Array.of(2));
    await nextAction(client, (a) => a.data[0] === 2);
    expect(world.east.server.player(session.right.playerId)).toBeDefined();
    const stats = client.stats();
    expect(stats.sequence.gaps + stats.sequence.duplicates + stats.sequence.late).toBe(0);
    expect(stats.transfers.completed).toBe(1);
    client.close();
  });
});
