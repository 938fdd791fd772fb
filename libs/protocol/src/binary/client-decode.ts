// Client-link binary decoder. Never throws: every failure is a typed ProtocolError.
import * as E from 'fp-ts/lib/Either.js';
import { EnumValues, SyncMode } from '../constants/enums';
import { ClientTypeId } from '../constants/message-types';
import { PROTOCOL_VERSION } from '../constants/version';
import { truncated, unknownType, type ProtocolError } from '../errors';
import type { ClientMessage, ClientSingleMessage, PlayerMove } from '../model/client-messages';
import { ByteReader } from './byte-reader';
import { decodeFrame, readFrame } from './frame-reader';
import { MOVE_HAS_ORIENTATION } from './client-encode';
import { readEnum, readQuat, readVec3f32, readVec3f64 } from './fields';
import type { DecodeOptions, Limits } from './options';

// Decoding is synchronous and never re-entered, so one reader serves every call.
const READER = new ByteReader(new Uint8Array(0));

/** Decodes one client-link binary frame. Byte fields are views into `frame`. */
export function decodeClientMessage(frame: Uint8Array, options?: DecodeOptions): E.Either<ProtocolError, ClientMessage> {
  // The hottest frame skips the general machinery; anything unusual takes the general path.
  if (frame[1] === ClientTypeId.PlayerMove && frame[0] === PROTOCOL_VERSION && options === undefined) {
    const m = moveAt(frame, 2, frame.length);
    if (m !== undefined && frame.length === (m.orientation === undefined ? 51 : 67)) return E.right(m);
  }
  return decodeFrame(READER, frame, options, readClientFrame);
}

/** Reads one client-link frame up to `r.end`; `batchAllowed` is false inside a Batch. */
export function readClientFrame(r: ByteReader, limits: Limits, batchAllowed: boolean): ClientMessage | undefined {
  return readFrame(r, limits, batchAllowed, ClientTypeId.Batch, readClientBody);
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
      if (version < 2) return { type: 'Welcome', version, playerId, sessionId, serverKeyShare, codecs, heartbeatMs, resumeTicket, resumed };
      const nodeSignature = r.bytes16();
      return { type: 'Welcome', version, playerId, sessionId, serverKeyShare, codecs, heartbeatMs, resumeTicket, resumed, nodeSignature };
    }
    case ClientTypeId.PlayerMove: {
      const fast = readMoveFast(r);
      if (fast !== undefined) return fast;
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
      if (version < 2) return { type: 'PlayerAction', seq, channel, tag, data };
      return { type: 'PlayerAction', seq, channel, tag, data, oseq: r.u32() };
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
    case ClientTypeId.Resume: {
      const lastReceivedSeq = r.u32();
      if (version < 2) return { type: 'Resume', lastReceivedSeq };
      return { type: 'Resume', lastReceivedSeq, lastOseq: r.u32() };
    }
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

// seq u32 | timestamp f64 | flags u8 | position 3 x f64 | velocity 3 x f32
const MOVE_FIXED = 49;
// Aligned scratch for the fast path: timestamp and position as f64 [0..3], velocity as f32 [8..10], orientation f32 [11..14].
const MOVE_SCRATCH = new ArrayBuffer(64);
const MOVE_W = new Int32Array(MOVE_SCRATCH);
const MOVE_F64 = new Float64Array(MOVE_SCRATCH);
const MOVE_F32 = new Float32Array(MOVE_SCRATCH);
const HOST_LE = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

function word(b: Uint8Array, p: number): number {
  return (b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16) | ((b[p + 3] as number) << 24);
}

/**
 * The hot path: one bounds check for the whole move, the floats assembled as 32-bit words
 * into an aligned scratch, and one finiteness test for all seven (x * 0 is 0 for every
 * finite x, NaN otherwise). Returns undefined to fall back to the field-by-field reader
 * (orientation, big-endian hosts, every error), so errors keep their exact offsets.
 */
function moveAt(b: Uint8Array, p: number, end: number): PlayerMove | undefined {
  if (!HOST_LE) return undefined;
  const flags = b[p + 12];
  const size = flags === 0 ? MOVE_FIXED : flags === MOVE_HAS_ORIENTATION ? MOVE_FIXED + 16 : 0;
  if (size === 0 || end - p < size) return undefined;
  const w = MOVE_W;
  w[0] = word(b, p + 4);
  w[1] = word(b, p + 8);
  w[2] = word(b, p + 13);
  w[3] = word(b, p + 17);
  w[4] = word(b, p + 21);
  w[5] = word(b, p + 25);
  w[6] = word(b, p + 29);
  w[7] = word(b, p + 33);
  w[8] = word(b, p + 37);
  w[9] = word(b, p + 41);
  w[10] = word(b, p + 45);
  const f = MOVE_F64;
  const g = MOVE_F32;
  const timestamp = f[0] as number;
  const px = f[1] as number;
  const py = f[2] as number;
  const pz = f[3] as number;
  const vx = g[8] as number;
  const vy = g[9] as number;
  const vz = g[10] as number;
  if (timestamp * 0 + px * 0 + py * 0 + pz * 0 + vx * 0 + vy * 0 + vz * 0 !== 0) return undefined;
  const seq = word(b, p) >>> 0;
  if (flags === 0) return { type: 'PlayerMove', seq, timestamp, position: { x: px, y: py, z: pz }, velocity: { x: vx, y: vy, z: vz } };
  w[11] = word(b, p + 49);
  w[12] = word(b, p + 53);
  w[13] = word(b, p + 57);
  w[14] = word(b, p + 61);
  const ox = g[11] as number;
  const oy = g[12] as number;
  const oz = g[13] as number;
  const ow = g[14] as number;
  if (ox * 0 + oy * 0 + oz * 0 + ow * 0 !== 0) return undefined;
  return {
    type: 'PlayerMove',
    seq,
    timestamp,
    position: { x: px, y: py, z: pz },
    velocity: { x: vx, y: vy, z: vz },
    orientation: { x: ox, y: oy, z: oz, w: ow },
  };
}

/** The fast path inside a reader (Batch, Forward, Deliver): advances `r` on success. */
function readMoveFast(r: ByteReader): PlayerMove | undefined {
  if (r.error !== undefined) return undefined;
  const m = moveAt(r.buf, r.pos, r.end);
  if (m !== undefined) r.pos += m.orientation === undefined ? MOVE_FIXED : MOVE_FIXED + 16;
  return m;
}

function readStrings(r: ByteReader, field: string): string[] {
  const at = r.pos;
  const n = r.count(at, r.u8(), 255, 2);
  const out: string[] = [];
  for (let i = 0; i < n && r.error === undefined; i++) out.push(r.string16(field));
  return out;
}
