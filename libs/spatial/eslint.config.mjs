import base, { isomorphic, publishable } from '../../eslint.config.mjs';

// spatial depends on nothing else of ours (its benchmarks may use @atlas/common's PRNG).
export default [...base, ...publishable, ...isomorphic({ leaf: true })];
