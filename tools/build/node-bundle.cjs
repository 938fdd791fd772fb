// Bundles a TypeScript entry (an app's main, a test's child process, a benchmark) into
// one CommonJS file for Node: `@atlas/*` from the workspace sources, npm packages left
// external, as the app build does. The tests' process helpers and the benchmark runner
// all bundle this way, so a child process or a benchmark runs the same code an app would.
const { build } = require('esbuild');
const { readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { writeBrowserScripts } = require('./browser-script.cjs');

const WORKSPACE = join(__dirname, '..', '..');

/** Resolves `@atlas/*` to the workspace sources, as tsconfig.base.json maps them. */
function workspaceLibs() {
  const paths = JSON.parse(readFileSync(join(WORKSPACE, 'tsconfig.base.json'), 'utf8')).compilerOptions.paths;
  return {
    name: 'workspace-libs',
    setup(b) {
      b.onResolve({ filter: /^@atlas\// }, (args) => {
        const mapped = paths[args.path]?.[0];
        return mapped === undefined ? { errors: [{ text: `unknown workspace import ${args.path}` }] } : { path: join(WORKSPACE, mapped) };
      });
    },
  };
}

/**
 * Bundles `entry` (absolute) to `outfile`; `options` are more esbuild options (e.g.
 * sourcemap, logLevel). An app's `src/main.ts` also gets the app's browser scripts
 * beside the bundle (atlas-node's admin-map.js), as in the app's own build.
 */
async function bundleForNode(entry, outfile, options = {}) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'error',
    ...options,
    plugins: [workspaceLibs()],
  });
  if (entry.endsWith(join('src', 'main.ts'))) writeBrowserScripts(dirname(dirname(entry)), dirname(outfile));
}

module.exports = { bundleForNode, WORKSPACE };
