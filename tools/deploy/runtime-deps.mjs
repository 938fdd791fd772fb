#!/usr/bin/env node
// The production dependencies of the app bundles, worked out from the bundles
// themselves: every package a bundle can load (require(), import(), require.resolve()
// found by esbuild's parser, not by guessing), closed over the package-lock, and copied
// with the lock's layout from an installed node_modules. The Docker image's runtime
// stage is exactly this output, and tools/deploy/image-recipe.mjs runs the same step.
//
//   node tools/deploy/runtime-deps.mjs --out DIR BUNDLE...   # write DIR (see below)
//   node tools/deploy/runtime-deps.mjs --list BUNDLE...      # print {packages, closure} as JSON
//
// DIR receives package.json (the direct packages, pinned to the installed versions),
// node_modules/ (the closure, nothing else) and every BUNDLE's dist folder (the bundle,
// its .map and the files it serves) at its path relative to the workspace, so
// `apps/<app>/dist/main.js` keeps its neighbours.
import { build } from 'esbuild';
import { builtinModules } from 'node:module';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const BUILTINS = new Set(builtinModules);

/** `fp-ts/lib/Either.js` -> `fp-ts`, `@iarna/toml` -> `@iarna/toml`; null for builtins and paths. */
export function packageName(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return null;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return BUILTINS.has(name) ? null : name;
}

/** The packages one bundle loads at run time, with the kinds of load seen (sorted by name). */
export async function bundleImports(bundle) {
  const seen = new Map();
  await build({
    entryPoints: [bundle],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    logLevel: 'silent',
    plugins: [
      {
        name: 'record-externals',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => {
            if (args.kind === 'entry-point') return undefined;
            const name = packageName(args.path);
            if (name !== null) seen.set(name, [...new Set([...(seen.get(name) ?? []), args.kind])]);
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  return new Map([...seen].sort(([a], [b]) => a.localeCompare(b)));
}

/** Where Node finds `name` from the package installed at `from` ('' is the root), per the lock. */
function locate(packages, from, name) {
  let base = from;
  for (;;) {
    const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (packages[candidate] !== undefined) return candidate;
    if (base === '') return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut < 0 ? '' : base.slice(0, cut);
  }
}

/**
 * Every lock location the direct `names` need at run time: dependencies, installed
 * optional dependencies, and non-optional peers. Throws when a required one is missing.
 */
export function closure(lock, names, workspace) {
  const packages = lock.packages;
  const found = new Set();
  const queue = [];
  const need = (from, name, required, why) => {
    const at = locate(packages, from, name);
    const installed = at !== undefined && existsSync(join(workspace, at, 'package.json'));
    if (!installed) {
      if (required) throw new Error(`${name} (needed by ${why}) is not installed: run npm ci first`);
      return;
    }
    if (packages[at].link === true) throw new Error(`${name} is a workspace link (${packages[at].resolved}); bundles must inline workspace libraries`);
    if (!found.has(at)) {
      found.add(at);
      queue.push(at);
    }
  };
  for (const name of names) need('', name, true, 'a bundle');
  while (queue.length > 0) {
    const at = queue.shift();
    const entry = packages[at];
    for (const dep of Object.keys(entry.dependencies ?? {})) need(at, dep, true, at);
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) need(at, dep, false, at);
    for (const dep of Object.keys(entry.peerDependencies ?? {})) need(at, dep, entry.peerDependenciesMeta?.[dep]?.optional !== true, at);
  }
  return [...found].sort();
}

/** The dependency spec that reinstalls exactly what is at `node_modules/<name>` (aliases kept). */
function pinnedSpec(workspace, name) {
  const manifest = JSON.parse(readFileSync(join(workspace, 'node_modules', name, 'package.json'), 'utf8'));
  return manifest.name === name ? manifest.version : `npm:${manifest.name}@${manifest.version}`;
}

/** Native binaries for other platforms and Node ABIs are dead weight in an image. */
const PRUNE = {
  'node_modules/uWebSockets.js': (dir) => {
    const keep = `uws_${process.platform}_${process.arch}_${process.versions.modules}.node`;
    if (!existsSync(join(dir, 'binaries', keep))) throw new Error(`uWebSockets.js has no ${keep}: this platform or Node version is not supported`);
    // src/uws.js loads binaries/<keep>; the copies in dist/ are build leftovers nothing loads.
    for (const sub of ['binaries', 'dist']) {
      for (const file of readdirSync(join(dir, sub))) if (file.endsWith('.node') && !(sub === 'binaries' && file === keep)) rmSync(join(dir, sub, file));
    }
  },
};

function sizeOf(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

/** Writes the runtime tree into `out`; returns what it wrote. */
export async function writeRuntime({ workspace, bundles, out }) {
  const lock = JSON.parse(readFileSync(join(workspace, 'package-lock.json'), 'utf8'));
  const direct = new Set();
  for (const bundle of bundles) for (const name of (await bundleImports(bundle)).keys()) direct.add(name);
  const names = [...direct].sort();
  const locations = closure(lock, names, workspace);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const at of locations) {
    // Nested node_modules are copied as their own closure entries, so nothing unneeded rides along.
    cpSync(join(workspace, at), join(out, at), {
      recursive: true,
      filter: (src) => relative(join(workspace, at), src).split(/[\\/]/)[0] !== 'node_modules',
    });
    PRUNE[at]?.(join(out, at));
  }
  for (const bundle of bundles) {
    const rel = relative(workspace, resolve(bundle));
    if (rel.startsWith('..')) throw new Error(`${bundle} is outside the workspace`);
    mkdirSync(dirname(join(out, rel)), { recursive: true });
    // The bundle's whole dist folder: its source map and the files it serves (atlas-node's admin-map.js).
    cpSync(dirname(resolve(bundle)), dirname(join(out, rel)), { recursive: true });
  }
  const root = JSON.parse(readFileSync(join(workspace, 'package.json'), 'utf8'));
  const manifest = {
    name: 'atlas-runtime',
    version: root.version,
    private: true,
    description: 'Atlas app bundles and the packages they load (written by tools/deploy/runtime-deps.mjs).',
    license: root.license,
    engines: root.engines,
    dependencies: Object.fromEntries(names.map((name) => [name, pinnedSpec(workspace, name)])),
  };
  writeFileSync(join(out, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { packages: names, closure: locations, bytes: sizeOf(join(out, 'node_modules')) };
}

async function main(argv) {
  const list = argv.includes('--list');
  const outAt = argv.indexOf('--out');
  const out = outAt >= 0 ? argv[outAt + 1] : undefined;
  const bundles = argv.filter((a, i) => !a.startsWith('--') && (outAt < 0 || i !== outAt + 1));
  if (bundles.length === 0 || (!list && out === undefined)) {
    process.stderr.write('usage: runtime-deps.mjs (--out DIR | --list) BUNDLE...\n');
    return 2;
  }
  const workspace = process.cwd();
  for (const bundle of bundles) if (!existsSync(bundle)) throw new Error(`${bundle} does not exist: build the apps first`);
  if (list) {
    const lock = JSON.parse(readFileSync(join(workspace, 'package-lock.json'), 'utf8'));
    const imports = {};
    for (const bundle of bundles) imports[bundle] = Object.fromEntries(await bundleImports(bundle));
    const names = [...new Set(Object.values(imports).flatMap((m) => Object.keys(m)))].sort();
    process.stdout.write(`${JSON.stringify({ packages: names, imports, closure: closure(lock, names, workspace) }, null, 2)}\n`);
    return 0;
  }
  const r = await writeRuntime({ workspace, bundles, out });
  process.stderr.write(`runtime-deps: ${r.packages.length} packages loaded by the bundles (${r.packages.join(', ')}), ${r.closure.length} with their dependencies, ${(r.bytes / 1048576).toFixed(1)} MiB -> ${out}\n`);
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`runtime-deps: ${e.message ?? e}\n`);
      process.exit(1);
    },
  );
}
