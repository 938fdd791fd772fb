// Serves the example page: bundles app.mjs (with @atlas/client) for browsers with esbuild
// and serves it beside index.html.
//
//   node examples/browser/serve.mjs [port] [node ws url]    # then open the printed address
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [port = '8000', nodeUrl = 'ws://127.0.0.1:8080/ws'] = process.argv.slice(2);
const bundle = await build({ entryPoints: [join(here, 'app.mjs')], bundle: true, write: false, format: 'esm', platform: 'browser', target: 'es2022', minify: true });
const files = {
  '/': ['text/html; charset=utf-8', readFileSync(join(here, 'index.html'))],
  '/app.js': ['text/javascript; charset=utf-8', bundle.outputFiles[0].contents],
};

const server = createServer((req, res) => {
  const file = files[new URL(req.url ?? '/', 'http://x').pathname];
  if (file === undefined) {
    res.writeHead(404).end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': file[0] }).end(file[1]);
});
server.listen(Number(port), '127.0.0.1', () => {
  console.log(`example page on http://127.0.0.1:${server.address().port}/?url=${encodeURIComponent(nodeUrl)}`);
});
