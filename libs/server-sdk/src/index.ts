/** @atlas/server-sdk: public API (filled by a later issue). */
export const PACKAGE_NAME = '@atlas/server-sdk';
