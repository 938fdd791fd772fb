/** @atlas/protocol: public API (filled by a later issue). */
export const PACKAGE_NAME = '@atlas/protocol';
