/** @atlas/protocol/testing: fixed sample messages and fast-check arbitraries for tests. */
export { clientSamples, serverSamples, sampleMove } from './samples';
