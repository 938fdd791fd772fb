#!/usr/bin/env node
// `node tools/run-app.mjs <app> [args...]`: builds the app (and the libs it
// needs) through Nx quietly, then runs it with the remaining arguments, so the
// app's own output is the only thing on stdout. Build output is shown on failure.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const workspace = join(dirname(fileURLToPath(import.meta.url)), '..');
const [app, ...args] = process.argv.slice(2);
if (!app) {
  console.error('usage: node tools/run-app.mjs <app> [args...]');
  process.exit(2);
}

const built = spawnSync('npx', ['nx', 'run', `${app}:build`, '--output-style=static'], {
  cwd: workspace,
  encoding: 'utf8',
});
if (built.status !== 0) {
  process.stderr.write(built.stdout + built.stderr);
  process.exit(built.status ?? 1);
}

// An app may ship V8 flags (apps/<app>/v8-flags.json, a JSON array of strings): it runs
// with them here as in the image (docker/Dockerfile's ENTRYPOINT; a workspace test keeps
// the two equal). atlas-node's are measured in docs/BENCHMARKS.md, "The node's V8 flags".
const flagsFile = join(workspace, 'apps', app, 'v8-flags.json');
const v8Flags = existsSync(flagsFile) ? JSON.parse(readFileSync(flagsFile, 'utf8')) : [];
const child = spawn(process.execPath, ['--enable-source-maps', ...v8Flags, join(workspace, 'apps', app, 'dist/main.js'), ...args], {
  stdio: 'inherit',
});
// Forward the signals an operator sends (Ctrl-C, SIGTERM) so the app can stop cleanly.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
