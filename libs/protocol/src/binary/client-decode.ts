// Client-link binary decoder. Never throws: every failure is a typed ProtocolError.
import * as E from 'fp-ts/Either';
import { EnumValues, SyncMode } from '../constants/enums';
import { ClientTypeId } from '../constants/message-types';
import { isSupportedVersion } from '../constants/version';
import { invalidField, oversize, truncated, unknownType, unsupportedVersion, type ProtocolError } from '../errors';
import type { ClientMessage, ClientSingleMessage } from '../model/client-messages';
import { ByteReader } from './byte-reader';
import { MOVE_HAS_ORIENTATION } from './client-encode';
import { readEnum, readQuat, readVec3f32, readVec3f64 } from './fields';
import { limitsOf, type DecodeOptions, type Limits } from './options';

/** Decodes one client-link binary frame. Byte fields are views into `frame`. */
export function decodeClientMessage(frame: Uint8Array, options?: DecodeOptions): E.Either<ProtocolError, ClientMessage> {
  const limits = limitsOf(options);
  if (frame.length > limits.maxFrameBytes) return E.left(oversize(0, frame.length, limits.maxFrameBytes));
  const r = new ByteReader(frame);
  const m = readClientFrame(r, limits, true);
  r.expectEnd();
  return r.error === undefined ? E.right(m as ClientMessage) : E.left(r.error);
}

/** Reads `u8 version | u8 type | body` up to `r.end`; `batchAllowed` is false inside a Batch. */
export function readClientFrame(r: ByteReader, limits: Limits, batchAllowed: boolean): ClientMessage | undefined {
  const version = r.u8();
  if (r.error !== undefined) return undefined;
  if (!isSupportedVersion(version)) {
    r.fail(unsupportedVersion(r.pos - 1, version));
    return undefined;
  }
  const typeAt = r.pos;
  const typeId = r.u8();
  if (r.error !== undefined) return undefined;
  if (typeId === ClientTypeId.Batch && !batchAllowed) {
    r.fail(invalidField(typeAt, 'type', 'a Batch cannot contain a Batch'));
    return undefined;
  }
  return readClientBody(r, typeId, version, typeAt, limits);
}

/** Reads the body of a client-link message whose header was already read (also used by the JSON codec). */
export function readClientBody(
  r: ByteReader,
  typeId: number,
  version: number,
  typeAt: number,
  limits: Limits,
): ClientMessage | undefined {
  switch (typeId) {
    case ClientTypeId.PlayerConnect: {
      const codecs = readStrings(r, 'codecs');
      const token = r.string16('token');
      const keyShare = r.bytes16();
      const resumeTicket = r.string16('resumeTicket');
      return { type: 'PlayerConnect', version, codecs, token, keyShare, resumeTicket };
    }
    case ClientTypeId.Welcome: {
      const playerId = r.string16('playerId');
      const sessionId = r.string16('sessionId');
      const serverKeyShare = r.bytes16();
      const codecs = readStrings(r, 'codecs');
      const heartbeatMs = r.u32();
      const resumeTicket = r.string16('resumeTicket');
      const resumed = r.bool('resumed');
      return { type: 'Welcome', playerId, sessionId, serverKeyShare, codecs, heartbeatMs, resumeTicket, resumed };
    }
    case ClientTypeId.PlayerMove: {
      const seq = r.u32();
      const timestamp = r.finite64('timestamp');
      const flagsAt = r.pos;
      const flags = r.u8();
      if ((flags & ~MOVE_HAS_ORIENTATION) !== 0) r.invalid(flagsAt, 'flags', `unknown flag bits ${flags}`);
      const position = readVec3f64(r, 'position');
      const velocity = readVec3f32(r, 'velocity');
      if ((flags & MOVE_HAS_ORIENTATION) === 0) return { type: 'PlayerMove', seq, timestamp, position, velocity };
      const orientation = readQuat(r, 'orientation');
      return { type: 'PlayerMove', seq, timestamp, position, velocity, orientation };
    }
    case ClientTypeId.PlayerAction: {
      const seq = r.u32();
      const channel = readEnum(r, 'channel', EnumValues.actionChannel);
      const tag = r.u16();
      const data = r.bytes32();
      return { type: 'PlayerAction', seq, channel, tag, data };
    }
    case ClientTypeId.ServerTransfer: {
      const seq = r.u32();
      const transferId = r.u32();
      const fromServer = r.string16('fromServer');
      const toServer = r.string16('toServer');
      const reason = readEnum(r, 'reason', EnumValues.transferReason);
      const phase = readEnum(r, 'phase', EnumValues.transferPhase);
      return { type: 'ServerTransfer', seq, transferId, fromServer, toServer, reason, phase };
    }
    case ClientTypeId.Heartbeat: {
      const timestamp = r.finite64('timestamp');
      const echo = r.finite64('echo');
      return { type: 'Heartbeat', timestamp, echo };
    }
    case ClientTypeId.StateSync: {
      const seq = r.u32();
      const mode = readEnum(r, 'mode', EnumValues.syncMode);
      const baseAt = r.pos;
      const baseSeq = r.u32();
      if (mode === SyncMode.Full && baseSeq !== 0) r.invalid(baseAt, 'baseSeq', 'a full snapshot has baseSeq 0');
      const data = r.bytes32();
      return { type: 'StateSync', seq, mode, baseSeq, data };
    }
    case ClientTypeId.Error: {
      const code = r.u16();
      const message = r.string16('message');
      return { type: 'Error', code, message };
    }
    case ClientTypeId.Resume:
      return { type: 'Resume', lastReceivedSeq: r.u32() };
    case ClientTypeId.Disconnect: {
      const code = r.u16();
      const reason = r.string16('reason');
      return { type: 'Disconnect', code, reason };
    }
    case ClientTypeId.Batch: {
      const messages = readBatchOf(r, limits, (inner) => readClientFrame(inner, limits, false) as ClientSingleMessage);
      return { type: 'Batch', messages };
    }
    default:
      r.fail(unknownType(typeAt, typeId));
      return undefined;
  }
}

/** Reads `u16 count` then `count` x (`u32 length | frame`), each frame exactly filling its length. */
export function readBatchOf<M>(r: ByteReader, limits: Limits, readFrame: (r: ByteReader) => M | undefined): M[] {
  const countAt = r.pos;
  const n = r.count(countAt, r.u16(), limits.maxBatchMessages, 6);
  const out: M[] = [];
  for (let i = 0; i < n && r.error === undefined; i++) {
    const m = readNested(r, readFrame);
    if (m !== undefined) out.push(m);
  }
  return out;
}

/** Reads `u32 length | frame`, decoding the frame within exactly that many bytes. */
export function readNested<M>(r: ByteReader, readFrame: (r: ByteReader) => M | undefined): M | undefined {
  const len = r.u32();
  if (r.error !== undefined) return undefined;
  if (len > r.remaining) {
    r.fail(truncated(r.pos, len - r.remaining));
    return undefined;
  }
  const outerEnd = r.end;
  r.end = r.pos + len;
  const m = readFrame(r);
  r.expectEnd();
  r.end = outerEnd;
  return m;
}

function readStrings(r: ByteReader, field: string): string[] {
  const at = r.pos;
  const n = r.count(at, r.u8(), 255, 2);
  const out: string[] = [];
  for (let i = 0; i < n && r.error === undefined; i++) out.push(r.string16(field));
  return out;
}
