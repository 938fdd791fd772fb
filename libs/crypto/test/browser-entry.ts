// Bundled for headless Chromium by browser-interop.spec.ts: exposes the isomorphic entry
// (and the fp-ts Either helpers) to the page, so the spec can drive it from Node.
import * as E from 'fp-ts/lib/Either.js';
import * as crypto from '../src/index';

(globalThis as unknown as { atlas: unknown }).atlas = { crypto, E };
