// Lint for the whole workspace. Run it through Nx (`nx run-many -t lint`): the
// module-boundaries rule needs the project graph and silently skips without it.
import nx from '@nx/eslint-plugin';
import { builtinModules } from 'node:module';
import * as jsoncParser from 'jsonc-eslint-parser';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/tmp', '**/coverage', '**/*.mjs', '**/*.cjs', '**/*.js'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'platform:isomorphic', onlyDependOnLibsWithTags: ['platform:isomorphic'] },
            { sourceTag: 'scope:spatial', notDependOnLibsWithTags: ['type:lib', 'type:app'] },
            { sourceTag: 'scope:config', notDependOnLibsWithTags: ['type:lib', 'type:app'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
];

const NODE_ONLY = 'Isomorphic libraries run in browsers: no Node built-ins.';

/**
 * Rules for code that must run in a browser (a library, or an app's page script): no
 * Node built-ins, imported or global. Patterns are relative to the project's own
 * eslint.config.mjs.
 */
export function isomorphic({ nodeOnly = [], files = ['src/**/*.ts'] } = {}) {
  return [
    {
      files,
      ignores: ['**/*.spec.ts', ...nodeOnly],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [{ group: ['node:*'], message: NODE_ONLY }],
            paths: builtinModules.map((name) => ({ name, message: NODE_ONLY })),
          },
        ],
        'no-restricted-globals': [
          'error',
          ...['Buffer', 'process', 'require', '__dirname', '__filename', 'global', 'setImmediate'].map((name) => ({
            name,
            message: 'Isomorphic libraries run in browsers: use Uint8Array, globalThis and queueMicrotask.',
          })),
        ],
      },
    },
  ];
}

/** Rules for a publishable library: its package.json lists exactly what its sources import. */
export const publishable = [
  {
    files: ['package.json'],
    languageOptions: { parser: jsoncParser },
    rules: {
      '@nx/dependency-checks': [
        'error',
        {
          ignoredFiles: ['{projectRoot}/**/*.spec.ts', '{projectRoot}/src/testing/**', '{projectRoot}/bench/**', '{projectRoot}/jest.config.ts', '{projectRoot}/eslint.config.mjs'],
          checkVersionMismatches: false,
          // `./testing` entries use fast-check; libraries declare it as an optional peer.
          ignoredDependencies: ['fast-check'],
        },
      ],
    },
  },
];
