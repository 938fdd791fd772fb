import * as E from 'fp-ts/lib/Either.js';
import { CloseCode } from '@atlas/protocol';
import { connectTestNode } from '..';
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

  it('refuses to listen with weak PBKDF2 settings', async () => {
    const { createGameServer } = await import('..');
    const s = createGameServer({ psk: { ...psk, iterations: 10 } });
    expect(await s.listen()).toMatchObject({ _tag: 'Left', left: { kind: 'link-auth' } });
  });
});
