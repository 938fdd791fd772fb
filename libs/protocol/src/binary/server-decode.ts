// Server-link binary decoder. Never throws: every failure is a typed ProtocolError.
import * as E from 'fp-ts/lib/Either.js';
import { DeliverMode, EnumValues } from '../constants/enums';
import { ServerTypeId } from '../constants/message-types';
import { invalidField, unknownType, type ProtocolError } from '../errors';
import type { ClientSingleMessage } from '../model/client-messages';
import type { DeliverTarget, ServerMessage, ServerSingleMessage, TracedMessage } from '../model/server-messages';
import { ByteReader } from './byte-reader';
import { decodeFrame, readFrame } from './frame-reader';
import { readBatchOf, readClientFrame, readNested } from './client-decode';
import { readEnum, readHandle, readVec3f32, readVec3f64 } from './fields';
import type { DecodeOptions, Limits } from './options';

/** True for the types a Traced may carry (not a handshake, a Batch or another Traced). */
const TRACEABLE = (type: ServerMessage['type']): boolean => type !== 'Traced' && type !== 'Batch' && type !== 'LinkHello' && type !== 'LinkWelcome';

// Decoding is synchronous and never re-entered, so one reader serves every call.
const READER = new ByteReader(new Uint8Array(0));

/** Decodes one server-link binary frame. Byte fields are views into `frame`. */
export function decodeServerMessage(frame: Uint8Array, options?: DecodeOptions): E.Either<ProtocolError, ServerMessage> {
  return decodeFrame(READER, frame, options, readServerFrame);
}

/** Reads one server-link frame up to `r.end`; `batchAllowed` is false inside a Batch. */
export function readServerFrame(r: ByteReader, limits: Limits, batchAllowed: boolean): ServerMessage | undefined {
  return readFrame(r, limits, batchAllowed, ServerTypeId.Batch, readServerBody);
}

/** Reads the body of a server-link message whose header was already read (also used by the JSON codec). */
export function readServerBody(
  r: ByteReader,
  typeId: number,
  version: number,
  typeAt: number,
  limits: Limits,
): ServerMessage | undefined {
  switch (typeId) {
    case ServerTypeId.LinkHello: {
      const nodeId = r.string16('nodeId');
      const serverId = r.string16('serverId');
      const nonce = r.bytes16();
      const proof = r.bytes16();
      return { type: 'LinkHello', version, nodeId, serverId, nonce, proof };
    }
    case ServerTypeId.LinkWelcome: {
      const nodeId = r.string16('nodeId');
      const serverId = r.string16('serverId');
      const nonce = r.bytes16();
      const proof = r.bytes16();
      const heartbeatMs = r.u32();
      return { type: 'LinkWelcome', version, nodeId, serverId, nonce, proof, heartbeatMs };
    }
    case ServerTypeId.Attach: {
      const handle = readHandle(r);
      const playerId = r.string16('playerId');
      const sessionId = r.string16('sessionId');
      const position = readVec3f64(r, 'position');
      const state = r.bytes32();
      const claims = r.string16('claims');
      if (version < 2) return { type: 'Attach', handle, playerId, sessionId, position, state, claims };
      return { type: 'Attach', handle, playerId, sessionId, position, state, claims, replayAfter: r.u32() };
    }
    case ServerTypeId.Detach: {
      const handle = readHandle(r);
      const reason = readEnum(r, 'reason', EnumValues.detachReason);
      return { type: 'Detach', handle, reason };
    }
    case ServerTypeId.Forward: {
      const handle = readHandle(r);
      const message = readInnerClient(r, limits);
      return { type: 'Forward', handle, message };
    }
    case ServerTypeId.Deliver: {
      const target = readTarget(r, limits);
      const exclude = r.u32();
      const message = readInnerClient(r, limits);
      return { type: 'Deliver', target, exclude, message };
    }
    case ServerTypeId.TransferPrepare: {
      const handle = readHandle(r);
      const transferId = r.u32();
      const role = readEnum(r, 'role', EnumValues.transferRole);
      const reason = readEnum(r, 'reason', EnumValues.transferReason);
      const playerId = r.string16('playerId');
      const fromServer = r.string16('fromServer');
      const toServer = r.string16('toServer');
      const position = readVec3f64(r, 'position');
      const claims = r.string16('claims');
      return { type: 'TransferPrepare', handle, transferId, role, playerId, fromServer, toServer, reason, position, claims };
    }
    case ServerTypeId.TransferState: {
      const handle = readHandle(r);
      const transferId = r.u32();
      const state = r.bytes32();
      return { type: 'TransferState', handle, transferId, state };
    }
    case ServerTypeId.TransferAccept: {
      const handle = readHandle(r);
      const transferId = r.u32();
      return { type: 'TransferAccept', handle, transferId };
    }
    case ServerTypeId.TransferAbort: {
      const handle = readHandle(r);
      const transferId = r.u32();
      const reason = readEnum(r, 'reason', EnumValues.abortReason);
      return { type: 'TransferAbort', handle, transferId, reason };
    }
    case ServerTypeId.TransferPreload: {
      const handle = readHandle(r);
      const active = r.bool('active');
      const playerId = r.string16('playerId');
      const fromServer = r.string16('fromServer');
      const position = readVec3f64(r, 'position');
      const velocity = readVec3f32(r, 'velocity');
      return { type: 'TransferPreload', handle, active, playerId, fromServer, position, velocity };
    }
    case ServerTypeId.GhostUpdate: {
      const handle = readHandle(r);
      const playerId = r.string16('playerId');
      const ownerServer = r.string16('ownerServer');
      const position = readVec3f64(r, 'position');
      const velocity = readVec3f32(r, 'velocity');
      const counter = r.u32();
      return { type: 'GhostUpdate', handle, playerId, ownerServer, position, velocity, counter };
    }
    case ServerTypeId.GhostEnd: {
      const handle = readHandle(r);
      const reason = readEnum(r, 'reason', EnumValues.ghostEndReason);
      return { type: 'GhostEnd', handle, reason };
    }
    case ServerTypeId.PeerMessage: {
      const handle = readHandle(r);
      const fromServer = r.string16('fromServer');
      const tag = r.u16();
      const data = r.bytes32();
      return { type: 'PeerMessage', handle, fromServer, tag, data };
    }
    case ServerTypeId.Traced: {
      const traceparent = r.string16('traceparent');
      const tracestate = r.string16('tracestate');
      const at = r.pos + 4;
      const message = readNested(r, (inner) => readServerFrame(inner, limits, false)) as TracedMessage | undefined;
      if (message !== undefined && r.error === undefined && !TRACEABLE(message.type)) r.fail(invalidField(at, 'message', `a Traced cannot carry a ${message.type}`));
      return { type: 'Traced', traceparent, tracestate, message: message as TracedMessage };
    }
    case ServerTypeId.LoadReport: {
      const players = r.u32();
      const tickMs = r.finite32('tickMs');
      const memoryBytes = r.finite64('memoryBytes');
      const accepting = r.bool('accepting');
      return { type: 'LoadReport', players, tickMs, memoryBytes, accepting };
    }
    case ServerTypeId.Ping:
      return { type: 'Ping', timestamp: r.finite64('timestamp') };
    case ServerTypeId.Pong:
      return { type: 'Pong', timestamp: r.finite64('timestamp') };
    case ServerTypeId.ForwardAck: {
      const at = r.pos;
      const n = r.count(at, r.u16(), limits.maxDeliverHandles, 8);
      const acks: { handle: number; seq: number }[] = [];
      for (let i = 0; i < n && r.error === undefined; i++) acks.push({ handle: readHandle(r), seq: r.u32() });
      return { type: 'ForwardAck', acks };
    }
    case ServerTypeId.SeqHandover:
      return { type: 'SeqHandover', handle: readHandle(r), seq: r.u32(), oseq: r.u32(), sessionId: r.string16('sessionId') };
    case ServerTypeId.RegionBounds: {
      const mapVersion = r.u32();
      const at = r.pos;
      const min = readVec3f64(r, 'min');
      const max = readVec3f64(r, 'max');
      if (r.error === undefined && (min.x > max.x || min.y > max.y || min.z > max.z)) r.fail(invalidField(at, 'max', 'each max must be at least its min'));
      return { type: 'RegionBounds', mapVersion, min, max };
    }
    case ServerTypeId.Batch: {
      const messages = readBatchOf(r, limits, (inner) => readServerFrame(inner, limits, false) as ServerSingleMessage);
      return { type: 'Batch', messages };
    }
    default:
      r.fail(unknownType(typeAt, typeId));
      return undefined;
  }
}

function readInnerClient(r: ByteReader, limits: Limits): ClientSingleMessage {
  return readNested(r, (inner) => readClientFrame(inner, limits, false)) as ClientSingleMessage;
}

function readTarget(r: ByteReader, limits: Limits): DeliverTarget {
  const mode = readEnum(r, 'target', EnumValues.deliverMode);
  switch (mode) {
    case DeliverMode.Player:
      return { kind: 'player', handle: readHandle(r) };
    case DeliverMode.Players: {
      const at = r.pos;
      const n = r.count(at, r.u16(), limits.maxDeliverHandles, 4);
      const handles: number[] = [];
      for (let i = 0; i < n && r.error === undefined; i++) handles.push(readHandle(r));
      return { kind: 'players', handles };
    }
    case DeliverMode.Region:
      return { kind: 'region', regionId: r.string16('regionId') };
    default: {
      const center = readVec3f64(r, 'center');
      const at = r.pos;
      const radius = r.finite64('radius');
      if (radius < 0) r.invalid(at, 'radius', 'must not be negative');
      return { kind: 'radius', center, radius };
    }
  }
}
