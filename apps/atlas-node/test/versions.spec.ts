// Protocol versions 1 and 2 side by side on one node (real sockets): a v1 client is
// served at version 1 with v1 frames, byte for byte, while a v2 client on the same node
// and the same game server runs at version 2; the node's link to a game server runs at
// the newest version both speak.
import { KeyExchangeSuites } from '@atlas/crypto';
import { ActionChannel, CloseCode, Codec, ErrorCode, type ClientSingleMessage, type Frame } from '@atlas/protocol';
import type { AtlasNode } from '../src/node';
import { bootNode, box, linksUp, startServer, type TestServer } from './support/harness';
import { connectClient } from './support/test-client';

const move = (seq: number, x: number): ClientSingleMessage => ({ type: 'PlayerMove', seq, timestamp: 1, position: { x, y: 5, z: 0 }, velocity: { x: 0, y: 0, z: 0 } });
const action = (seq: number, n: number): ClientSingleMessage => ({ type: 'PlayerAction', seq, channel: ActionChannel.Reliable, tag: 1, data: Uint8Array.of(n) });

describe('protocol versions 1 and 2 on one node', () => {
  let node: AtlasNode;
  let server: TestServer;

  beforeAll(async () => {
    // Plaintext + raw so the test can read the version byte of every frame the node writes.
    node = await bootNode({ security: { require_encryption: false } });
    server = await startServer(node, 'world', box(0, 0, 100, 100));
    await linksUp(node, 1);
  });

  afterAll(async () => {
    await server.stop();
    await node.drain();
  });

  it.each([1, 2])('serves a client announcing version %i at that version; later frames are version-1 layouts but for numbered actions on v2', async (version) => {
    const url = `ws://127.0.0.1:${node.port}/ws`;
    const rawFrames: Frame[] = [];
    const c = await connectClient(url, { version, codecs: ['raw', 'plaintext'], rawFrames });
    expect(c.welcome.version).toBe(version);
    expect('nodeSignature' in c.welcome).toBe(version === 2);
    c.send(move(1, 5), action(2, 7));
    await c.next('PlayerAction', (a) => a.data[0] === 7);
    expect(rawFrames.length).toBeGreaterThan(0);
    // Version 2 changed the Welcome and extended three layouts: a game server's numbered
    // action (the echo here) comes with header byte 2 and its oseq on a v2 session only;
    // everything else keeps header byte 1, and a v1 session gets byte-identical v1 frames.
    const echo = rawFrames.find((f) => (f as Uint8Array)[1] === 4) as Uint8Array;
    expect(echo[0]).toBe(version);
    for (const f of rawFrames) if (f !== echo) expect((f as Uint8Array)[0]).toBe(1);
    await c.close();
  });

  it('refuses a frame with a wrong version byte like any bad frame (Error, session kept)', async () => {
    const url = `ws://127.0.0.1:${node.port}/ws`;
    const c = await connectClient(url, { version: 1, codecs: ['raw', 'plaintext'] });
    // A Heartbeat (one layout, header byte 1) with a version-2 header byte, written by hand.
    c.ws.send(Uint8Array.of(2, 6, ...new Uint8Array(16)));
    const e = await c.next('Error');
    expect(e).toMatchObject({ code: ErrorCode.InvalidFrame, message: expect.stringContaining('version') });
    c.send(move(1, 5), action(2, 8));
    await c.next('PlayerAction', (a) => a.data[0] === 8);
    await c.close();
  });

});

describe('the Welcome names the suite of the key share it answers', () => {
  let node: AtlasNode;

  beforeAll(async () => {
    node = await bootNode();
  });

  afterAll(() => node.drain());

  it('answers a client offering both suites with a P-256 share with p256-aes256gcm and a P-256 share, and the session works', async () => {
    const c = await connectClient(`ws://127.0.0.1:${node.port}/ws`, { suite: KeyExchangeSuites.P256, codecs: [Codec.Raw, Codec.X25519Aes256Gcm, Codec.P256Aes256Gcm] });
    expect(c.welcome.codecs).toContain(Codec.P256Aes256Gcm);
    expect(c.welcome.codecs).not.toContain(Codec.X25519Aes256Gcm);
    expect(c.welcome.serverKeyShare[0]).toBe(KeyExchangeSuites.P256);
    c.send({ type: 'Heartbeat', timestamp: 1, echo: 0 });
    await c.close();
  });

  it('refuses, with 4014 and a message saying so, a share whose suite no offered codec names', async () => {
    const url = `ws://127.0.0.1:${node.port}/ws`;
    await expect(connectClient(url, { suite: KeyExchangeSuites.P256, codecs: [Codec.Raw, Codec.X25519Aes256Gcm] })).rejects.toMatchObject({
      code: CloseCode.UnsupportedCodec,
      message: expect.stringContaining('agrees with the key share'),
    });
  });
});
