// The node identity key against a man in the middle, with real sockets: a client that pins
// the node's key opens a session with it; another node (another key, or none), a relay
// that swaps the node's key share for its own, and a relay that downgrades PlayerConnect
// to version 1 (no signature field) are refused with 4018 before any session opens.
import { createAtlasClient } from '@atlas/client';
import * as cryptoNode from '@atlas/crypto/node';
import { CloseCode, decodeClientFrame, encodeClientFrame, type ClientMessage, type Frame } from '@atlas/protocol';
import * as E from 'fp-ts/lib/Either.js';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket, { WebSocketServer } from 'ws';
import type { AtlasNode } from '../src/node';
import { bootNode, box, linksUp, startServer, type TestServer } from './support/harness';

function identityKey(): { pem: string; pin: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { pem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), pin: publicKey.export({ format: 'pem', type: 'spki' }).toString() };
}

type Rewrite = (m: ClientMessage) => ClientMessage;

/** A relay on the path: forwards every frame, rewriting the first one each way when told to. */
async function relay(target: string, toNode: Rewrite = (m) => m, toClient: Rewrite = (m) => m): Promise<{ url: string; close(): Promise<void> }> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  const rewrite = (data: Buffer, isBinary: boolean, f: Rewrite): Frame => {
    const frame: Frame = isBinary ? new Uint8Array(data) : data.toString('utf8');
    const m = decodeClientFrame(frame);
    return E.isRight(m) ? encodeClientFrame(f(m.right), typeof frame === 'string' ? 'json' : 'binary') : frame;
  };
  wss.on('connection', (client) => {
    const node = new WebSocket(target);
    const early: Frame[] = [];
    let firstUp = true;
    let firstDown = true;
    client.on('message', (data: Buffer, isBinary) => {
      const frame = firstUp ? rewrite(data, isBinary, toNode) : isBinary ? new Uint8Array(data) : data.toString('utf8');
      firstUp = false;
      if (node.readyState === WebSocket.OPEN) node.send(frame);
      else early.push(frame);
    });
    node.on('open', () => early.splice(0).forEach((f) => node.send(f)));
    node.on('message', (data: Buffer, isBinary) => {
      client.send(firstDown ? rewrite(data, isBinary, toClient) : data);
      firstDown = false;
    });
    client.on('close', () => node.close());
    node.on('close', () => client.close());
  });
  const port = (wss.address() as AddressInfo).port;
  return { url: `ws://127.0.0.1:${port}/ws`, close: () => new Promise((resolve) => wss.close(() => resolve())) };
}

async function connect(url: string, nodeKeys?: string[]) {
  const client = createAtlasClient({ url, token: '', WebSocket: WebSocket as never, syncCrypto: cryptoNode, reconnect: false, heartbeat: false, ...(nodeKeys !== undefined ? { nodeKeys } : {}) });
  const result = await client.connect();
  await client.close();
  return result;
}

describe('node identity key', () => {
  const real = identityKey();
  const other = identityKey();
  let node: AtlasNode;
  let impostor: AtlasNode;
  let unsigned: AtlasNode;
  let server: TestServer;

  beforeAll(async () => {
    // The real node reads its key from a file, the impostor from inline PEM.
    const dir = mkdtempSync(join(tmpdir(), 'atlas-identity-'));
    writeFileSync(join(dir, 'node.pem'), real.pem, { mode: 0o600 });
    node = await bootNode({ security: { node_identity_key_file: join(dir, 'node.pem') } });
    impostor = await bootNode({ security: { node_identity_key: other.pem } });
    unsigned = await bootNode();
    server = await startServer(node, 'world', box(0, 0, 100, 100));
    await linksUp(node, 1);
  });

  afterAll(async () => {
    await server.stop();
    await Promise.all([node.drain(), impostor.drain(), unsigned.drain()]);
  });

  it('opens an encrypted session with the node whose key the client pins (old and new key while rotating)', async () => {
    const opened = await connect(`ws://127.0.0.1:${node.port}/ws`, [other.pin, real.pin]);
    expect(opened).toMatchObject({ right: { encrypted: true } });
  });

  it('refuses a node with another key, or with none, with 4018', async () => {
    expect(await connect(`ws://127.0.0.1:${impostor.port}/ws`, [real.pin])).toMatchObject({ left: { code: CloseCode.NodeUnverified, message: expect.stringMatching(/not signed by a pinned node key/) } });
    expect(await connect(`ws://127.0.0.1:${unsigned.port}/ws`, [real.pin])).toMatchObject({ left: { code: CloseCode.NodeUnverified, message: expect.stringMatching(/did not sign/) } });
  });

  it('refuses a relay that answers with its own key share, which an unpinned client accepts', async () => {
    const own = cryptoNode.createKeyShareSync();
    if (E.isLeft(own)) throw new Error(own.left.kind);
    const mitm = await relay(`ws://127.0.0.1:${node.port}/ws`, undefined, (m) => (m.type === 'Welcome' ? { ...m, serverKeyShare: own.right.keyShare } : m));
    try {
      expect(await connect(mitm.url, [real.pin])).toMatchObject({ left: { code: CloseCode.NodeUnverified } });
      // Without a pin nothing tells the relay from the node: the session opens, keyed with the relay.
      expect(await connect(mitm.url)).toMatchObject({ right: { encrypted: true } });
    } finally {
      await mitm.close();
    }
  });

  it('refuses a relay that downgrades the handshake to version 1, where Welcome has no signature', async () => {
    const mitm = await relay(`ws://127.0.0.1:${node.port}/ws`, (m) => (m.type === 'PlayerConnect' ? { ...m, version: 1 } : m));
    try {
      expect(await connect(mitm.url, [real.pin])).toMatchObject({ left: { code: CloseCode.NodeUnverified, message: expect.stringMatching(/did not sign/) } });
    } finally {
      await mitm.close();
    }
  });

  it('forwarded unchanged, a relay cannot break a pinned session: it only carries sealed frames', async () => {
    const plain = await relay(`ws://127.0.0.1:${node.port}/ws`);
    try {
      expect(await connect(plain.url, [real.pin])).toMatchObject({ right: { encrypted: true } });
    } finally {
      await plain.close();
    }
  });
});
