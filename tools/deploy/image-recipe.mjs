#!/usr/bin/env node
// Runs docker/Dockerfile without Docker, so the image recipe cannot rot on machines
// that have no Docker engine (CI among them). Each stage gets a scratch directory as
// its root filesystem; every instruction is executed or checked: COPY (honouring
// docker/Dockerfile.dockerignore), RUN (shell form, cwd = WORKDIR, the stage's ENV),
// ENV, WORKDIR, USER, EXPOSE, HEALTHCHECK, STOPSIGNAL, ENTRYPOINT/CMD. Then it "runs
// the container": starts ENTRYPOINT+CMD from the runtime stage (as uid 1000 when USER
// is node and we are root), runs the HEALTHCHECK command until it passes, reads
// /health and /ready, sends STOPSIGNAL and requires exit code 0.
//
//   node tools/deploy/image-recipe.mjs [--install ci|reuse] [--scratch DIR] [--keep]
//
// --install ci (default) runs the Dockerfile's `npm ci` as written (plus
// --prefer-offline). --install reuse stands in a hard-linked copy of this workspace's
// node_modules, after checking that it was installed from the same package-lock.json
// (CI has just run that same `npm ci`; the copy saves a minute). Every other step runs
// as written. The last stdout line is a JSON summary; the exit code is 0 on success.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import dockerfile from './dockerfile.cjs';

const { dockerignore, durationMs, envPairs, parseDockerfile, substitute, words } = dockerfile;

const WORKSPACE = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DOCKERFILE = join(WORKSPACE, 'docker/Dockerfile');
/** The `node` user of the official Node images. */
const NAMED_USERS = { root: [0, 0], node: [1000, 1000] };

const log = (text) => process.stderr.write(`${text}\n`);

function option(argv, name, fallback) {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : fallback;
}

/** A free TCP port on loopback (bound and released; good enough for one run). */
function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

function containerPath(stage, p) {
  return join(stage.root, posix.resolve(stage.workdir, p));
}

/** Absolute container paths that exist in the stage map into it; anything else stays. */
function mapValue(stage, value) {
  return value.startsWith('/') && existsSync(join(stage.root, value)) ? join(stage.root, value) : value;
}

function copyInto(src, dest, filter) {
  if (statSync(src).isDirectory()) {
    mkdirSync(dest, { recursive: true });
    cpSync(src, dest, { recursive: true, filter, verbatimSymlinks: true });
  } else {
    mkdirSync(dirname(dest), { recursive: true });
    cpSync(src, dest);
  }
}

function runCopy(stage, step, stages, ignored) {
  const parts = step.json ?? words(substitute(step.args, stage.vars()));
  if (parts.length < 2) throw new Error(`Dockerfile:${step.line}: COPY needs a source and a destination`);
  const dest = parts.at(-1);
  const sources = parts.slice(0, -1);
  const destIsDir = dest.endsWith('/') || dest === '.' || sources.length > 1;
  const from = step.flags.from;
  for (const src of sources) {
    let abs;
    let filter;
    if (from !== undefined) {
      const other = stages.get(from);
      if (other === undefined) throw new Error(`Dockerfile:${step.line}: COPY --from=${from}: no such stage`);
      abs = join(other.root, posix.resolve('/', src));
    } else {
      const rel = posix.normalize(src).replace(/^\.\/?/, '').replace(/\/$/, '');
      if (rel !== '' && ignored(rel)) throw new Error(`Dockerfile:${step.line}: COPY ${src} is excluded by the .dockerignore`);
      abs = join(WORKSPACE, rel);
      filter = (path) => {
        const r = relative(WORKSPACE, path).split('\\').join('/');
        return r === '' || !ignored(r);
      };
    }
    if (!existsSync(abs)) throw new Error(`Dockerfile:${step.line}: COPY source ${src} does not exist${from ? ` in stage ${from}` : ''}`);
    const isDir = statSync(abs).isDirectory();
    // Docker copies a directory's contents, and a file into a directory destination by name.
    const target = isDir || !destIsDir ? containerPath(stage, dest) : join(containerPath(stage, dest), posix.basename(src));
    copyInto(abs, target, filter);
  }
}

/** Whether this workspace's node_modules was installed from its package-lock.json. */
function installedFromLock() {
  const lock = JSON.parse(readFileSync(join(WORKSPACE, 'package-lock.json'), 'utf8')).packages;
  const hiddenFile = join(WORKSPACE, 'node_modules/.package-lock.json');
  if (!existsSync(hiddenFile)) return 'node_modules/.package-lock.json is missing';
  const hidden = JSON.parse(readFileSync(hiddenFile, 'utf8')).packages;
  for (const [at, entry] of Object.entries(hidden)) {
    if (lock[at] === undefined) return `${at} is installed but not in package-lock.json`;
    if (entry.version !== lock[at].version) return `${at} is ${entry.version}, the lock says ${lock[at].version}`;
  }
  return null;
}

function runShell(stage, command, line) {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...stage.env };
  const r = spawnSync('sh', ['-c', command], { cwd: join(stage.root, stage.workdir), env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`Dockerfile:${line}: RUN ${command} failed (${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`.slice(-6000));
}

function runStep(stage, step, install) {
  const command = substitute(step.args, stage.vars());
  const argv = words(command);
  const absolute = argv.filter((w) => w.startsWith('/'));
  if (absolute.length > 0) {
    throw new Error(`Dockerfile:${step.line}: RUN uses absolute paths (${absolute.join(' ')}); keep RUN steps relative to WORKDIR so this recipe can run them`);
  }
  if (argv[0] === 'npm' && argv[1] === 'ci') {
    if (install === 'reuse') {
      const mismatch = installedFromLock();
      if (mismatch !== null) throw new Error(`--install reuse: the workspace's node_modules does not match package-lock.json (${mismatch}); run npm ci or use --install ci`);
      log(`    (--install reuse: hard-linked copy of the workspace's node_modules, installed from the same package-lock.json)`);
      const dest = join(stage.root, stage.workdir, 'node_modules');
      const linked = spawnSync('cp', ['-al', join(WORKSPACE, 'node_modules'), dest]);
      if (linked.status !== 0) {
        rmSync(dest, { recursive: true, force: true });
        const copied = spawnSync('cp', ['-a', join(WORKSPACE, 'node_modules'), dest]);
        if (copied.status !== 0) throw new Error(`copying node_modules failed: ${copied.stderr}`);
      }
      return;
    }
    runShell(stage, `${command} --prefer-offline`, step.line);
    return;
  }
  runShell(stage, command, step.line);
}

function newStage(name, scratch) {
  const root = join(scratch, name);
  mkdirSync(root, { recursive: true });
  const stage = { name, root, workdir: '/', env: {}, args: {}, user: 'root', exposed: [], healthcheck: undefined, stopSignal: 'SIGTERM', entrypoint: [], cmd: [] };
  stage.vars = () => ({ ...stage.args, ...stage.env });
  return stage;
}

/** Executes the Dockerfile's stages into `scratch`; returns the last stage. */
export function buildStages(steps, scratch, install) {
  const globalArgs = {};
  const stages = new Map();
  const ignored = dockerignore(existsSync(`${DOCKERFILE}.dockerignore`) ? readFileSync(`${DOCKERFILE}.dockerignore`, 'utf8') : '');
  let stage;
  for (const step of steps) {
    const label = `==> [${stage?.name ?? 'global'}] ${step.instruction} ${step.args}`;
    log(label.length > 160 ? `${label.slice(0, 157)}...` : label);
    const t0 = Date.now();
    switch (step.instruction) {
      case 'ARG': {
        const [name, value = ''] = step.args.split('=');
        (stage?.args ?? globalArgs)[name.trim()] = substitute(value.trim(), stage?.vars() ?? globalArgs);
        break;
      }
      case 'FROM': {
        const m = /^(\S+)\s+AS\s+(\S+)$/i.exec(substitute(step.args, globalArgs));
        if (m === null) throw new Error(`Dockerfile:${step.line}: FROM must name its stage (FROM image AS name)`);
        if (stages.has(m[1])) throw new Error(`Dockerfile:${step.line}: FROM another stage is not supported by the recipe`);
        stage = newStage(m[2], scratch);
        stage.image = m[1];
        stages.set(m[2], stage);
        break;
      }
      case 'ENV':
        for (const [k, v] of envPairs(step.args)) stage.env[k] = substitute(v, stage.vars());
        break;
      case 'WORKDIR':
        stage.workdir = posix.resolve(stage.workdir, substitute(step.args, stage.vars()));
        mkdirSync(join(stage.root, stage.workdir), { recursive: true });
        break;
      case 'COPY':
        runCopy(stage, step, stages, ignored);
        break;
      case 'RUN':
        runStep(stage, step, install);
        break;
      case 'USER':
        stage.user = step.args.trim();
        break;
      case 'EXPOSE':
        stage.exposed.push(...words(step.args).map((p) => Number(p.split('/')[0])));
        break;
      case 'HEALTHCHECK':
        if (step.json === undefined) throw new Error(`Dockerfile:${step.line}: HEALTHCHECK CMD must be in exec form`);
        stage.healthcheck = { command: step.json, flags: step.flags };
        break;
      case 'STOPSIGNAL':
        stage.stopSignal = step.args.trim();
        break;
      case 'ENTRYPOINT':
      case 'CMD':
        // Shell form would make /bin/sh PID 1, and sh does not pass SIGTERM on: no drain.
        if (step.json === undefined) throw new Error(`Dockerfile:${step.line}: ${step.instruction} must be in exec form, so signals reach node`);
        stage[step.instruction === 'CMD' ? 'cmd' : 'entrypoint'] = step.json;
        break;
      case 'LABEL':
        break;
    }
    const ms = Date.now() - t0;
    if (ms > 1000) log(`    ${(ms / 1000).toFixed(1)} s`);
  }
  if (stage === undefined) throw new Error('the Dockerfile has no stage');
  return stage;
}

function exitOf(child) {
  return new Promise((res) => {
    if (child.exitCode !== null || child.signalCode !== null) res({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => res({ code, signal }));
  });
}

async function httpGet(port, path) {
  try {
    const r = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2000) });
    return { status: r.status, body: (await r.text()).trim() };
  } catch (e) {
    return { status: 0, body: String(e.message ?? e) };
  }
}

/** "docker run": starts the final stage's entry point and exercises health and stop. */
export async function runContainer(stage) {
  const [uid, gid] = NAMED_USERS[stage.user] ?? stage.user.split(':').map(Number);
  const asUser = process.getuid?.() === 0 && uid !== 0;
  if (asUser) for (let dir = stage.root; dir !== dirname(dir) && dir.startsWith(tmpdir()); dir = dirname(dir)) chmodSync(dir, 0o755);
  const port = await freePort();
  const adminPort = await freePort();
  // What `docker run -e ...` would pass: free ports (this machine runs other tests), a node id.
  const env = {
    PATH: process.env.PATH,
    ...Object.fromEntries(Object.entries(stage.env).map(([k, v]) => [k, mapValue(stage, v)])),
    ATLAS_SERVER_PORT: String(port),
    ATLAS_ADMIN_PORT: String(adminPort),
    ATLAS_CLUSTER_NODE_ID: 'image-recipe',
  };
  const exec = (argv) => [argv[0] === 'node' ? process.execPath : argv[0], ...argv.slice(1).map((a) => mapValue(stage, a))];
  const [command, ...args] = exec([...stage.entrypoint, ...stage.cmd]);
  const cwd = join(stage.root, stage.workdir);
  log(`==> run ${[...stage.entrypoint, ...stage.cmd].join(' ')} (port ${port}${asUser ? `, uid ${uid}` : ''})`);
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], ...(asUser ? { uid, gid } : {}) });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = exitOf(child);
  const result = { port, uid: asUser ? uid : process.getuid?.(), output: () => output.slice(-4000) };
  try {
    const hc = stage.healthcheck;
    if (hc === undefined) throw new Error('the image has no HEALTHCHECK');
    const [hcCommand, ...hcArgs] = exec(hc.command);
    const deadline = Date.now() + durationMs(hc.flags['start-period'] ?? '0s') + durationMs(hc.flags.interval ?? '30s') * Number(hc.flags.retries ?? 3);
    const timeout = durationMs(hc.flags.timeout ?? '30s');
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the node exited (${child.exitCode}) before it was healthy:\n${output}`);
      const probe = spawnSync(hcCommand, hcArgs, { cwd, env, timeout, ...(asUser ? { uid, gid } : {}) });
      if (probe.status === 0) break;
      if (Date.now() > deadline) throw new Error(`HEALTHCHECK never passed:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    result.healthcheck = 'passed';
    result.health = await httpGet(port, '/health');
    result.ready = await httpGet(port, '/ready');
    if (asUser) result.processUid = Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
    const t0 = Date.now();
    child.kill(stage.stopSignal);
    const killer = setTimeout(() => child.kill('SIGKILL'), 40_000);
    const { code, signal } = await exited;
    clearTimeout(killer);
    result.stop = { signal: stage.stopSignal, exitCode: code, exitSignal: signal, ms: Date.now() - t0 };
    return result;
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

async function main(argv) {
  const install = option(argv, '--install', 'ci');
  if (install !== 'ci' && install !== 'reuse') throw new Error(`--install must be ci or reuse, got ${install}`);
  const scratch = option(argv, '--scratch', undefined) ?? mkdtempSync(join(tmpdir(), 'atlas-image-'));
  const keep = argv.includes('--keep');
  const t0 = Date.now();
  try {
    const steps = parseDockerfile(readFileSync(DOCKERFILE, 'utf8'));
    const stage = buildStages(steps, scratch, install);
    const run = await runContainer(stage);
    const runtime = JSON.parse(readFileSync(join(stage.root, stage.workdir, 'package.json'), 'utf8'));
    const ok = run.healthcheck === 'passed' && run.health.status === 200 && run.stop.exitCode === 0;
    const summary = {
      ok,
      seconds: Math.round((Date.now() - t0) / 100) / 10,
      image: { base: stage.image, user: stage.user, workdir: stage.workdir, exposed: stage.exposed, env: stage.env, stopSignal: stage.stopSignal, entrypoint: stage.entrypoint, healthcheck: stage.healthcheck },
      runtimePackages: Object.keys(runtime.dependencies ?? {}),
      run: { ...run, output: undefined },
    };
    if (!ok) log(run.output());
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return ok ? 0 : 1;
  } finally {
    if (keep) log(`scratch kept in ${scratch}`);
    else rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      log(`image-recipe: ${e.message ?? e}`);
      process.exit(1);
    },
  );
}
