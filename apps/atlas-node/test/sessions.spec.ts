// Who may connect and what the game server may do with players: signed tokens (no
// anonymous players), a second login taking the first over, pre-shared-key links and
// sessions, deliveries by region and radius, and a kick.
import * as E from 'fp-ts/lib/Either.js';
import { createPlayerTokensSync, derivePreSharedKeySync } from '@atlas/crypto/node';
import { ActionChannel, Codec, CloseCode, ErrorCode, type ClientSingleMessage } from '@atlas/protocol';
import { bootNode, box, ONE_SERVER, startServer, until, useWorld, WEST_AND_EAST } from './support/harness';
import { connectClient } from './support/test-client';

const SECRET = 'a token secret of at least thirty-two characters';
const move = (seq: number, x: number, y: number): ClientSingleMessage => ({ type: 'PlayerMove', seq, timestamp: 1, position: { x, y, z: 0 }, velocity: { x: 0, y: 0, z: 0 } });
const action = (seq: number, n: number): ClientSingleMessage => ({ type: 'PlayerAction', seq, channel: ActionChannel.Reliable, tag: 1, data: Uint8Array.of(n) });

describe('player tokens and the session policy', () => {
  const world = useWorld(ONE_SERVER, { security: { allow_anonymous: false, token_secret: SECRET, session_policy: 'takeover' } });
  const tokens = createPlayerTokensSync(SECRET);
  const issue = (playerId: string): string => (E.isRight(tokens) ? tokens.right.issue({ playerId, expiresInSeconds: 60, claims: { team: 'red' } }) : '');

  it('admits a signed token as its player, with its claims, and refuses a forged or missing one', async () => {
    const url = world.url;
    const c = await connectClient(url, { token: issue('alice') });
    expect(c.welcome.playerId).toBe('alice');
    c.send(move(1, 5, 5), action(2, 1));
    await c.next('PlayerAction');
    expect(world.server.server.player('alice')?.claims).toEqual({ team: 'red' });
    await expect(connectClient(url, { token: `${issue('mallory')}x` })).rejects.toMatchObject({ code: CloseCode.AuthFailed });
    await expect(connectClient(url)).rejects.toMatchObject({ code: CloseCode.AuthFailed });
    await c.close();
  });

  it('lets a second login of the same player take over the first (Superseded)', async () => {
    const url = world.url;
    const first = await connectClient(url, { token: issue('bob') });
    first.send(move(1, 5, 5));
    const second = await connectClient(url, { token: issue('bob') });
    expect((await first.closed).code).toBe(CloseCode.Superseded);
    second.send(move(1, 6, 6), action(2, 9));
    await second.next('PlayerAction', (a) => a.data[0] === 9);
    expect(world.node.snapshot().players.filter((p) => p.id === 'bob')).toHaveLength(1);
    await second.close();
  });
});

describe('game-server deliveries', () => {
  const world = useWorld(WEST_AND_EAST);

  it('reaches everyone in a region or a radius, leaves out the excluded player, and kicks', async () => {
    const url = world.url;
    const [a, b, far] = await Promise.all([connectClient(url), connectClient(url), connectClient(url)]);
    a.send(move(1, 10, 10), action(2, 0));
    b.send(move(1, 12, 10), action(2, 0));
    far.send(move(1, 150, 50), action(2, 0));
    await Promise.all([a, b, far].map((c) => c.next('PlayerAction')));
    const pa = world.west.server.player(a.welcome.playerId);
    if (pa === undefined) throw new Error('a not on west');
    world.west.server.deliver({ region: world.west.registration.serverId }, { type: 'StateSync', seq: 0, mode: 0, baseSeq: 0, data: Uint8Array.of(1) });
    world.west.server.deliver({ center: { x: 11, y: 10, z: 0 }, radius: 5 }, { type: 'StateSync', seq: 0, mode: 0, baseSeq: 0, data: Uint8Array.of(2) }, { exclude: pa });
    await b.next('StateSync', (s) => s.data[0] === 2);
    await a.next('StateSync', (s) => s.data[0] === 1);
    await b.next('StateSync', (s) => s.data[0] === 1);
    expect(a.received.some((m) => m.type === 'StateSync' && m.data[0] === 2)).toBe(false);
    expect(far.received.some((m) => m.type === 'StateSync')).toBe(false);
    world.west.server.kick(pa);
    expect((await a.closed).code).toBe(CloseCode.Kicked);
    await Promise.all([b.close(), far.close()]);
  });

  it('tells a player it is unroutable until it sends a position', async () => {
    const c = await connectClient(world.url);
    c.send(action(1, 1));
    expect((await c.next('Error')).code).toBe(ErrorCode.Unroutable);
    await c.close();
  });
});

describe('a pre-shared-key deployment', () => {
  const security = { psk: 'a pre-shared key for the tests', psk_salt: 'a salt of sixteen bytes', pbkdf2_iterations: 100_000 };

  it('by default guards only the links: public clients keep the ephemeral key exchange', async () => {
    const node = await bootNode({ security });
    const c = await connectClient(`ws://127.0.0.1:${node.port}/ws`);
    expect(c.welcome.codecs).toContain(Codec.X25519Aes256Gcm);
    await c.close();
    await node.drain();
  }, 20_000);

  it('links only servers that prove the key and, with psk_clients, seals sessions with it', async () => {
    const node = await bootNode({ security: { ...security, psk_clients: true } });
    const good = await startServer(node, 'good', box(0, 0, 100, 100), { psk: { secret: security.psk, salt: security.psk_salt, iterations: security.pbkdf2_iterations } });
    const bad = await startServer(node, 'bad', box(100, 0, 200, 100), { psk: { secret: 'another key entirely!!', salt: security.psk_salt, iterations: security.pbkdf2_iterations } });
    await until(() => node.snapshot().links.some((l) => l.serverId === good.registration.serverId && l.state === 'up'), 5000, 'the good link');
    expect(node.snapshot().links.find((l) => l.serverId === bad.registration.serverId)?.state).not.toBe('up');
    const key = derivePreSharedKeySync({ secret: security.psk, salt: security.psk_salt, iterations: security.pbkdf2_iterations });
    const c = await connectClient(`ws://127.0.0.1:${node.port}/ws`, { codecs: [Codec.Raw, Codec.PskAes256Gcm], psk: E.isRight(key) ? key.right : undefined });
    expect(c.welcome.codecs).toEqual([Codec.Raw, Codec.PskAes256Gcm]);
    c.send(move(1, 5, 5), action(2, 3));
    await c.next('PlayerAction', (a) => a.data[0] === 3);
    await c.close();
    await good.stop();
    await bad.stop();
    await node.drain();
  }, 20_000);
});
