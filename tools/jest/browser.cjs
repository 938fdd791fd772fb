// Browser tests' one way to reach a browser: Debian's headless Chromium (`.ci/run`
// installs it; playwright's own download cannot run here) with the flags that keep it
// off the network, page scripts bundled from the workspace sources, and a page served
// from 127.0.0.1, which is a secure context (WebCrypto needs one; about:blank is not).
// Shared by tools/workspace's specs and the libs' and apps' browser tests.
const { build } = require('esbuild');
const { createServer } = require('node:http');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const WORKSPACE = join(__dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function launchChromium() {
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: QUIET_FLAGS });
}

/**
 * Bundles a browser entry (TypeScript) into one script for a page, `@atlas/*` from the
 * workspace sources as the tests resolve them (never a `dist` that may be stale). The
 * bundle fails if anything pulls in a Node built-in, which is itself part of what
 * browser tests prove.
 */
async function bundleForBrowser(entry) {
  const paths = JSON.parse(readFileSync(join(WORKSPACE, 'tsconfig.base.json'), 'utf8')).compilerOptions.paths;
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
          b.onResolve({ filter: /^@atlas\// }, (args) => ({ path: join(WORKSPACE, (paths[args.path] ?? [args.path])[0]) }));
        },
      },
    ],
  });
  return result.outputFiles[0]?.text ?? '';
}

/** Serves a page that loads `script`, on 127.0.0.1 at a free port: `{ url, close() }`. */
async function serveScriptPage(script) {
  const server = createServer((request, response) => {
    if (request.url === '/bundle.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script src="/bundle.js"></script>');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Bundles `entry`, serves it and opens it in a fresh Chromium: `{ browser, page, close() }`. */
async function openScriptPage(entry) {
  const served = await serveScriptPage(await bundleForBrowser(entry));
  let browser;
  try {
    browser = await launchChromium();
    const page = await browser.newPage();
    await page.goto(served.url);
    return {
      browser,
      page,
      close: async () => {
        await browser.close();
        await served.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await served.close();
    throw error;
  }
}

module.exports = { bundleForBrowser, launchChromium, openScriptPage, serveScriptPage };
