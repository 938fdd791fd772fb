import * as E from 'fp-ts/lib/Either.js';
import WebSocket from 'ws';
import { until } from '@atlas/common/testing';
import * as nodeCrypto from '@atlas/crypto/node';
import { createAtlasClient, type AtlasClient, type AtlasClientOptions } from '@atlas/client';
import { CloseCode, type PlayerAction } from '@atlas/protocol';
import { startSimServer, type SimServer } from '../src/sim/start';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

describe('sim-server direct mode with @atlas/client', () => {
  let sim: SimServer;
  const clients: AtlasClient[] = [];
  const client = (o: Partial<AtlasClientOptions> = {}): AtlasClient => {
    const c = createAtlasClient({ url: sim.directUrl as string, token: `player-${clients.length}`, WebSocket, ...o });
    clients.push(c);
    return c;
  };
  const start = async (o: Parameters<typeof startSimServer>[0] = {}): Promise<void> => {
    const s = await startSimServer({ direct: true, syncHz: 0, heartbeatMs: 500, ...o });
    if (E.isLeft(s)) throw new Error(s.left);
    sim = s.right;
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await sim.close();
  });

  it.each([
    ['WebCrypto, encrypted, lz4', { }],
    ['node:crypto backend, encrypted', { syncCrypto: nodeCrypto }],
    ['JSON frames, encrypted, deflate', { encoding: 'json' as const, compression: ['deflate' as const] }],
  ])('echoes actions over %s', async (_name, o) => {
    await start();
    const c = client(o);
    const opened = await c.connect();
    expect(opened).toMatchObject(E.right({ playerId: 'player-0', resumed: false, encrypted: true }));
    const echoes: PlayerAction[] = [];
    c.on('action', (a) => echoes.push(a));
    for (let i = 0; i < 20; i++) c.action(i, bytes(`ping-${i}`));
    await until(() => echoes.length === 20);
    expect(echoes.map((a) => `${a.tag}:${text(a.data)}`)).toEqual([...Array(20).keys()].map((i) => `${i}:ping-${i}`));
    expect(echoes.map((a) => a.seq)).toEqual([...Array(20).keys()].map((i) => i + 1));
    expect(c.stats().sequence).toMatchObject({ inOrder: 20, gaps: 0, duplicates: 0, late: 0 });
    expect(sim.direct?.sessions.get('player-0')?.inSeq.stats()).toMatchObject({ inOrder: 20, gaps: 0, duplicates: 0 });
  });

  it('runs plaintext sessions when the server has encryption off and the client allows it', async () => {
    await start({ directEncryption: false });
    const strict = client();
    expect(await strict.connect()).toMatchObject(E.left({ code: CloseCode.UnsupportedCodec }));
    const c = client({ encryption: 'preferred', encoding: 'json', compression: ['raw'] });
    expect(await c.connect()).toMatchObject(E.right({ encrypted: false, codecs: ['raw', 'plaintext'] }));
    const echoes: PlayerAction[] = [];
    c.on('action', (a) => echoes.push(a));
    c.action(7, bytes('plain'));
    await until(() => echoes.length === 1);
    expect(text((echoes[0] as PlayerAction).data)).toBe('plain');
  });

  it('tracks positions from moves and sends StateSync of nearby players', async () => {
    await start({ syncHz: 20, syncRadius: 100 });
    const a = client();
    const b = client();
    await a.connect();
    await b.connect();
    const states: Uint8Array[] = [];
    a.on('state', (s) => states.push(s.data));
    a.move({ x: 10, y: 10, z: 0 });
    b.move({ x: 20, y: 15, z: 0 });
    await until(() => sim.world.get('player-1')?.position.x === 20 && states.length > 0);
    await until(() => states.some((s) => s.length === 2 + 16));
    expect(sim.world.get('player-0')?.counter).toBe(1);
  });

  it('measures heartbeat RTT', async () => {
    await start();
    const c = client();
    const rtts: number[] = [];
    c.on('rtt', (ms) => rtts.push(ms));
    await c.connect();
    await until(() => rtts.length > 0, 3000);
    expect(c.stats().rttMs).toBeGreaterThanOrEqual(0);
  });

  it('resumes after an unexpected drop: same session, nothing lost or doubled in either direction', async () => {
    await start();
    const c = client({ syncCrypto: nodeCrypto, reconnect: { baseDelayMs: 20 } });
    const first = await c.connect();
    if (E.isLeft(first)) throw new Error(first.left.message);
    const echoes: number[] = [];
    const welcomes: boolean[] = [];
    c.on('action', (a) => echoes.push(a.tag));
    c.on('welcome', (w) => welcomes.push(w.resumed));
    for (let i = 0; i < 10; i++) c.action(i, bytes('a'));
    await until(() => echoes.length === 10);
    // Drop every client socket from the server side without a close frame (network loss).
    const session = sim.direct?.sessions.get('player-0');
    (session?.output as { close(code: number, reason: string): void }).close(CloseCode.IdleTimeout, 'test drop');
    for (let i = 10; i < 20; i++) c.action(i, bytes('b'));
    await until(() => echoes.length === 20, 5000);
    expect(welcomes).toEqual([true]);
    expect(c.session?.sessionId).toBe(first.right.sessionId);
    expect(echoes).toEqual([...Array(20).keys()]);
    expect(c.stats().sequence).toMatchObject({ inOrder: 20, gaps: 0, duplicates: 0 });
    expect(sim.direct?.sessions.get('player-0')?.inSeq.stats()).toMatchObject({ inOrder: 20, gaps: 0, duplicates: 0 });
    expect(c.stats().reconnects).toBe(1);
  });

  it('refuses a bad token with AuthFailed and stays closed', async () => {
    await start({ tokenSecret: 'token secret of at least 32 bytes!!' });
    const c = client({ token: 'not-a-jwt' });
    expect(await c.connect()).toMatchObject(E.left({ kind: 'handshake', code: CloseCode.AuthFailed }));
    expect(c.state).toBe('closed');
  });
});
