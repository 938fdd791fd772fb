// Shared Jest settings for every project. Type checking is the `typecheck`
// target's job, so ts-jest only transpiles here (fast start-up).
const { join } = require('node:path');

module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: false }],
  },
  resolver: '@nx/jest/plugins/resolver',
  testResultsProcessor: join(__dirname, 'tools/jest/save-results.js'),
  coverageReporters: ['text-summary', 'html'],
  testTimeout: 20000,
};
