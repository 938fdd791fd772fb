// fast-check arbitraries producing only messages the codecs can carry exactly
// (f32 fields hold f32 values, strings are well-formed Unicode, enums are valid).
import fc from 'fast-check';
import { EnumValues, SyncMode } from '../constants/enums';
import { SUPPORTED_VERSIONS } from '../constants/version';

/** Any protocol version this build speaks. */
export const arbVersion = fc.constantFrom(...SUPPORTED_VERSIONS);
import type {
  ClientBatch,
  ClientMessage,
  ClientSingleMessage,
  PlayerMove,
} from '../model/client-messages';
import type { Quat, Vec3 } from '../model/geometry';
import type { DeliverTarget, ServerBatch, ServerMessage, ServerSingleMessage, Traced, TracedMessage } from '../model/server-messages';

/** Any u32. */
export const arbU32 = fc.integer({ min: 0, max: 0xffffffff });
/** Any u16. */
export const arbU16 = fc.integer({ min: 0, max: 0xffff });
/** A player handle (u32, never 0). */
export const arbHandle = fc.integer({ min: 1, max: 0xffffffff });
/** A finite f64. */
export const arbF64 = fc.double({ noNaN: true, noDefaultInfinity: true });
/** A finite f32. */
export const arbF32 = fc.float({ noNaN: true, noDefaultInfinity: true });
/** A short well-formed Unicode string. */
export const arbText = fc.string({ unit: 'binary', maxLength: 24 });
/** Short opaque bytes. */
export const arbBytes = fc.uint8Array({ maxLength: 48 });
/** A position (f64 per axis). */
export const arbPosition: fc.Arbitrary<Vec3> = fc.record({ x: arbF64, y: arbF64, z: arbF64 });
/** A velocity (f32 per axis). */
export const arbVelocity: fc.Arbitrary<Vec3> = fc.record({ x: arbF32, y: arbF32, z: arbF32 });
/** An orientation (f32 per component; not necessarily normalised). */
export const arbQuat: fc.Arbitrary<Quat> = fc.record({ x: arbF32, y: arbF32, z: arbF32, w: arbF32 });

const pick = <T>(values: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...values);

/** Any PlayerMove, with or without orientation. */
export const arbPlayerMove: fc.Arbitrary<PlayerMove> = fc
  .tuple(arbU32, arbF64, arbPosition, arbVelocity, fc.option(arbQuat, { nil: undefined }))
  .map(([seq, timestamp, position, velocity, orientation]) =>
    orientation === undefined
      ? { type: 'PlayerMove', seq, timestamp, position, velocity }
      : { type: 'PlayerMove', seq, timestamp, position, velocity, orientation },
  );

/** Any client-link message except Batch. */
export const arbClientSingle: fc.Arbitrary<ClientSingleMessage> = fc.oneof(
  fc.record({
    type: fc.constant('PlayerConnect' as const),
    version: arbVersion,
    codecs: fc.array(arbText, { maxLength: 5 }),
    token: arbText,
    keyShare: arbBytes,
    resumeTicket: arbText,
  }),
  fc
    .record({
      type: fc.constant('Welcome' as const),
      version: arbVersion,
      playerId: arbText,
      sessionId: arbText,
      serverKeyShare: arbBytes,
      codecs: fc.array(arbText, { maxLength: 3 }),
      heartbeatMs: arbU32,
      resumeTicket: arbText,
      resumed: fc.boolean(),
      nodeSignature: arbBytes,
    })
    // Version 1 has no signature field: it decodes without one.
    .map(({ nodeSignature, ...w }) => (w.version === 1 ? w : { ...w, nodeSignature })),
  arbPlayerMove,
  // oseq is version 2's trailing field: present or absent, both round-trip.
  fc.record(
    {
      type: fc.constant('PlayerAction' as const),
      seq: arbU32,
      channel: pick(EnumValues.actionChannel),
      tag: arbU16,
      data: arbBytes,
      oseq: arbU32,
    },
    { requiredKeys: ['type', 'seq', 'channel', 'tag', 'data'] },
  ),
  fc.record({
    type: fc.constant('ServerTransfer' as const),
    seq: arbU32,
    transferId: arbU32,
    fromServer: arbText,
    toServer: arbText,
    reason: pick(EnumValues.transferReason),
    phase: pick(EnumValues.transferPhase),
  }),
  fc.record({ type: fc.constant('Heartbeat' as const), timestamp: arbF64, echo: arbF64 }),
  fc.oneof(
    fc.record({
      type: fc.constant('StateSync' as const),
      seq: arbU32,
      mode: fc.constant(SyncMode.Full),
      baseSeq: fc.constant(0),
      data: arbBytes,
    }),
    fc.record({
      type: fc.constant('StateSync' as const),
      seq: arbU32,
      mode: fc.constant(SyncMode.Delta),
      baseSeq: arbU32,
      data: arbBytes,
    }),
  ),
  fc.record({ type: fc.constant('Error' as const), code: arbU16, message: arbText }),
  fc.record({ type: fc.constant('Resume' as const), lastReceivedSeq: arbU32, lastOseq: arbU32 }, { requiredKeys: ['type', 'lastReceivedSeq'] }),
  fc.record({ type: fc.constant('Disconnect' as const), code: arbU16, reason: arbText }),
);

/** A Batch of up to six messages from `single` (either link). */
const batchOf = <M>(single: fc.Arbitrary<M>): fc.Arbitrary<{ type: 'Batch'; messages: M[] }> =>
  fc.array(single, { maxLength: 6 }).map((messages) => ({ type: 'Batch', messages }));

/** Mostly single messages, a Batch one time in six (either link). */
const singleOrBatch = <M, B>(single: fc.Arbitrary<M>, batch: fc.Arbitrary<B>): fc.Arbitrary<M | B> =>
  fc.oneof({ arbitrary: single, weight: 5 }, { arbitrary: batch, weight: 1 });

/** A client-link Batch of single messages. */
export const arbClientBatch: fc.Arbitrary<ClientBatch> = batchOf(arbClientSingle);

/** Any client-link message, Batch included. */
export const arbClientMessage: fc.Arbitrary<ClientMessage> = singleOrBatch(arbClientSingle, arbClientBatch);

/** Any Deliver target. */
export const arbDeliverTarget: fc.Arbitrary<DeliverTarget> = fc.oneof(
  arbHandle.map((handle) => ({ kind: 'player' as const, handle })),
  fc.array(arbHandle, { maxLength: 8 }).map((handles) => ({ kind: 'players' as const, handles })),
  arbText.map((regionId) => ({ kind: 'region' as const, regionId })),
  fc
    .tuple(arbPosition, fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }))
    .map(([center, radius]) => ({ kind: 'radius' as const, center, radius })),
);

/** Any server-link message except Batch. */
const arbServerPlain: fc.Arbitrary<Exclude<ServerSingleMessage, Traced>> = fc.oneof(
  fc.record({
    type: fc.constant('LinkHello' as const),
    version: arbVersion,
    nodeId: arbText,
    serverId: arbText,
    nonce: arbBytes,
    proof: arbBytes,
  }),
  fc.record({
    type: fc.constant('LinkWelcome' as const),
    version: arbVersion,
    nodeId: arbText,
    serverId: arbText,
    nonce: arbBytes,
    proof: arbBytes,
    heartbeatMs: arbU32,
  }),
  fc.record(
    {
      type: fc.constant('Attach' as const),
      handle: arbHandle,
      playerId: arbText,
      sessionId: arbText,
      position: arbPosition,
      state: arbBytes,
      claims: arbText,
      replayAfter: arbU32,
    },
    { requiredKeys: ['type', 'handle', 'playerId', 'sessionId', 'position', 'state', 'claims'] },
  ),
  fc.record({ type: fc.constant('Detach' as const), handle: arbHandle, reason: pick(EnumValues.detachReason) }),
  fc.record({ type: fc.constant('Forward' as const), handle: arbHandle, message: arbClientSingle }),
  fc.record({ type: fc.constant('Deliver' as const), target: arbDeliverTarget, exclude: arbU32, message: arbClientSingle }),
  fc.record({
    type: fc.constant('TransferPrepare' as const),
    handle: arbHandle,
    transferId: arbU32,
    role: pick(EnumValues.transferRole),
    playerId: arbText,
    fromServer: arbText,
    toServer: arbText,
    reason: pick(EnumValues.transferReason),
    position: arbPosition,
    claims: arbText,
  }),
  fc.record({ type: fc.constant('TransferState' as const), handle: arbHandle, transferId: arbU32, state: arbBytes }),
  fc.record({ type: fc.constant('TransferAccept' as const), handle: arbHandle, transferId: arbU32 }),
  fc.record({
    type: fc.constant('TransferAbort' as const),
    handle: arbHandle,
    transferId: arbU32,
    reason: pick(EnumValues.abortReason),
  }),
  fc.record({
    type: fc.constant('TransferPreload' as const),
    handle: arbHandle,
    active: fc.boolean(),
    playerId: arbText,
    fromServer: arbText,
    position: arbPosition,
    velocity: arbVelocity,
  }),
  fc.record({
    type: fc.constant('GhostUpdate' as const),
    handle: arbHandle,
    playerId: arbText,
    ownerServer: arbText,
    position: arbPosition,
    velocity: arbVelocity,
    counter: arbU32,
  }),
  fc.record({ type: fc.constant('GhostEnd' as const), handle: arbHandle, reason: pick(EnumValues.ghostEndReason) }),
  fc.record({ type: fc.constant('PeerMessage' as const), handle: arbHandle, fromServer: arbText, tag: arbU16, data: arbBytes }),
  fc.record({
    type: fc.constant('LoadReport' as const),
    players: arbU32,
    tickMs: arbF32,
    memoryBytes: arbF64,
    accepting: fc.boolean(),
  }),
  fc.record({ type: fc.constant('Ping' as const), timestamp: arbF64 }),
  fc.record({ type: fc.constant('Pong' as const), timestamp: arbF64 }),
  fc.record({ type: fc.constant('SeqHandover' as const), handle: arbHandle, seq: arbU32, oseq: arbU32, sessionId: arbText }),
  fc.tuple(arbU32, arbPosition, arbPosition).map(([mapVersion, a, b]) => ({
    type: 'RegionBounds' as const,
    mapVersion,
    min: { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), z: Math.min(a.z, b.z) },
    max: { x: Math.max(a.x, b.x), y: Math.max(a.y, b.y), z: Math.max(a.z, b.z) },
  })),
  fc.record({ type: fc.constant('ForwardAck' as const), acks: fc.array(fc.record({ handle: fc.integer({ min: 1, max: 0xffff_ffff }), seq: fc.integer({ min: 0, max: 0xffff_ffff }) }), { maxLength: 8 }) }),
);

/** A Traced around any message it may carry. */
const arbTraced: fc.Arbitrary<Traced> = fc.record({
  type: fc.constant('Traced' as const),
  traceparent: arbText,
  tracestate: arbText,
  message: arbServerPlain.filter((m): m is TracedMessage => m.type !== 'LinkHello' && m.type !== 'LinkWelcome'),
});

/** Any server-link message but a Batch. */
export const arbServerSingle: fc.Arbitrary<ServerSingleMessage> = fc.oneof({ arbitrary: arbServerPlain, weight: 12 }, { arbitrary: arbTraced, weight: 1 });

/** A server-link Batch of single messages. */
export const arbServerBatch: fc.Arbitrary<ServerBatch> = batchOf(arbServerSingle);

/** Any server-link message, Batch included. */
export const arbServerMessage: fc.Arbitrary<ServerMessage> = singleOrBatch(arbServerSingle, arbServerBatch);
