// The v2 Welcome's node signature covers the PlayerConnect bytes and the Welcome (with an
// empty signature): a client with the node's public key can check both shares came from it.
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { decodeClientFrame } from '../codec';
import { Codec } from '../constants/enums';
import { ClientHandshake, type ClientHandshakeOutput } from './client-handshake';
import { nodeSignedBytes } from './node-signature';
import { ServerHandshake, type ServerHandshakeOutput } from './server-handshake';

function handshake(version: number, key: ReturnType<typeof generateKeyPairSync>['privateKey']) {
  const client = new ClientHandshake({ token: 't', keyShare: Uint8Array.of(1, 9, 9), codecs: [Codec.Raw, Codec.X25519Aes256Gcm], version });
  const server = new ServerHandshake({ codecFamilies: [[Codec.Raw], [Codec.X25519Aes256Gcm]], heartbeatMs: 1000, sign: (m) => new Uint8Array(sign(null, m, key)) }, 0);
  const hello = (client.start(0)[0] as Extract<ClientHandshakeOutput, { kind: 'send' }>).frame;
  server.receive(hello, 0);
  const outs = server.accept({ playerId: 'p', sessionId: 's', serverKeyShare: Uint8Array.of(1, 7, 7), resumeTicket: '', resumed: false }, 0);
  const welcome = (outs[0] as Extract<ServerHandshakeOutput, { kind: 'send' }>).frame;
  const est = client.receive(welcome, 0).find((o) => o.kind === 'established') as Extract<ClientHandshakeOutput, { kind: 'established' }>;
  return { est, welcome };
}

describe('the node signature of a version-2 Welcome', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const other = generateKeyPairSync('ed25519').publicKey;

  it('verifies with the node key over nodeSignedBytes, and not with another key or another transcript', () => {
    const { est } = handshake(2, privateKey);
    const sig = est.welcome.nodeSignature as Uint8Array;
    expect(sig.length).toBe(64);
    const signed = nodeSignedBytes(est.transcript.hello, est.welcome);
    expect(verify(null, signed, publicKey, sig)).toBe(true);
    expect(verify(null, signed, other, sig)).toBe(false);
    const tampered = nodeSignedBytes(est.transcript.hello, { ...est.welcome, serverKeyShare: Uint8Array.of(1, 6, 6) });
    expect(verify(null, tampered, publicKey, sig)).toBe(false);
  });

  it('is absent at version 1: the v1 Welcome has no signature field', () => {
    const { est, welcome } = handshake(1, privateKey);
    expect('nodeSignature' in est.welcome).toBe(false);
    expect(decodeClientFrame(welcome)).toMatchObject({ right: { version: 1 } });
  });
});
