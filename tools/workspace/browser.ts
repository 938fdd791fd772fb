import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { WORKSPACE } from './scratch-workspace';

/** Debian's Chromium; `.ci/run` installs it (playwright's own download cannot run here). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that keep headless Chromium off the network on these machines. */
const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: QUIET_FLAGS });
}

/**
 * Bundles a browser entry (TypeScript, importing `@atlas/*` from source) into one
 * script for a page. The bundle fails if anything pulls in a Node built-in, which
 * is itself part of what browser tests prove.
 */
export async function bundleForBrowser(entry: string): Promise<string> {
  const paths = JSON.parse(readFileSync(join(WORKSPACE, 'tsconfig.base.json'), 'utf8')).compilerOptions.paths as Record<string, string[]>;
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
    plugins: [
      {
        name: 'workspace-libs',
        setup(b) {
          b.onResolve({ filter: /^@atlas\// }, (args) => ({ path: join(WORKSPACE, (paths[args.path] ?? [args.path])[0] as string) }));
        },
      },
    ],
  });
  return result.outputFiles[0]?.text ?? '';
}
