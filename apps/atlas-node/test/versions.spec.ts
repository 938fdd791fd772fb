// Protocol versions 1 and 2 side by side on one node (real sockets): a v1 client is
// served at version 1 with v1 frames, byte for byte, while a v2 client on the same node
// and the same game server runs at version 2; the node's link to a game server runs at
// the newest version both speak.
import { ActionChannel, ErrorCode, type ClientSingleMessage, type Frame } from '@atlas/protocol';
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

  it.each([1, 2])('serves a client announcing version %i at that version, in every frame it writes', async (version) => {
    const url = `ws://127.0.0.1:${node.port}/ws`;
    const rawFrames: Frame[] = [];
    const c = await connectClient(url, { version, codecs: ['raw', 'plaintext'], rawFrames });
    expect(c.welcome.version).toBe(version);
    expect('nodeSignature' in c.welcome).toBe(version === 2);
    c.send(move(1, 5), action(2, 7));
    await c.next('PlayerAction', (a) => a.data[0] === 7);
    expect(rawFrames.length).toBeGreaterThan(0);
    for (const f of rawFrames) expect((f as Uint8Array)[0]).toBe(version);
    await c.close();
  });

  it('refuses a version-2 frame on a version-1 session like any bad frame (Error, session kept)', async () => {
    const url = `ws://127.0.0.1:${node.port}/ws`;
    const c = await connectClient(url, { version: 1, codecs: ['raw', 'plaintext'] });
    // A PlayerAction with a version-2 header byte, written by hand.
    c.ws.send(Uint8Array.of(2, 4, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0));
    const e = await c.next('Error');
    expect(e).toMatchObject({ code: ErrorCode.InvalidFrame, message: expect.stringContaining('unsupported protocol version 2') });
    c.send(move(1, 5), action(2, 8));
    await c.next('PlayerAction', (a) => a.data[0] === 8);
    await c.close();
  });

  it('runs its link to the game server at version 2 (both speak it)', () => {
    expect(server.server.links.map((l) => l.version)).toEqual([2]);
  });
});
