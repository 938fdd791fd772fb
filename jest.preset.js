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

module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: false }],
  },
  moduleNameMapper: workspaceLibs,
  testResultsProcessor: join(__dirname, 'tools/jest/save-results.js'),
  coverageReporters: ['text-summary', 'html'],
  testTimeout: 20000,
};
