import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Workspace libs are tested from their sources (tsconfig.base.json paths), not from
// a `dist` that may be stale or not built yet: the test target does not depend on ^build.
const { paths } = JSON.parse(readFileSync(join(__dirname, '../../tsconfig.base.json'), 'utf8')).compilerOptions as {
  paths: Record<string, string[]>;
};

export default {
  displayName: 'atlas-node',
  preset: '../../jest.preset.js',
  rootDir: '.',
  moduleNameMapper: Object.fromEntries(Object.entries(paths).map(([name, [target]]) => [`^${name}$`, join(__dirname, '../..', target ?? '')])),
};
