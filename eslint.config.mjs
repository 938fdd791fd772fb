// Lint for the whole workspace. Run it through Nx (`nx run-many -t lint`): the
// module-boundaries rule needs the project graph and silently skips without it.
import nx from '@nx/eslint-plugin';
import { builtinModules } from 'node:module';

/** Libraries that must run in a browser: no Node built-ins, no Node globals. */
const isomorphicSources = ['protocol', 'crypto', 'compression', 'spatial', 'client'].map(
  (lib) => `libs/${lib}/src/**/*.ts`,
);

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
  {
    files: isomorphicSources,
    ignores: ['**/*.spec.ts', 'libs/crypto/src/node/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['node:*'], message: 'Isomorphic libraries run in browsers: no Node built-ins.' }],
          paths: builtinModules.map((name) => ({
            name,
            message: 'Isomorphic libraries run in browsers: no Node built-ins.',
          })),
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
  {
    files: ['libs/*/package.json'],
    languageOptions: { parser: await import('jsonc-eslint-parser') },
    rules: {
      '@nx/dependency-checks': [
        'error',
        {
          ignoredFiles: ['{projectRoot}/**/*.spec.ts', '{projectRoot}/src/testing/**', '{projectRoot}/jest.config.ts', '{projectRoot}/eslint.config.mjs'],
          checkVersionMismatches: false,
        },
      ],
    },
  },
];
