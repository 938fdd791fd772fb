// Issue 3 in a real browser: @atlas/protocol + @atlas/crypto + @atlas/compression bundled for
// the browser platform (the bundle fails on any Node built-in) and run in headless Chromium
// (Debian's, installed by .ci/run), served from 127.0.0.1 so WebCrypto has a secure context.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { Issue3Report } from '../src/testing/browser/issue-3-entry';

const WORKSPACE = join(__dirname, '../../..');
/** Debian's Chromium (playwright's own download cannot run here). */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
/** Flags that keep headless Chromium off the network. */
const QUIET_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** One browser script from the entry, `@atlas/*` from source; any Node built-in fails the build. */
async function bundleForBrowser(entry: string): Promise<string> {
  const paths = JSON.parse(readFileSync(join(WORKSPACE, 'tsconfig.base.json'), 'utf8')).compilerOptions.paths as Record<string, string[]>;
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
    plugins: [
      {
        name: 'workspace-libs',
        setup(b) {
          b.onResolve({ filter: /^@atlas\// }, (args) => ({ path: join(WORKSPACE, (paths[args.path] ?? [args.path])[0] as string) }));
        },
      },
    ],
  });
  return result.outputFiles[0]?.text ?? '';
}

describe('issue 3 in headless Chromium', () => {
  let server: Server;
  let browser: Browser;
  let report: Issue3Report;

  beforeAll(async () => {
    const bundle = await bundleForBrowser(join(__dirname, '../src/testing/browser/issue-3-entry.ts'));
    server = createServer((request, response) => {
      if (request.url === '/bundle.js') {
        response.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
      } else {
        response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script src="/bundle.js"></script>');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: QUIET_FLAGS });
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    report = await page.evaluate(() => (globalThis as unknown as { atlasIssue3: () => Promise<Issue3Report> }).atlasIssue3());
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('runs in a secure context of a real Chromium', () => {
    expect(report.secureContext).toBe(true);
    expect(report.userAgent).toMatch(/Chrome\//);
  });

  it('completes a client/node handshake with WebCrypto keys and a signed token', () => {
    expect(report.handshake).toMatchObject({ clientState: 'established', serverState: 'established', keysMatch: true, playerId: 'player-7' });
    expect(report.handshake.codecs).toContain('lz4');
    // Chromium has had WebCrypto X25519 since version 133: the preferred suite, not the fallback.
    expect(report.handshake.suite).toBe('x25519');
  });

  it('round-trips moves, full snapshots and deltas through encode, compress, seal and back, both ways', () => {
    expect(report.roundTrips).toHaveLength(4 * 2 * 3);
    expect(report.roundTrips.filter((r) => !r.ok)).toEqual([]);
    const snapshot = report.roundTrips.filter((r) => r.message === 'StateSync' && r.payloadBytes > 4000);
    expect(new Set(snapshot.map((r) => r.wireAlgorithm))).toEqual(new Set(['lz4', 'deflate', 'none']));
  });

  it('rejects a tampered sealed frame, a corrupt compressed frame and a delta on the wrong base', () => {
    expect(report.tamperedRejected).not.toBe('accepted');
    expect(report.corruptRejected).toBe('corrupt');
    expect(report.wrongBaseRejected).toBe('wrong-base');
    expect(report.deltaOk).toBe(true);
    expect(report.deltaPercent).toBeLessThan(15);
  });
});
