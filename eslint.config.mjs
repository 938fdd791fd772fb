// Lint for the whole workspace. Run it through Nx (`nx run-many -t lint`): the
// module-boundaries rule needs the project graph and silently skips without it.
import nx from '@nx/eslint-plugin';
import { builtinModules } from 'node:module';
import * as jsoncParser from 'jsonc-eslint-parser';

/** The globals a Node ES module may use. */
const NODE_GLOBALS = ['process', 'console', 'URL', 'URLSearchParams', 'Buffer', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'queueMicrotask', 'structuredClone', 'fetch', 'AbortController', 'TextEncoder', 'TextDecoder', 'performance', 'globalThis'];

/**
 * fp-ts is imported one way everywhere: `fp-ts/lib/<Module>.js`, which resolves the same
 * under Node's CommonJS, ESM and bundlers (`fp-ts/Either` is a second copy of the module
 * for ESM, so two spellings would mean two Either modules). Every config that sets
 * no-restricted-imports repeats this pattern: a later setting replaces the rule whole.
 */
const ONE_FP_TS = { regex: '^fp-ts(?!/lib/[A-Za-z]+\\.js$)', message: "Import fp-ts as 'fp-ts/lib/<Module>.js' (one spelling, one module instance)." };

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/node_modules', '**/tmp', '**/coverage', '**/*.cjs', '**/*.js'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // Apps build on libs and never import each other; libs never import apps.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'platform:isomorphic', onlyDependOnLibsWithTags: ['platform:isomorphic'] },
            // Layers: the base (@atlas/common) imports nothing of ours; each core lib (spatial,
            // protocol, crypto, compression) only the base, so none depends on another.
            { sourceTag: 'layer:base', notDependOnLibsWithTags: ['type:lib', 'type:app'] },
            { sourceTag: 'layer:core', onlyDependOnLibsWithTags: ['layer:base'] },
            { sourceTag: 'scope:config', notDependOnLibsWithTags: ['type:lib', 'type:app'] },
            // The session pipeline and the node-side services (cluster, provisioning) build
            // on core libs only; the SDKs on those and the session, never on each other.
            { sourceTag: 'layer:session', onlyDependOnLibsWithTags: ['layer:base', 'layer:core'] },
            { sourceTag: 'layer:service', onlyDependOnLibsWithTags: ['layer:base', 'layer:core'] },
            { sourceTag: 'layer:sdk', onlyDependOnLibsWithTags: ['layer:base', 'layer:core', 'layer:session'] },
            { sourceTag: 'layer:sdk', notDependOnLibsWithTags: ['layer:sdk'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [ONE_FP_TS] }],
    },
  },
  {
    // Workspace scripts and lint configs: plain Node ES modules.
    files: ['**/*.mjs'],
    languageOptions: { globals: Object.fromEntries(NODE_GLOBALS.map((name) => [name, 'readonly'])) },
    rules: {
      'no-undef': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
];

const NODE_ONLY = 'Isomorphic libraries run in browsers: no Node built-ins.';

/**
 * Rules for code that must run in a browser (a library, or an app's page script): no
 * Node built-ins, imported or global. Patterns are relative to the project's own
 * eslint.config.mjs. `leaf`: its sources import no other `@atlas` package either (its
 * benchmarks may).
 */
export function isomorphic({ nodeOnly = [], files = ['src/**/*.ts'], leaf = false } = {}) {
  return [
    {
      files,
      ignores: ['**/*.spec.ts', ...nodeOnly],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              ONE_FP_TS,
              { group: ['node:*'], message: NODE_ONLY },
              ...(leaf ? [{ group: ['@atlas/*'], message: 'This library depends on no other Atlas package.' }] : []),
            ],
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

/**
 * Rules for a publishable library: its package.json lists exactly what its sources import.
 * `testingDependencies` names packages only its `./testing` entry imports (the rule reads
 * production sources, which exclude `src/testing`).
 */
export function publishableLib({ testingDependencies = [] } = {}) {
  return [
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
            ignoredDependencies: ['fast-check', ...testingDependencies],
          },
        ],
      },
    },
  ];
}

/** {@link publishableLib} for a library whose `./testing` entry needs nothing beyond fast-check. */
export const publishable = publishableLib();

/**
 * Packages an app's production sources must not import (its tests may: they drive the
 * app as real peers do). `exempt` lists files that still do, each with a TODO where used.
 */
export function forbidInSources(packages, { exempt = [] } = {}) {
  const message = 'Production sources of this app do not import this package (its tests may).';
  return [
    {
      files: ['src/**/*.ts'],
      ignores: ['**/*.spec.ts', 'src/testing/**', ...exempt],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            paths: packages.map((name) => ({ name, message })),
            patterns: [ONE_FP_TS, { group: packages.map((name) => `${name}/*`), message }],
          },
        ],
      },
    },
  ];
}
