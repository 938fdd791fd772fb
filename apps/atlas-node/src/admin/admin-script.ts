/**
 * The admin page's script, served as `/admin/map.js` (same origin, no CDN, allowed by
 * the page's CSP `script-src 'self'`). Its source is the TypeScript module
 * `browser/map.ts`; the app build bundles it to `admin-map.js` beside `main.js`
 * (package.json `browserScripts`). Run from sources (tests), the node bundles it on
 * first use with the same workspace builder, so both serve the same script.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The bundle's file name next to the app's `main.js`. */
export const ADMIN_SCRIPT_FILE = 'admin-map.js';

let cached: string | undefined;

/** Bundles `browser/map.ts` with tools/build (only when running from the workspace's sources). */
function bundleFromSources(entry: string): string {
  const builder = join(__dirname, '../../../../tools/build/browser-script.cjs');
  // A computed path: the app bundle must not list the workspace's build tools as a dependency.
  const { bundleBrowserScript } = require(builder) as { bundleBrowserScript(entry: string): string };
  return bundleBrowserScript(entry);
}

/** The script text (read or built once per process). Throws when neither the bundle nor the sources exist: a broken install. */
export function adminScript(): string {
  if (cached !== undefined) return cached;
  const built = join(__dirname, ADMIN_SCRIPT_FILE);
  const source = join(__dirname, 'browser', 'map.ts');
  if (existsSync(built)) cached = readFileSync(built, 'utf8');
  else if (existsSync(source)) cached = bundleFromSources(source);
  else throw new Error(`admin script missing: ${built} (rebuild the app)`);
  return cached;
}
