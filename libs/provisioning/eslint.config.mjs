import base, { publishable } from '../../eslint.config.mjs';

export default [...base, ...publishable];
