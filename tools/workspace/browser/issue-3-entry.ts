// Runs in headless Chromium (bundled by test/issue-3.browser.spec.ts): a full client/node
// handshake with WebCrypto key exchange and a signed player token, then messages through
// the whole data path (encode -> compress -> seal -> open -> decompress -> decode) in both
// directions with every compression algorithm, and a state delta. Reports plain JSON.
import {
  createKeyShare,
  createKeyShareFor,
  createPlayerTokens,
  createWebCryptoChannel,
  deriveSessionKeys,
  handshakeTranscript,
  KeyExchangeSuites,
  type AsyncChannel,
  type SessionKeys,
  type WebKeyShare,
} from '@atlas/crypto';
import {
  ClientHandshake,
  Codec,
  decodeClientFrame,
  encodeClientFrame,
  ServerHandshake,
  SyncMode,
  type ClientEstablished,
  type ClientHandshakeOutput,
  type ClientMessage,
  type Frame,
  type ServerEstablished,
  type ServerHandshakeOutput,
} from '@atlas/protocol';
import { createCompressor, createDeltaCodec, readFrameHeader, type CompressionAlgorithm } from '@atlas/compression';
import { advanceSnapshot, generateSnapshot } from '@atlas/compression/testing';

/** What the page reports back to the spec. */
export interface Issue3Report {
  readonly secureContext: boolean;
  readonly userAgent: string;
  readonly handshake: {
    readonly clientState: string;
    readonly serverState: string;
    readonly codecs: readonly string[];
    /** The key-exchange suite used: 'x25519', or 'p256' where the runtime lacks X25519. */
    readonly suite: 'x25519' | 'p256';
    readonly keysMatch: boolean;
    readonly playerId: string;
  };
  readonly roundTrips: ReadonlyArray<{
    readonly algorithm: CompressionAlgorithm;
    readonly direction: 'client->node' | 'node->client';
    readonly message: string;
    readonly wireAlgorithm: string;
    readonly payloadBytes: number;
    readonly sealedBytes: number;
    readonly ok: boolean;
  }>;
  readonly deltaPercent: number;
  readonly deltaOk: boolean;
  readonly tamperedRejected: string;
  readonly corruptRejected: string;
  readonly wrongBaseRejected: string;
}

const must = <T>(either: { _tag: 'Left'; left: unknown } | { _tag: 'Right'; right: T }, what: string): T => {
  if (either._tag === 'Left') throw new Error(`${what}: ${JSON.stringify(either.left)}`);
  return either.right;
};

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Deep equality for decoded messages (plain objects, numbers, strings, byte arrays). */
function same(a: unknown, b: unknown): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return sameBytes(a, b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Object.is(a, b);
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

async function handshake(): Promise<{ client: ClientEstablished; server: ServerEstablished; clientShare: WebKeyShare; serverShare: WebKeyShare; clientHs: ClientHandshake; serverHs: ServerHandshake }> {
  const tokens = must(await createPlayerTokens('browser-test-secret-of-at-least-32-bytes!'), 'tokens');
  const token = await tokens.issue({ playerId: 'player-7', expiresInSeconds: 60 });
  const clientShare = must(await createKeyShare(), 'client key share');
  const clientHs = new ClientHandshake({
    token,
    keyShare: clientShare.keyShare,
    codecs: [Codec.Lz4, Codec.Deflate, Codec.Raw, Codec.X25519Aes256Gcm, Codec.P256Aes256Gcm],
  });
  const serverHs = new ServerHandshake(
    { codecFamilies: [[Codec.Lz4, Codec.Deflate, Codec.Raw], [Codec.X25519Aes256Gcm, Codec.P256Aes256Gcm]], heartbeatMs: 5000 },
    0,
  );
  let serverShare: WebKeyShare | undefined;
  let client: ClientEstablished | undefined;
  let server: ServerEstablished | undefined;
  const toServer: Frame[] = [];
  const toClient: Frame[] = [];
  const fromClient = (outs: ClientHandshakeOutput[]): void => {
    for (const o of outs) {
      if (o.kind === 'send') toServer.push(o.frame);
      if (o.kind === 'established') client = o;
      if (o.kind === 'failed') throw new Error(`client failed: ${o.code} ${o.message}`);
    }
  };
  const fromServer = async (outs: ServerHandshakeOutput[]): Promise<void> => {
    for (const o of outs) {
      if (o.kind === 'send') toClient.push(o.frame);
      if (o.kind === 'established') server = o;
      if (o.kind === 'failed') throw new Error(`server failed: ${o.code} ${o.message}`);
      if (o.kind === 'verify') {
        const claims = must(await tokens.verify(o.connect.token), 'token');
        serverShare = must(await createKeyShareFor(o.connect.keyShare), 'server key share');
        await fromServer(
          serverHs.accept({ playerId: claims.playerId, sessionId: 's-1', serverKeyShare: serverShare.keyShare, resumeTicket: '', resumed: false }, 1),
        );
      }
    }
  };
  fromClient(clientHs.start(0));
  while (toServer.length + toClient.length > 0) {
    const f = toServer.shift();
    if (f !== undefined) await fromServer(serverHs.receive(f, 1));
    const g = toClient.shift();
    if (g !== undefined) fromClient(clientHs.receive(g, 2));
  }
  if (!client || !server || !serverShare) throw new Error('handshake did not complete');
  return { client, server, clientShare, serverShare, clientHs, serverHs };
}

const algorithmOfCodec = (codecs: readonly string[]): CompressionAlgorithm =>
  codecs.includes(Codec.Lz4) ? 'lz4' : codecs.includes(Codec.Deflate) ? 'deflate' : 'none';

async function run(): Promise<Issue3Report> {
  const hs = await handshake();
  const transcript = (t: { hello: Uint8Array; welcome: Uint8Array }) => handshakeTranscript(t.hello, t.welcome);
  const clientKeys: SessionKeys = must(
    await deriveSessionKeys({ role: 'client', local: hs.clientShare, peerKeyShare: hs.client.welcome.serverKeyShare, transcript: transcript(hs.client.transcript) }),
    'client keys',
  );
  const serverKeys: SessionKeys = must(
    await deriveSessionKeys({ role: 'server', local: hs.serverShare, peerKeyShare: hs.server.connect.keyShare, transcript: transcript(hs.server.transcript) }),
    'server keys',
  );
  const channels: Record<'client' | 'server', AsyncChannel> = {
    client: await createWebCryptoChannel({ keys: clientKeys, role: 'client' }),
    server: await createWebCryptoChannel({ keys: serverKeys, role: 'server' }),
  };

  const base = generateSnapshot(128, 3);
  const next = advanceSnapshot(base, 0.05, 4);
  const deltas = createDeltaCodec();
  const delta = deltas.encode(base, next);
  const messages: ClientMessage[] = [
    { type: 'PlayerMove', seq: 1, timestamp: 1_700_000_000_123.5, position: { x: 1024.25, y: -3.5, z: 7 }, velocity: { x: 1.5, y: 0, z: -2.25 } },
    { type: 'StateSync', seq: 2, mode: SyncMode.Full, baseSeq: 0, data: base },
    { type: 'StateSync', seq: 3, mode: SyncMode.Delta, baseSeq: 2, data: delta },
  ];
  const negotiated = algorithmOfCodec(hs.client.welcome.codecs);
  const roundTrips: Array<Issue3Report['roundTrips'][number]> = [];
  for (const algorithm of [negotiated, 'lz4', 'deflate', 'none'] as const) {
    const sender = createCompressor({ algorithm, threshold: 64 });
    const receiver = createCompressor({ algorithm: 'none' });
    for (const [from, to, direction] of [['client', 'server', 'client->node'], ['server', 'client', 'node->client']] as const) {
      for (const message of messages) {
        const payload = encodeClientFrame(message, 'binary') as Uint8Array;
        const compressed = sender.compress(payload);
        const sealed = await channels[from].seal(compressed);
        const opened = must(await channels[to].open(sealed), 'open');
        const plain = must(receiver.decompress(opened), 'decompress');
        const decoded = must(decodeClientFrame(plain), 'decode');
        const wireAlgorithm = must(readFrameHeader(opened, 1 << 20), 'header').algorithm;
        roundTrips.push({ algorithm, direction, message: message.type, wireAlgorithm, payloadBytes: payload.length, sealedBytes: sealed.length, ok: same(decoded, message) });
      }
    }
  }

  const sealed = await channels.client.seal(createCompressor({ algorithm: 'lz4' }).compress(base));
  sealed[sealed.length - 5] = (sealed[sealed.length - 5] as number) ^ 0x10;
  const tampered = await channels.server.open(sealed);
  const corrupt = createCompressor({ algorithm: 'lz4' }).decompress(Uint8Array.of(0x01, 0x80, 0x01, 0xff, 0xff));
  const rebuilt = deltas.apply(base, delta);
  const wrongBase = deltas.apply(next, delta);
  return {
    secureContext: globalThis.isSecureContext,
    userAgent: navigator.userAgent,
    handshake: {
      clientState: hs.clientHs.state,
      serverState: hs.serverHs.state,
      codecs: hs.client.welcome.codecs,
      suite: clientKeys.suite === KeyExchangeSuites.X25519 ? 'x25519' : 'p256',
      keysMatch: sameBytes(clientKeys.clientToServer, serverKeys.clientToServer) && sameBytes(clientKeys.serverToClient, serverKeys.serverToClient),
      playerId: hs.client.welcome.playerId,
    },
    roundTrips,
    deltaPercent: (100 * delta.length) / next.length,
    deltaOk: rebuilt._tag === 'Right' && sameBytes(rebuilt.right, next),
    tamperedRejected: tampered._tag === 'Left' ? tampered.left.kind : 'accepted',
    corruptRejected: corrupt._tag === 'Left' ? corrupt.left.kind : 'accepted',
    wrongBaseRejected: wrongBase._tag === 'Left' ? wrongBase.left.kind : 'accepted',
  };
}

(globalThis as { atlasIssue3?: () => Promise<Issue3Report> }).atlasIssue3 = run;
