// Client-link binary encoder: `u8 version | u8 type | body`, little-endian, into a reused writer.
import { ClientTypeId } from '../constants/message-types';
import { LATEST_VERSION, PROTOCOL_VERSION } from '../constants/version';
import type { ClientMessage, PlayerMove } from '../model/client-messages';
import { ByteWriter } from './byte-writer';

const EMPTY = new Uint8Array(0);

/** Bit 0 of PlayerMove's flags byte: an orientation follows the velocity. */
export const MOVE_HAS_ORIENTATION = 1;

/** Appends one complete client-link frame for `m` to `w` (nothing is reset). */
export function writeClientMessage(w: ByteWriter, m: ClientMessage): void {
  if (m.type === 'PlayerMove') {
    writeMove(w, m);
    return;
  }
  w.u8(clientHeaderVersion(m));
  w.u8(ClientTypeId[m.type]);
  switch (m.type) {
    case 'PlayerConnect':
      writeStrings(w, m.codecs);
      w.string16(m.token);
      w.bytes16(m.keyShare);
      w.string16(m.resumeTicket);
      return;
    case 'Welcome':
      w.string16(m.playerId);
      w.string16(m.sessionId);
      w.bytes16(m.serverKeyShare);
      writeStrings(w, m.codecs);
      w.u32(m.heartbeatMs);
      w.string16(m.resumeTicket);
      w.u8(m.resumed ? 1 : 0);
      if (m.version >= 2) w.bytes16(m.nodeSignature ?? EMPTY);
      return;
    case 'PlayerAction':
      w.u32(m.seq);
      w.u8(m.channel);
      w.u16(m.tag);
      w.bytes32(m.data);
      if (m.oseq !== undefined) w.u32(m.oseq);
      return;
    case 'ServerTransfer':
      w.u32(m.seq);
      w.u32(m.transferId);
      w.string16(m.fromServer);
      w.string16(m.toServer);
      w.u8(m.reason);
      w.u8(m.phase);
      return;
    case 'Heartbeat':
      w.f64(m.timestamp);
      w.f64(m.echo);
      return;
    case 'StateSync':
      w.u32(m.seq);
      w.u8(m.mode);
      w.u32(m.baseSeq);
      w.bytes32(m.data);
      return;
    case 'Error':
      w.u16(m.code);
      w.string16(m.message);
      return;
    case 'Resume':
      w.u32(m.lastReceivedSeq);
      if (m.lastOseq !== undefined) w.u32(m.lastOseq);
      return;
    case 'Disconnect':
      w.u16(m.code);
      w.string16(m.reason);
      return;
    case 'Batch':
      writeBatchOf(w, m.messages, writeClientMessage);
      return;
  }
}

/**
 * The header byte of `m`: the handshakes carry the session's version; a PlayerAction with
 * an `oseq` and a Resume with a `lastOseq` have version 2's layout; everything else 1.
 */
export function clientHeaderVersion(m: ClientMessage): number {
  switch (m.type) {
    case 'PlayerConnect':
    case 'Welcome':
      return m.version;
    case 'PlayerAction':
      return m.oseq === undefined ? PROTOCOL_VERSION : LATEST_VERSION;
    case 'Resume':
      return m.lastOseq === undefined ? PROTOCOL_VERSION : LATEST_VERSION;
    default:
      return PROTOCOL_VERSION;
  }
}

/** The hot path: a PlayerMove frame with one capacity check and fixed offsets. */
function writeMove(w: ByteWriter, m: PlayerMove): void {
  const o = m.orientation;
  const at = w.reserve(o === undefined ? 51 : 67);
  const dv = w.dataView;
  const { position: p, velocity: v } = m;
  dv.setUint8(at, PROTOCOL_VERSION);
  dv.setUint8(at + 1, ClientTypeId.PlayerMove);
  dv.setUint32(at + 2, m.seq, true);
  dv.setFloat64(at + 6, m.timestamp, true);
  dv.setUint8(at + 14, o === undefined ? 0 : MOVE_HAS_ORIENTATION);
  dv.setFloat64(at + 15, p.x, true);
  dv.setFloat64(at + 23, p.y, true);
  dv.setFloat64(at + 31, p.z, true);
  dv.setFloat32(at + 39, v.x, true);
  dv.setFloat32(at + 43, v.y, true);
  dv.setFloat32(at + 47, v.z, true);
  if (o !== undefined) {
    dv.setFloat32(at + 51, o.x, true);
    dv.setFloat32(at + 55, o.y, true);
    dv.setFloat32(at + 59, o.z, true);
    dv.setFloat32(at + 63, o.w, true);
  }
}

/** Writes `u16 count` then each message as `u32 length | frame`. Shared by both links. */
export function writeBatchOf<M>(w: ByteWriter, messages: readonly M[], write: (w: ByteWriter, m: M) => void): void {
  if (messages.length > 0xffff) throw new RangeError(`a batch holds at most 65535 messages, got ${messages.length}`);
  w.u16(messages.length);
  for (const inner of messages) writeLengthPrefixed(w, inner, write);
}

/** Writes `u32 length | frame` for one nested frame. */
export function writeLengthPrefixed<M>(w: ByteWriter, m: M, write: (w: ByteWriter, m: M) => void): void {
  const at = w.reserveU32();
  write(w, m);
  w.patchU32(at, w.length - at - 4);
}

function writeStrings(w: ByteWriter, list: readonly string[]): void {
  if (list.length > 0xff) throw new RangeError(`at most 255 codec names, got ${list.length}`);
  w.u8(list.length);
  for (const s of list) w.string16(s);
}

const shared = new ByteWriter(1024);

/**
 * Encodes `m` as one binary frame. With `writer`, the writer is reset and the result is a
 * view of its buffer (valid until its next use: the zero-allocation hot path); without,
 * the result is a fresh copy.
 */
export function encodeClientMessage(m: ClientMessage, writer?: ByteWriter): Uint8Array {
  if (writer !== undefined) {
    writeClientMessage(writer.reset(), m);
    return writer.view();
  }
  writeClientMessage(shared.reset(), m);
  return shared.toBytes();
}
