// Shared Jest settings for every project. Type checking is the `typecheck`
// target's job, so ts-jest only transpiles here (fast start-up).
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

// Workspace libs are tested from their sources (tsconfig.base.json paths), never
// from a `dist` that may be stale or not built yet (npm workspaces link them too).
const { paths } = JSON.parse(readFileSync(join(__dirname, 'tsconfig.base.json'), 'utf8')).compilerOptions;
const workspaceLibs = Object.fromEntries(
  Object.entries(paths).map(([name, [target]]) => [`^${name.replace(/[/]/g, '\\/')}$`, join(__dirname, target)]),
);

// ES-module-only packages (the Kubernetes client of @atlas/provisioning and its dependencies).
const ESM_ONLY = ['@kubernetes/client-node', 'jsonpath-plus', '@jsep-plugin', 'jsep', 'openid-client', 'jose', 'oauth4webapi', 'rfc4648'];

module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: false }],
    [`node_modules/(${ESM_ONLY.join('|')})/.+\\.m?js$`]: join(__dirname, 'tools/jest/esm-to-cjs.js'),
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleNameMapper: workspaceLibs,
  testResultsProcessor: join(__dirname, 'tools/jest/save-results.js'),
  coverageReporters: ['text-summary', 'html'],
  testTimeout: 20000,
};
