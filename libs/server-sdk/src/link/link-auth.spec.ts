import * as E from 'fp-ts/lib/Either.js';
import { CloseCode } from '@atlas/protocol';
import { connectTestNode, createLinkAuth } from '..';
import { boot, until, type Booted } from '../../test/boot';

const psk = { secret: 'link secret for tests', salt: 'a salt of sixteen+ bytes', iterations: 100_000 };

describe('link pre-shared-key authentication', () => {
  let b: Booted | undefined;
  afterEach(() => b?.stop());

  it('links a node that proves the same key (PBKDF2 settings on one side, the derived key on the other)', async () => {
    b = await boot({ psk });
    const node = await connectTestNode(b.server.url, { psk });
    expect(E.isRight(node)).toBe(true);
    if (E.isRight(node)) await node.right.close();
  });

  it('refuses a node with another key or no proof (LinkAuthFailed), and the node refuses a server with another key', async () => {
    b = await boot({ psk });
    const wrong = await connectTestNode(b.server.url, { psk: { ...psk, secret: 'another secret' } });
    expect(wrong).toMatchObject({ _tag: 'Left', left: { code: CloseCode.LinkAuthFailed } });
    const none = await connectTestNode(b.server.url);
    expect(none).toMatchObject({ _tag: 'Left', left: { code: CloseCode.LinkAuthFailed } });
    const open = await boot();
    const node = await connectTestNode(open.server.url, { psk });
    expect(node).toMatchObject({ _tag: 'Left', left: { code: CloseCode.LinkAuthFailed } });
    await open.stop();
    await until(() => b?.server.links.length === 0);
  });

  it('refuses a replayed LinkHello and a reflected proof', () => {
    const key = new Uint8Array(32).fill(7);
    const server = createLinkAuth(key);
    const node = createLinkAuth(key);
    if (E.isLeft(server) || E.isLeft(node)) throw new Error('auth');
    const nonce = node.right.nonce();
    const hello = { type: 'LinkHello', version: 1, nodeId: 'n', serverId: 's', nonce, proof: node.right.helloProof(nonce, 'n', 's', 1) } as const;
    expect(server.right.verifyHello(hello)).toEqual(E.right(undefined));
    expect(server.right.verifyHello(hello)).toMatchObject(E.left({ message: expect.stringContaining('replayed') }));
    const r = server.right.nonce();
    const welcome = { type: 'LinkWelcome', version: 1, nodeId: 'n', serverId: 's', nonce: r, proof: server.right.welcomeProof(hello, r), heartbeatMs: 1 } as const;
    expect(node.right.verifyWelcome(hello, welcome)).toEqual(E.right(undefined));
    expect(node.right.verifyWelcome(hello, { ...welcome, proof: hello.proof })).toMatchObject({ _tag: 'Left' });
    expect(node.right.verifyWelcome({ ...hello, serverId: 'other' }, welcome)).toMatchObject({ _tag: 'Left' });
  });

  it('rejects weak keys and PBKDF2 settings up front', async () => {
    expect(createLinkAuth(new Uint8Array(8))).toMatchObject({ _tag: 'Left' });
    expect(createLinkAuth({ ...psk, salt: 'short' })).toMatchObject({ _tag: 'Left' });
    const { createGameServer } = await import('..');
    const s = createGameServer({ psk: { ...psk, iterations: 10 } });
    expect(await s.listen()).toMatchObject({ _tag: 'Left', left: { kind: 'link-auth' } });
  });
});
