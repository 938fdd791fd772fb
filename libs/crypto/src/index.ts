/** @atlas/crypto: public API (filled by a later issue). */
export const PACKAGE_NAME = '@atlas/crypto';
