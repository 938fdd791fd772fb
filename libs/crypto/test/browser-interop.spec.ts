// The isomorphic entry in a real browser (Debian's headless Chromium, served from
// 127.0.0.1 so WebCrypto has a secure context) against the node:crypto entry in this
// process: key exchange in both suites, sealed frames both ways, tokens both ways.
import * as E from 'fp-ts/lib/Either.js';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { handshakeTranscript, KeyExchangeSuites, type KeyExchangeSuite } from '../src/index';
import { createKeyShareForSync, createNodeChannel, createPlayerTokensSync, deriveSessionKeysSync, loadNodeIdentity } from '../src/node/index';

// The workspace's one browser launcher and page bundler, loaded by its path at run time
// (its types: tools/jest/browser-testing.d.ts).
const BROWSER_TESTING = join(__dirname, '../../../tools/jest/browser.cjs');
const { openScriptPage } = require(BROWSER_TESTING) as AtlasBrowserTesting.Api;

type Atlas = typeof import('../src/index');
declare const atlas: { crypto: Atlas; E: typeof E };

const SECRET = 'browser interop secret, 32 bytes or more';
const bytes = (list: number[]) => Uint8Array.from(list);

describe('@atlas/crypto in headless Chromium against @atlas/crypto/node', () => {
  let opened: AtlasBrowserTesting.OpenPage;
  let page: Page;

  beforeAll(async () => {
    opened = await openScriptPage(join(__dirname, 'browser-entry.ts'));
    page = opened.page;
  }, 60_000);

  afterAll(() => opened?.close());

  it('prefers X25519 in this Chromium', async () => {
    expect(await page.evaluate(() => atlas.crypto.supportedSuites())).toEqual([KeyExchangeSuites.X25519, KeyExchangeSuites.P256]);
  });

  it.each([KeyExchangeSuites.X25519, KeyExchangeSuites.P256])('agrees on keys in suite %i and exchanges frames both ways', async (suite) => {
    const hello = await page.evaluate(async (s: KeyExchangeSuite) => {
      const share = await atlas.crypto.createKeyShare(s);
      if (atlas.E.isLeft(share)) throw new Error(share.left.kind);
      (globalThis as unknown as { share: unknown }).share = share.right;
      return Array.from(share.right.keyShare);
    }, suite);
    const serverShare = createKeyShareForSync(bytes(hello));
    if (E.isLeft(serverShare)) throw new Error(serverShare.left.kind);
    const welcome = Array.from(serverShare.right.keyShare);
    const transcript = handshakeTranscript(bytes(hello), bytes(welcome));
    const keys = deriveSessionKeysSync({ role: 'server', local: serverShare.right, peerKeyShare: bytes(hello), transcript });
    if (E.isLeft(keys)) throw new Error(keys.left.kind);
    const node = createNodeChannel({ keys: keys.right, role: 'server', maxMessagesPerKey: 2 });
    const toBrowser = [0, 1, 2].map((i) => Array.from(node.seal(bytes([i, 100 + i]))));

    const fromBrowser = await page.evaluate(
      async ({ welcome, transcript, toBrowser }) => {
        const g = globalThis as unknown as { share: Parameters<Atlas['deriveSessionKeys']>[0]['local'] };
        const keys = await atlas.crypto.deriveSessionKeys({
          role: 'client',
          local: g.share,
          peerKeyShare: Uint8Array.from(welcome),
          transcript: Uint8Array.from(transcript),
        });
        if (atlas.E.isLeft(keys)) throw new Error(keys.left.kind);
        const channel = await atlas.crypto.createWebCryptoChannel({ keys: keys.right, role: 'client', maxMessagesPerKey: 2 });
        const opened = await Promise.all(toBrowser.map(async (f) => channel.open(Uint8Array.from(f))));
        const sealed = await Promise.all([7, 8, 9].map((i) => channel.seal(Uint8Array.of(i))));
        return {
          opened: opened.map((o) => (atlas.E.isRight(o) ? Array.from(o.right) : o.left.kind)),
          sealed: sealed.map((f) => Array.from(f)),
        };
      },
      { welcome, transcript: Array.from(transcript), toBrowser },
    );
    expect(fromBrowser.opened).toEqual([[0, 100], [1, 101], [2, 102]]);
    expect(fromBrowser.sealed.map((f) => node.open(bytes(f)))).toEqual([7, 8, 9].map((i) => E.right(Uint8Array.of(i))));
  });

  it('verifies node tokens in the browser and browser tokens in Node', async () => {
    const tokens = createPlayerTokensSync(SECRET);
    if (E.isLeft(tokens)) throw new Error(tokens.left.kind);
    const nodeToken = tokens.right.issue({ playerId: 'p-1', expiresInSeconds: 60, claims: { team: 'blue' } });
    const result = await page.evaluate(
      async ({ secret, nodeToken }) => {
        const web = await atlas.crypto.createPlayerTokens(secret);
        if (atlas.E.isLeft(web)) throw new Error(web.left.kind);
        const verified = await web.right.verify(nodeToken);
        return {
          verified: atlas.E.isRight(verified) ? verified.right.claims : verified.left.kind,
          browserToken: await web.right.issue({ playerId: 'p-2', expiresInSeconds: 60 }),
        };
      },
      { secret: SECRET, nodeToken },
    );
    expect(result.verified).toEqual({ team: 'blue' });
    expect(tokens.right.verify(result.browserToken)).toMatchObject(E.right({ playerId: 'p-2' }));
  });

  it('verifies a node identity signature made by node:crypto, under its pin only', async () => {
    const pair = generateKeyPairSync('ed25519');
    const id = loadNodeIdentity(pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
    if (E.isLeft(id)) throw new Error(id.left.kind);
    const message = Uint8Array.from({ length: 200 }, (_, i) => i);
    const signature = id.right.sign(message);
    const pem = pair.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const result = await page.evaluate(
      async ({ pins, message, signature }) => {
        const keys = pins.map((p) => atlas.crypto.parseNodeKey(p)).map((k) => (atlas.E.isRight(k) ? k.right : new Uint8Array(0)));
        const check = async (k: Uint8Array[]) => {
          const r = await atlas.crypto.verifyNodeSignature(k, Uint8Array.from(message), Uint8Array.from(signature));
          return atlas.E.isRight(r) ? 'ok' : r.left.kind;
        };
        return { pinned: await check([keys[1] as Uint8Array, keys[0] as Uint8Array]), other: await check([keys[1] as Uint8Array]) };
      },
      { pins: [pem, other], message: Array.from(message), signature: Array.from(signature) },
    );
    expect(result).toEqual({ pinned: 'ok', other: 'unknown-node' });
  });
});
