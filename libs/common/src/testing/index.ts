/** @atlas/common testing helpers, for every project's specs: waiting for a condition. */
export { sleep, until } from './until';
