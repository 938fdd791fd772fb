/** @atlas/client: public API (filled by a later issue). */
export const PACKAGE_NAME = '@atlas/client';
