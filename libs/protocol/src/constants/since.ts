// Since which protocol version each message exists. A sender checks the table before it
// sends: a message newer than the peer's session version is never put on that peer's
// wire (a v1 peer would refuse the frame and close). Version 2 adds link messages
// (ForwardAck; later ghost updates); every message of version 1 stays. Only handshake
// frames (PlayerConnect, Welcome, LinkHello, LinkWelcome) carry the session's version in
// their header byte, and the three types version 2 extends with a trailing field
// (PlayerAction, Resume, Attach) say by theirs which layout follows; every other type has
// one fixed header byte (`frameVersionOf`).
import type { ClientMessageType, ServerMessageType } from './message-types';
import { ProtocolVersion } from './version';

const V1 = ProtocolVersion.V1;
const V2 = ProtocolVersion.V2;

/** The first protocol version that has each client-link message. */
export const CLIENT_SINCE: { readonly [K in ClientMessageType]: ProtocolVersion } = {
  PlayerConnect: V1,
  Welcome: V1,
  PlayerMove: V1,
  PlayerAction: V1,
  ServerTransfer: V1,
  Heartbeat: V1,
  StateSync: V1,
  Error: V1,
  Resume: V1,
  Disconnect: V1,
  Batch: V1,
};

/** The first protocol version that has each server-link message. */
export const SERVER_SINCE: { readonly [K in ServerMessageType]: ProtocolVersion } = {
  LinkHello: V1,
  LinkWelcome: V1,
  Attach: V1,
  Detach: V1,
  Forward: V1,
  Deliver: V1,
  TransferPrepare: V1,
  TransferState: V1,
  TransferAccept: V1,
  TransferAbort: V1,
  LoadReport: V1,
  Ping: V1,
  Pong: V1,
  TransferPreload: V1,
  ForwardAck: ProtocolVersion.V2,
  Batch: V1,
  GhostUpdate: V2,
  GhostEnd: V2,
  PeerMessage: V2,
  Traced: V2,
  SeqHandover: V2,
  RegionBounds: V2,
};

/** True when a peer whose session runs at `version` can decode a client-link message of `type`. */
export function clientSendable(type: ClientMessageType, version: number): boolean {
  return CLIENT_SINCE[type] <= version;
}

/** True when a game-server link at `version` can decode a server-link message of `type`. */
export function serverSendable(type: ServerMessageType, version: number): boolean {
  return SERVER_SINCE[type] <= version;
}
