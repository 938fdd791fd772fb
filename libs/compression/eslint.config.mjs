import base, { isomorphic, publishableLib } from '../../eslint.config.mjs';

// The generated snapshots of `./testing` draw from @atlas/common's seeded PRNG.
export default [...base, ...publishableLib({ testingDependencies: ['@atlas/common'] }), ...isomorphic()];
