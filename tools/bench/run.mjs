#!/usr/bin/env node
// `npm run bench [-- name...]`: runs every benchmark (`libs/*/bench/*.bench.ts`,
// `apps/*/bench/*.bench.ts`, `tools/bench/*.bench.ts`), or those whose path
// contains one of the given names. Each is bundled by tools/build/node-bundle.cjs
// (workspace libs from source, npm packages external) and run in its own Node
// process, one after another so they do not compete for the two cores. Benchmarks
// print markdown.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodeBundle from '../build/node-bundle.cjs';

const { bundleForNode } = nodeBundle;

const workspace = join(dirname(fileURLToPath(import.meta.url)), '../..');
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const passThrough = process.argv.slice(2).filter((a) => a.startsWith('-'));

const benches = ['libs', 'apps']
  .flatMap((group) => readdirSync(join(workspace, group)).map((p) => join(workspace, group, p, 'bench')))
  .concat(join(workspace, 'tools/bench'))
  .filter((dir) => existsSync(dir))
  .flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).map((f) => join(dir, f)))
  .filter((file) => filters.length === 0 || filters.some((f) => relative(workspace, file).includes(f)));

if (benches.length === 0) {
  console.error(`no benchmark matches ${filters.join(', ') || '(none defined yet)'}`);
  process.exit(1);
}

const outDir = join(workspace, 'tmp/bench');
mkdirSync(outDir, { recursive: true });
let failed = 0;
for (const file of benches) {
  const outfile = join(outDir, `${basename(dirname(dirname(file)))}-${basename(file, '.ts')}.cjs`);
  await bundleForNode(file, outfile, { sourcemap: true, logLevel: 'warning' });
  console.log(`\n## ${relative(workspace, file)}\n`);
  const run = spawnSync(process.execPath, ['--enable-source-maps', '--expose-gc', outfile, ...passThrough], {
    stdio: 'inherit',
    cwd: workspace,
  });
  if (run.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
