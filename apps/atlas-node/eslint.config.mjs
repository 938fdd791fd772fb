import base, { isomorphic } from '../../eslint.config.mjs';

// The admin page's script runs in the browser (built by tools/build, typed by tsconfig.browser.json).
export default [...base, ...isomorphic({ files: ['src/admin/browser/**/*.ts'] })];
