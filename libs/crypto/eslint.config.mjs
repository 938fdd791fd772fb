import base, { isomorphic, publishable } from '../../eslint.config.mjs';

// The node:crypto backend is the one place this library may use Node.
export default [...base, ...publishable, ...isomorphic({ nodeOnly: ['src/node/**'] })];
