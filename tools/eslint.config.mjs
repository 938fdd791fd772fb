import base from '../eslint.config.mjs';

// Workspace scripts, benchmarks and workspace tests. They drive apps and libs from the
// outside and reach into apps' sources by path on purpose, so the module-boundary rule,
// which is about how projects depend on each other, does not apply here.
export default [...base, { files: ['**/*.ts'], rules: { '@nx/enforce-module-boundaries': 'off' } }];
