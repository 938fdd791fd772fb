// Builds one project. A library (its package.json has `exports`) becomes an
// unbundled ESM + CommonJS tree with declarations in `<lib>/dist`, so every
// source module stays one module for consumers (no duplicated classes across
// entry points). An app becomes one bundled `dist/main.js` with npm packages
// left external (uWebSockets.js is native), plus one minified browser script per
// `browserScripts` entry of its package.json (`{ "dist file": "src entry" }`).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import browserScript from './browser-script.cjs';

const root = resolve(process.argv[2] ?? '.');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });

if (pkg.exports) await buildLibrary();
else await buildApp();

async function buildLibrary() {
  const entryPoints = sourceFiles(join(root, 'src'));
  // dist/module is the ESM tree bundlers take (export condition `module`): the same code
  // with fp-ts's ES modules, so they tree-shake it. Node keeps dist/*.mjs and fp-ts/lib
  // (fp-ts 2.16's es6/ files import without extensions, which Node's ESM loader refuses).
  for (const [format, ext, outdir, esModules] of [['esm', '.mjs', dist, false], ['cjs', '.cjs', dist, false], ['esm', '.mjs', join(dist, 'module'), true]]) {
    await build({
      entryPoints,
      outdir,
      outbase: join(root, 'src'),
      format,
      outExtension: { '.js': ext },
      platform: 'neutral',
      target: 'es2022',
      bundle: true,
      sourcemap: true,
      logLevel: 'warning',
      plugins: [keepModulesApart(ext, esModules)],
    });
  }
  // Declarations: other @atlas libs resolve through node_modules (npm workspaces) to
  // their built `.d.ts`, never to their sources, so each lib's output stays its own.
  const tsconfig = join(root, 'tmp', 'tsconfig.declarations.json');
  mkdirSync(dirname(tsconfig), { recursive: true });
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: '../tsconfig.lib.json',
      compilerOptions: { paths: {}, noEmit: false, emitDeclarationOnly: true, outDir: '../dist', rootDir: '../src' },
    }),
  );
  const tsc = fileURLToPath(import.meta.resolve('typescript/bin/tsc'));
  execFileSync(process.execPath, [tsc, '-p', tsconfig], { stdio: 'inherit' });
  rmSync(join(root, 'tmp'), { recursive: true, force: true });
  conditionDeclarations(dist);
}

/**
 * Beside every `.d.ts` (what node10 resolution and old tools read), a `.d.mts` for the
 * `import` condition and a `.d.cts` for `require`, whose relative imports name the
 * sibling `.mjs`/`.cjs` file. Under node16/nodenext a `.d.ts` in a package without
 * `"type": "module"` describes CommonJS, so ESM consumers need their own declarations.
 */
function conditionDeclarations(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      conditionDeclarations(path);
      continue;
    }
    if (!name.endsWith('.d.ts')) continue;
    const text = readFileSync(path, 'utf8');
    for (const ext of ['.mjs', '.cjs']) {
      const rewritten = text.replace(/((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]*)(['"])/g, (_, head, spec, tail) => {
        const target = resolve(dir, spec);
        const file = existsSync(`${target}.d.ts`) ? spec : `${spec}/index`;
        return `${head}${file}${ext}${tail}`;
      });
      writeFileSync(path.replace(/\.d\.ts$/, ext === '.mjs' ? '.d.mts' : '.d.cts'), rewritten);
    }
  }
}

async function buildApp() {
  await build({
    entryPoints: [join(root, 'src/main.ts')],
    outfile: join(dist, 'main.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    packages: 'external',
    // Runnable as the package's bin (`npx atlas-load`).
    banner: { js: '#!/usr/bin/env node' },
    // Workspace libraries are bundled from source; only npm packages stay external.
    plugins: [bundleWorkspaceLibs()],
    tsconfig: resolve('tsconfig.base.json'),
    logLevel: 'warning',
  });
  browserScript.writeBrowserScripts(root, dist);
}

/** Rewrites relative imports to the sibling output file and keeps packages external (fp-ts/lib -> fp-ts/es6 with `esModules`). */
function keepModulesApart(ext, esModules) {
  return {
    name: 'keep-modules-apart',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        if (esModules && args.path.startsWith('fp-ts/lib/')) return { path: `fp-ts/es6/${args.path.slice('fp-ts/lib/'.length)}`, external: true };
        if (!args.path.startsWith('.')) return { path: args.path, external: true };
        const target = resolve(args.resolveDir, args.path);
        const file = existsSync(`${target}.ts`) ? args.path : `${args.path}/index`;
        return { path: `${file}${ext}`, external: true };
      });
    },
  };
}

function bundleWorkspaceLibs() {
  const paths = JSON.parse(readFileSync('tsconfig.base.json', 'utf8')).compilerOptions.paths;
  return {
    name: 'bundle-workspace-libs',
    setup(b) {
      b.onResolve({ filter: /^@atlas\// }, (args) => {
        const mapped = paths[args.path]?.[0];
        if (!mapped) return { errors: [{ text: `unknown workspace import ${args.path}` }] };
        return { path: resolve(mapped) };
      });
    },
  };
}

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}
