// Server-link binary encoder: `u8 version | u8 type | body`, little-endian. Forward and
// Deliver embed a complete client-link frame as `u32 length | frame`.
import { DeliverMode } from '../constants/enums';
import { ServerTypeId } from '../constants/message-types';
import { LATEST_VERSION, PROTOCOL_VERSION, frameVersionOf } from '../constants/version';
import type { DeliverTarget, ServerMessage } from '../model/server-messages';
import { ByteWriter } from './byte-writer';
import { writeBatchOf, writeClientMessage, writeLengthPrefixed } from './client-encode';
import { writeVec3f32, writeVec3f64 } from './fields';

/**
 * The header byte of `m`: the handshakes carry the link's version, an Attach with a
 * `replayAfter` has version 2's layout, every other type its one fixed byte.
 */
export function serverHeaderVersion(m: ServerMessage): number {
  if (m.type === 'LinkHello' || m.type === 'LinkWelcome') return m.version;
  if (m.type === 'Attach') return m.replayAfter === undefined ? PROTOCOL_VERSION : LATEST_VERSION;
  return frameVersionOf(ServerTypeId[m.type]) ?? PROTOCOL_VERSION;
}

/** Appends one complete server-link frame for `m` to `w` (nothing is reset). */
export function writeServerMessage(w: ByteWriter, m: ServerMessage): void {
  w.u8(serverHeaderVersion(m));
  w.u8(ServerTypeId[m.type]);
  switch (m.type) {
    case 'LinkHello':
      w.string16(m.nodeId);
      w.string16(m.serverId);
      w.bytes16(m.nonce);
      w.bytes16(m.proof);
      return;
    case 'LinkWelcome':
      w.string16(m.nodeId);
      w.string16(m.serverId);
      w.bytes16(m.nonce);
      w.bytes16(m.proof);
      w.u32(m.heartbeatMs);
      return;
    case 'Attach':
      w.u32(m.handle);
      w.string16(m.playerId);
      w.string16(m.sessionId);
      writeVec3f64(w, m.position);
      w.bytes32(m.state);
      w.string16(m.claims);
      if (m.replayAfter !== undefined) w.u32(m.replayAfter);
      return;
    case 'Detach':
      w.u32(m.handle);
      w.u8(m.reason);
      return;
    case 'Forward':
      w.u32(m.handle);
      writeLengthPrefixed(w, m.message, writeClientMessage);
      return;
    case 'Deliver':
      writeTarget(w, m.target);
      w.u32(m.exclude);
      writeLengthPrefixed(w, m.message, writeClientMessage);
      return;
    case 'TransferPrepare':
      w.u32(m.handle);
      w.u32(m.transferId);
      w.u8(m.role);
      w.u8(m.reason);
      w.string16(m.playerId);
      w.string16(m.fromServer);
      w.string16(m.toServer);
      writeVec3f64(w, m.position);
      w.string16(m.claims);
      return;
    case 'TransferState':
      w.u32(m.handle);
      w.u32(m.transferId);
      w.bytes32(m.state);
      return;
    case 'TransferAccept':
      w.u32(m.handle);
      w.u32(m.transferId);
      return;
    case 'TransferAbort':
      w.u32(m.handle);
      w.u32(m.transferId);
      w.u8(m.reason);
      return;
    case 'TransferPreload':
      w.u32(m.handle);
      w.u8(m.active ? 1 : 0);
      w.string16(m.playerId);
      w.string16(m.fromServer);
      writeVec3f64(w, m.position);
      writeVec3f32(w, m.velocity);
      return;
    case 'GhostUpdate':
      w.u32(m.handle);
      w.string16(m.playerId);
      w.string16(m.ownerServer);
      writeVec3f64(w, m.position);
      writeVec3f32(w, m.velocity);
      w.u32(m.counter);
      return;
    case 'GhostEnd':
      w.u32(m.handle);
      w.u8(m.reason);
      return;
    case 'PeerMessage':
      w.u32(m.handle);
      w.string16(m.fromServer);
      w.u16(m.tag);
      w.bytes32(m.data);
      return;
    case 'Traced':
      w.string16(m.traceparent);
      w.string16(m.tracestate);
      writeLengthPrefixed(w, m.message, writeServerMessage);
      return;
    case 'LoadReport':
      w.u32(m.players);
      w.f32(m.tickMs);
      w.f64(m.memoryBytes);
      w.u8(m.accepting ? 1 : 0);
      return;
    case 'Ping':
    case 'Pong':
      w.f64(m.timestamp);
      return;
    case 'ForwardAck':
      w.u16(m.acks.length);
      for (const a of m.acks) {
        w.u32(a.handle);
        w.u32(a.seq);
      }
      return;
    case 'SeqHandover':
      w.u32(m.handle);
      w.u32(m.seq);
      w.u32(m.oseq);
      w.string16(m.sessionId);
      return;
    case 'RegionBounds':
      w.u32(m.mapVersion);
      writeVec3f64(w, m.min);
      writeVec3f64(w, m.max);
      return;
    case 'Batch':
      writeBatchOf(w, m.messages, writeServerMessage);
      return;
  }
}

function writeTarget(w: ByteWriter, t: DeliverTarget): void {
  switch (t.kind) {
    case 'player':
      w.u8(DeliverMode.Player);
      w.u32(t.handle);
      return;
    case 'players':
      if (t.handles.length > 0xffff) throw new RangeError(`at most 65535 handles, got ${t.handles.length}`);
      w.u8(DeliverMode.Players);
      w.u16(t.handles.length);
      for (const h of t.handles) w.u32(h);
      return;
    case 'region':
      w.u8(DeliverMode.Region);
      w.string16(t.regionId);
      return;
    case 'radius':
      w.u8(DeliverMode.Radius);
      writeVec3f64(w, t.center);
      w.f64(t.radius);
      return;
  }
}

const shared = new ByteWriter(1024);

/** Encodes `m` as one binary frame; with `writer` the result is a view of its buffer, without it a fresh copy. */
export function encodeServerMessage(m: ServerMessage, writer?: ByteWriter): Uint8Array {
  if (writer !== undefined) {
    writeServerMessage(writer.reset(), m);
    return writer.view();
  }
  writeServerMessage(shared.reset(), m);
  return shared.toBytes();
}
