/** @atlas/compression testing helpers: generated game-state snapshots for tests and benchmarks. */
export {
  ENTITY_RECORD_BYTES,
  SNAPSHOT_HEADER_BYTES,
  advanceSnapshot,
  entityCountOf,
  generateSnapshot,
  insertEntities,
  removeEntities,
  snapshotOfSize,
} from './game-state';
export { anyPayload, applyEdits, bytesEqual, edits, randomBytes, redundantBytes, snapshotBytes } from './arbitraries';
export type { Edit } from './arbitraries';
