import * as E from 'fp-ts/lib/Either.js';
import * as nodeCrypto from '@atlas/crypto/node';
import { ActionChannel, ClientHandshake, CloseCode, Codec, type ClientEstablished, type ClientSingleMessage, type Frame } from '@atlas/protocol';
import {
  ServerSessionHandshake,
  clientOffer,
  codecFamilies,
  createCodecPolicy,
  openClientSession,
  syncClientCrypto,
  webClientCrypto,
  type ClientCrypto,
  type FrameCodec,
  type ServerSessionOutput,
} from '..';

const psk = new Uint8Array(32).fill(9);
const action: ClientSingleMessage = { type: 'PlayerAction', seq: 1, channel: ActionChannel.Reliable, tag: 3, data: Uint8Array.of(1, 2, 3) };

/** Runs a whole handshake in memory: the client glue against the server glue, then one frame each way. */
async function session(crypto: ClientCrypto, families: string[][], offer: { compression: string[]; plaintext: boolean; psk?: boolean }) {
  const share = await crypto.createKeyShare();
  if (E.isLeft(share)) throw new Error(share.left);
  const codecs = clientOffer({ compression: offer.compression, keyShareCodec: share.right.codec, psk: offer.psk ?? false, plaintext: offer.plaintext });
  const client = new ClientHandshake({ token: 'p1', keyShare: share.right.keyShare, codecs });
  const server = new ServerSessionHandshake({ codecFamilies: families, heartbeatMs: 1000, crypto: nodeCrypto, psk }, 0);
  let established: ClientEstablished | undefined;
  let serverCodec: FrameCodec | undefined;
  let refused: number | undefined;
  const toServer = (frames: Frame[]): void => {
    for (const f of frames) handle(server.receive(f, 0));
  };
  const handle = (outs: ServerSessionOutput[]): void => {
    for (const o of outs) {
      if (o.kind === 'send') toClient(o.frame);
      else if (o.kind === 'close') refused = o.code;
      else if (o.kind === 'verify') handle(server.accept({ playerId: 'p1', sessionId: 's1', resumeTicket: 't', resumed: false }, 0));
      else if (o.kind === 'open') serverCodec = o.codec;
    }
  };
  const toClient = (f: Frame): void => {
    for (const o of client.receive(f, 0)) if (o.kind === 'established') established = o;
  };
  toServer(client.start(0).flatMap((o) => (o.kind === 'send' ? [o.frame] : [])));
  if (established === undefined || serverCodec === undefined) return { refused };
  const opened = await openClientSession(crypto, share.right, established, { psk });
  if (E.isLeft(opened)) throw new Error(opened.left.message);
  const { codec, sealer, codecs: chosen } = opened.right;
  codec.add(action);
  const payload = codec.take() as Frame;
  const up = sealer === undefined || typeof payload === 'string' ? payload : await sealer.seal(payload);
  expect(serverCodec.receive(up)).toEqual(E.right([action]));
  const down = serverCodec.encode({ type: 'Heartbeat', timestamp: 1, echo: 2 });
  const opened2 = sealer === undefined || typeof down === 'string' ? E.right(down) : await sealer.open(down);
  if (E.isLeft(opened2)) throw new Error('open');
  expect(codec.decode(opened2.right)).toEqual(E.right([{ type: 'Heartbeat', timestamp: 1, echo: 2 }]));
  return { chosen };
}

describe('client and server handshake glue', () => {
  it.each([
    ['node:crypto', syncClientCrypto(nodeCrypto)],
    ['WebCrypto', webClientCrypto()],
  ])('opens one session both ways with %s on the client', async (_name, crypto) => {
    expect(await session(crypto, codecFamilies({ encryption: true }), { compression: [Codec.Lz4, Codec.Raw], plaintext: false })).toEqual({
      chosen: { compression: Codec.Lz4, encryption: Codec.X25519Aes256Gcm },
    });
    const pskPolicy = createCodecPolicy({ compression: 'deflate', threshold: 0, encryption: 'psk', maxDecompressedBytes: 1 << 20 });
    expect(await session(crypto, pskPolicy.families.map((f) => [...f]), { compression: [Codec.Deflate, Codec.Raw], plaintext: false, psk: true })).toEqual({
      chosen: { compression: Codec.Deflate, encryption: Codec.PskAes256Gcm },
    });
    expect(await session(crypto, codecFamilies({ encryption: false }), { compression: [Codec.Raw], plaintext: true })).toEqual({
      chosen: { compression: Codec.Raw, encryption: Codec.Plaintext },
    });
  });

  it('refuses a client that cannot meet the server, with UnsupportedCodec', async () => {
    expect(await session(syncClientCrypto(nodeCrypto), codecFamilies({ encryption: false }), { compression: [Codec.Raw], plaintext: false })).toEqual({
      refused: CloseCode.UnsupportedCodec,
    });
  });

  it('offers what a server policy says, best first', () => {
    const p = createCodecPolicy({ compression: 'lz4', threshold: 1024, encryption: 'optional', maxDecompressedBytes: 1 << 20 });
    expect(p.families).toEqual([
      [Codec.Lz4, Codec.Raw],
      [Codec.Plaintext, Codec.X25519Aes256Gcm, Codec.P256Aes256Gcm],
    ]);
    expect(p.compressorFor(Codec.Lz4)).toBe(p.compressorFor(Codec.Lz4));
    expect(p.compressorFor(Codec.Raw)).toBeNull();
    expect([Codec.Plaintext, Codec.X25519Aes256Gcm, Codec.PskAes256Gcm].map(p.sealModeOf)).toEqual(['none', 'ephemeral', 'psk']);
    expect(createCodecPolicy({ compression: 'none', threshold: 0, encryption: 'required', maxDecompressedBytes: 1 }).families).toEqual([[Codec.Raw], [Codec.X25519Aes256Gcm, Codec.P256Aes256Gcm]]);
    expect(clientOffer({ compression: [Codec.Lz4], keyShareCodec: Codec.X25519Aes256Gcm, psk: true, plaintext: true })).toEqual([
      Codec.Lz4,
      Codec.PskAes256Gcm,
      Codec.X25519Aes256Gcm,
      Codec.Plaintext,
    ]);
  });
});
