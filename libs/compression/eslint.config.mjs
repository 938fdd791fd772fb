import base, { isomorphic, publishable } from '../../eslint.config.mjs';

export default [...base, ...publishable, ...isomorphic()];
