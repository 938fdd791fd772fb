// The client SDK in a real browser (headless Chromium: native WebSocket, WebCrypto),
// against sim-server's direct mode: proves it needs no Node built-ins and interoperates
// with the node:crypto side.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';
import * as E from 'fp-ts/lib/Either.js';
import { chromium, type Browser } from 'playwright-core';
import { startSimServer, type SimServer } from '../src/sim/start';

const root = join(__dirname, '../../..');
const paths = (require(join(root, 'tsconfig.base.json')) as { compilerOptions: { paths: Record<string, string[]> } }).compilerOptions.paths;

async function bundle(): Promise<string> {
  const out = await build({
    entryPoints: [join(__dirname, 'browser/client-entry.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
    plugins: [{ name: 'atlas', setup: (b) => b.onResolve({ filter: /^@atlas\// }, (a) => ({ path: join(root, (paths[a.path] ?? [a.path])[0] as string) })) }],
  });
  return out.outputFiles[0]?.text ?? '';
}

describe('@atlas/client in a browser', () => {
  let browser: Browser;
  let sim: SimServer;
  let page: Server;
  let pageUrl = '';
  let bundled = '';
  beforeAll(async () => {
    // WebCrypto needs a secure context: a page served from 127.0.0.1 is one, about:blank is not.
    const script = await bundle();
    bundled = script;
    page = createServer((req, res) => {
      if (req.url === '/client.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script src="/client.js"></script>');
    });
    await new Promise<void>((r) => page.listen(0, '127.0.0.1', r));
    pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'] });
    const s = await startSimServer({ direct: true, syncHz: 0 });
    if (E.isLeft(s)) throw new Error(s.left);
    sim = s.right;
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await sim?.close();
    await new Promise<void>((r) => page.close(() => r()));
  });

  it('connects with WebCrypto, encrypts, compresses, and gets its actions echoed', async () => {
    const tab = await browser.newPage();
    await tab.goto(pageUrl);
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
