// Bundles a browser entry of an app (TypeScript, lib DOM) into one classic script: an
// IIFE for ES2020 browsers, minified, no source map (pages load it as is). Used by
// build.mjs for an app's `browserScripts`, and by the app itself when it runs from
// sources (tests), so both serve the same bytes.
const { buildSync } = require('esbuild');

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

module.exports = { bundleBrowserScript };
