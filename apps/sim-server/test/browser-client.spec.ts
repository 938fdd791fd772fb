// The client SDK in a real browser (headless Chromium: native WebSocket, WebCrypto),
// against sim-server's direct mode: proves it needs no Node built-ins and interoperates
// with the node:crypto side.
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Browser } from 'playwright-core';
import { startSimServer, type SimServer } from '../src/sim/start';

// The workspace's one browser launcher and page bundler, loaded by its path at run time
// (its types: tools/jest/browser-testing.d.ts).
const BROWSER_TESTING = join(__dirname, '../../../tools/jest/browser.cjs');
const { bundleForBrowser, launchChromium, serveScriptPage } = require(BROWSER_TESTING) as AtlasBrowserTesting.Api;

describe('@atlas/client in a browser', () => {
  let browser: Browser;
  let sim: SimServer;
  let page: AtlasBrowserTesting.ScriptPage;
  let bundled = '';
  beforeAll(async () => {
    // WebCrypto needs a secure context: a page served from 127.0.0.1 is one, about:blank is not.
    bundled = await bundleForBrowser(join(__dirname, 'browser/client-entry.ts'));
    page = await serveScriptPage(bundled);
    browser = await launchChromium();
    const s = await startSimServer({ direct: true, syncHz: 0 });
    if (E.isLeft(s)) throw new Error(s.left);
    sim = s.right;
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await sim?.close();
    await page?.close();
  });

  it('connects with WebCrypto, encrypts, compresses, and gets its actions echoed', async () => {
    const tab = await browser.newPage();
    await tab.goto(page.url);
    const result = await tab.evaluate((url) => window.runClient(url), sim.directUrl as string);
    expect(result).toMatchObject({
      session: { playerId: 'browser-player', encrypted: true, codecs: ['lz4', 'x25519-aes256gcm'] },
      echoes: ['0:hi-0', '1:hi-1', '2:hi-2', '3:hi-3', '4:hi-4'],
      sequence: { inOrder: 5, gaps: 0, duplicates: 0 },
    });
  }, 30_000);

  it('fails fast with a clear error where the page has no WebCrypto (not a secure context)', async () => {
    const tab = await browser.newPage();
    await tab.setContent('<!doctype html><body></body>');
    await tab.addScriptTag({ content: bundled });
    const result = await tab.evaluate((url) => window.runClient(url), sim.directUrl as string);
    expect(result).toMatchObject({ error: { kind: 'crypto', message: expect.stringContaining('WebCrypto is not available') } });
  }, 30_000);
});
