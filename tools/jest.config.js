// Workspace-level tests (lint boundaries, published packages). They need every
// project built, so `npm test` runs them after the Nx targets.
const preset = require('../jest.preset.js');

module.exports = {
  ...preset,
  displayName: 'workspace',
  rootDir: '.',
  testMatch: ['<rootDir>/**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: false }],
  },
  testTimeout: 240000,
};
