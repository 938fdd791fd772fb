export { Emitter } from './emitter';
export type { EventMap } from './emitter';
export { backoffDelay } from './backoff';
export { seededRandom } from './seeded-random';
export type { Random } from './seeded-random';
export { encodeBase64, decodeBase64, encodeBase64url, decodeBase64url } from './base64';
export { readU32LE, writeU32LE } from './u32';
