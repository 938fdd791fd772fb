// Bundles the browser entries of an app (TypeScript, lib DOM) into classic scripts: an
// IIFE for ES2020 browsers, minified, no source map (pages load them as is). An app
// lists them in its package.json as `browserScripts: { "<file beside main.js>": "<src
// entry>" }`. Used by build.mjs, by the tests' own app bundlers, and by the app itself
// when it runs from sources, so all of them serve the same script.
const { buildSync } = require('esbuild');
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

/** The script text for `entry`. */
function bundleBrowserScript(entry) {
  const result = buildSync({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

/** Writes every `browserScripts` entry of the app at `appRoot` into `outdir` (beside its main.js). */
function writeBrowserScripts(appRoot, outdir) {
  const manifest = join(appRoot, 'package.json');
  if (!existsSync(manifest)) return;
  const scripts = JSON.parse(readFileSync(manifest, 'utf8')).browserScripts ?? {};
  for (const [file, entry] of Object.entries(scripts)) writeFileSync(join(outdir, file), bundleBrowserScript(join(appRoot, entry)));
}

module.exports = { bundleBrowserScript, writeBrowserScripts };
