import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The root of this workspace (tools/workspace -> ../..). */
export const WORKSPACE = join(__dirname, '../..');

const ROOT_FILES = ['nx.json', 'package.json', 'package-lock.json', 'tsconfig.base.json', 'eslint.config.mjs', 'jest.preset.js', 'tools/project.json', 'tools/eslint.config.mjs'];
const PROJECT_FILES = ['project.json', 'package.json', 'eslint.config.mjs', 'tsconfig.json', 'tsconfig.lib.json', 'tsconfig.spec.json'];

/**
 * A throw-away copy of the workspace's configuration and project skeletons
 * (each project with an empty `src/index.ts`), sharing node_modules by symlink.
 * Lint experiments run there, so they never disturb the real sources.
 */
export function scratchWorkspace(): { root: string; write(path: string, text: string): void; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'atlas-scratch-'));
  for (const file of ROOT_FILES) cpSync(join(WORKSPACE, file), join(root, file), { recursive: true });
  symlinkSync(join(WORKSPACE, 'node_modules'), join(root, 'node_modules'), 'dir');
  for (const group of ['libs', 'apps']) {
    for (const project of readdirSync(join(WORKSPACE, group))) {
      for (const file of PROJECT_FILES) cpSync(join(WORKSPACE, group, project, file), join(root, group, project, file));
      write(`${group}/${project}/src/index.ts`, 'export {};\n');
    }
  }
  function write(path: string, text: string): void {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return { root, write, remove: () => rmSync(root, { recursive: true, force: true }) };
}
