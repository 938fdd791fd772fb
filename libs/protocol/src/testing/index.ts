/** @atlas/protocol/testing: fixed sample messages and fast-check arbitraries for tests. */
export { clientSamples, serverSamples, sampleMove } from './samples';
export {
  arbU32,
  arbU16,
  arbHandle,
  arbF64,
  arbF32,
  arbText,
  arbBytes,
  arbPosition,
  arbVelocity,
  arbQuat,
  arbPlayerMove,
  arbClientSingle,
  arbClientBatch,
  arbClientMessage,
  arbDeliverTarget,
  arbServerSingle,
  arbServerBatch,
  arbServerMessage,
} from './arbitraries';
