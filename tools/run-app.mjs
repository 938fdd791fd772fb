#!/usr/bin/env node
// `node tools/run-app.mjs <app> [args...]`: builds the app (and the libs it
// needs) through Nx quietly, then runs it with the remaining arguments, so the
// app's own output is the only thing on stdout. Build output is shown on failure.
import { spawn, spawnSync } from 'node:child_process';
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

const child = spawn(process.execPath, ['--enable-source-maps', join(workspace, 'apps', app, 'dist/main.js'), ...args], {
  stdio: 'inherit',
});
// Forward the signals an operator sends (Ctrl-C, SIGTERM) so the app can stop cleanly.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
