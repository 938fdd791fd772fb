import * as E from 'fp-ts/lib/Either.js';
import { createLinkAuth, DIAL_PROOF_WINDOW_MS } from './link-auth';
import { derivePreSharedKeySync } from './psk';

const psk = { secret: 'link secret for tests', salt: 'a salt of sixteen+ bytes', iterations: 100_000 };

describe('createLinkAuth (the link proofs both ends compute)', () => {
  it('accepts a peer with the same key, given as PBKDF2 settings on one side and derived bytes on the other', () => {
    const derived = derivePreSharedKeySync(psk);
    if (E.isLeft(derived)) throw new Error(derived.left.reason);
    const server = createLinkAuth(psk);
    const node = createLinkAuth(derived.right);
    if (E.isLeft(server) || E.isLeft(node)) throw new Error('auth');
    expect(server.right.enabled && node.right.enabled).toBe(true);
    const nonce = node.right.nonce();
    expect(nonce).toHaveLength(32);
    const hello = { version: 1, nodeId: 'n', serverId: 's', nonce, proof: node.right.helloProof(nonce, 'n', 's', 1) };
    expect(server.right.verifyHello(hello)).toEqual(E.right(undefined));
    const r = server.right.nonce();
    expect(node.right.verifyWelcome(hello, { nonce: r, proof: server.right.welcomeProof(hello, r) })).toEqual(E.right(undefined));
  });

  it('refuses a replayed LinkHello, a reflected proof and a proof bound to other ids', () => {
    const key = new Uint8Array(32).fill(7);
    const server = createLinkAuth(key);
    const node = createLinkAuth(key);
    if (E.isLeft(server) || E.isLeft(node)) throw new Error('auth');
    const nonce = node.right.nonce();
    const hello = { version: 1, nodeId: 'n', serverId: 's', nonce, proof: node.right.helloProof(nonce, 'n', 's', 1) };
    expect(server.right.verifyHello({ ...hello, nodeId: 'm' })).toMatchObject({ _tag: 'Left' });
    expect(server.right.verifyHello(hello)).toEqual(E.right(undefined));
    expect(server.right.verifyHello(hello)).toMatchObject(E.left({ message: expect.stringContaining('replayed') }));
    const r = server.right.nonce();
    const welcome = { nonce: r, proof: server.right.welcomeProof(hello, r) };
    expect(node.right.verifyWelcome(hello, welcome)).toEqual(E.right(undefined));
    expect(node.right.verifyWelcome(hello, { ...welcome, proof: hello.proof })).toMatchObject({ _tag: 'Left' });
    expect(node.right.verifyWelcome({ ...hello, serverId: 'other' }, welcome)).toMatchObject({ _tag: 'Left' });
  });

  it('refuses a peer with another key', () => {
    const a = createLinkAuth(new Uint8Array(32).fill(1));
    const b = createLinkAuth(new Uint8Array(32).fill(2));
    if (E.isLeft(a) || E.isLeft(b)) throw new Error('auth');
    const nonce = a.right.nonce();
    const hello = { version: 1, nodeId: 'n', serverId: 's', nonce, proof: a.right.helloProof(nonce, 'n', 's', 1) };
    expect(b.right.verifyHello(hello)).toMatchObject(E.left({ kind: 'link-auth' }));
  });

  it('without a key, proofs are empty and always accepted', () => {
    const open = createLinkAuth(undefined);
    if (E.isLeft(open)) throw new Error('auth');
    const nonce = open.right.nonce();
    expect(open.right.helloProof(nonce, 'n', 's', 1)).toHaveLength(0);
    expect(open.right.verifyHello({ version: 1, nodeId: 'n', serverId: 's', nonce, proof: new Uint8Array(0) })).toEqual(E.right(undefined));
  });

  it('rejects weak keys and PBKDF2 settings up front', () => {
    expect(createLinkAuth(new Uint8Array(8))).toMatchObject({ _tag: 'Left' });
    expect(createLinkAuth({ ...psk, salt: 'short' })).toMatchObject({ _tag: 'Left' });
    expect(createLinkAuth({ ...psk, iterations: 10 })).toMatchObject({ _tag: 'Left' });
  });

  describe('the dial proof (x-atlas-link-proof of a server that dials a node)', () => {
    const now = 1_780_000_000_000;
    const auths = (): [ReturnType<typeof createLinkAuth>, ReturnType<typeof createLinkAuth>] => [createLinkAuth(new Uint8Array(32).fill(9)), createLinkAuth(new Uint8Array(32).fill(9))];

    it('is taken once from a server with the key, within the clock window, for the id it names', () => {
      const [server, node] = auths();
      if (E.isLeft(server) || E.isLeft(node)) throw new Error('auth');
      const header = server.right.dialProof('srv-1', now);
      expect(header).toMatch(/^\d+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      expect(node.right.verifyDial('srv-2', header, now)).toMatchObject({ _tag: 'Left' });
      expect(node.right.verifyDial('srv-1', header, now + DIAL_PROOF_WINDOW_MS)).toEqual(E.right(undefined));
      expect(node.right.verifyDial('srv-1', header, now)).toMatchObject(E.left({ message: expect.stringContaining('replayed') }));
    });

    it('is refused with another key, off the clock, tampered or malformed', () => {
      const [server, node] = auths();
      const other = createLinkAuth(new Uint8Array(32).fill(1));
      if (E.isLeft(server) || E.isLeft(node) || E.isLeft(other)) throw new Error('auth');
      expect(node.right.verifyDial('srv-1', other.right.dialProof('srv-1', now), now)).toMatchObject(E.left({ message: expect.stringContaining('does not match') }));
      expect(node.right.verifyDial('srv-1', server.right.dialProof('srv-1', now), now + DIAL_PROOF_WINDOW_MS + 1)).toMatchObject(E.left({ message: expect.stringContaining('off this node') }));
      const [at, nonce, proof] = server.right.dialProof('srv-1', now).split('.');
      expect(node.right.verifyDial('srv-1', `${Number(at) + 1}.${nonce}.${proof}`, now)).toMatchObject(E.left({ message: expect.stringContaining('does not match') }));
      for (const bad of ['', 'x.y.z', `${at}.${nonce}`, `${at}.${nonce}.${proof}.x`, `${at}.!!.${proof}`]) expect(node.right.verifyDial('srv-1', bad, now)).toMatchObject({ _tag: 'Left' });
    });

    it('is empty, and anything is taken, without a key (trusted networks)', () => {
      const open = createLinkAuth(undefined);
      if (E.isLeft(open)) throw new Error('auth');
      expect(open.right.dialProof('srv-1', now)).toBe('');
      expect(open.right.verifyDial('srv-1', '', now)).toEqual(E.right(undefined));
    });
  });
});
