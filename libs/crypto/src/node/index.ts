/** @atlas/crypto/node: the synchronous node:crypto backend (filled by a later issue). */
export const BACKEND = 'node:crypto';
