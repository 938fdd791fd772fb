// One fixed, realistic example of every message: used by the docs' hex examples, the
// spec that checks them, and anyone who needs a ready-made message in a test.
import { ActionChannel, AbortReason, DetachReason, GhostEndReason, SyncMode, TransferPhase, TransferReason, TransferRole } from '../constants/enums';
import { CloseCode, ErrorCode } from '../constants/close-codes';
import { PROTOCOL_VERSION } from '../constants/version';
import type { ClientMessage, ClientSingleMessage } from '../model/client-messages';
import type { ServerMessage } from '../model/server-messages';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

/** A PlayerMove without orientation (51 bytes on the wire). */
export const sampleMove: ClientSingleMessage = {
  type: 'PlayerMove',
  seq: 42,
  timestamp: 1_700_000_000_000,
  position: { x: 100.5, y: 20, z: -3.25 },
  velocity: { x: 1.5, y: 0, z: -0.5 },
};

/** One example of each client-link message type, keyed by type. */
export const clientSamples: { readonly [K in ClientMessage['type']]: Extract<ClientMessage, { type: K }> } = {
  PlayerConnect: {
    type: 'PlayerConnect',
    version: PROTOCOL_VERSION,
    codecs: ['lz4', 'raw', 'x25519-aes256gcm'],
    token: 'tok.abc',
    keyShare: bytes(1, 2, 3, 4),
    resumeTicket: '',
  },
  Welcome: {
    type: 'Welcome',
    version: PROTOCOL_VERSION,
    playerId: 'p-7',
    sessionId: 's-1',
    serverKeyShare: bytes(9, 8, 7, 6),
    codecs: ['lz4', 'x25519-aes256gcm'],
    heartbeatMs: 5000,
    resumeTicket: 'rt.1',
    resumed: false,
  },
  PlayerMove: {
    type: 'PlayerMove',
    seq: 42,
    timestamp: 1_700_000_000_000,
    position: { x: 100.5, y: 20, z: -3.25 },
    velocity: { x: 1.5, y: 0, z: -0.5 },
    orientation: { x: 0, y: 0, z: 0, w: 1 },
  },
  PlayerAction: { type: 'PlayerAction', seq: 43, channel: ActionChannel.Reliable, tag: 7, data: bytes(0xca, 0xfe) },
  ServerTransfer: {
    type: 'ServerTransfer',
    seq: 5,
    transferId: 1,
    fromServer: 'gs-a',
    toServer: 'gs-b',
    reason: TransferReason.Boundary,
    phase: TransferPhase.Started,
  },
  Heartbeat: { type: 'Heartbeat', timestamp: 1000, echo: 0 },
  StateSync: { type: 'StateSync', seq: 6, mode: SyncMode.Delta, baseSeq: 4, data: bytes(1, 2, 3) },
  Error: { type: 'Error', code: ErrorCode.InvalidFrame, message: 'bad frame' },
  Resume: { type: 'Resume', lastReceivedSeq: 41 },
  Disconnect: { type: 'Disconnect', code: CloseCode.NodeShutdown, reason: 'drain' },
  Batch: {
    type: 'Batch',
    messages: [
      { type: 'Heartbeat', timestamp: 1000, echo: 990 },
      { type: 'Resume', lastReceivedSeq: 1 },
    ],
  },
};

/** One example of each server-link message type, keyed by type. */
export const serverSamples: { readonly [K in ServerMessage['type']]: Extract<ServerMessage, { type: K }> } = {
  LinkHello: { type: 'LinkHello', version: PROTOCOL_VERSION, nodeId: 'n1', serverId: 'gs-a', nonce: bytes(1, 2), proof: bytes(3, 4) },
  LinkWelcome: {
    type: 'LinkWelcome',
    version: PROTOCOL_VERSION,
    nodeId: 'n1',
    serverId: 'gs-a',
    nonce: bytes(5, 6),
    proof: bytes(7, 8),
    heartbeatMs: 1000,
  },
  Attach: {
    type: 'Attach',
    handle: 1,
    playerId: 'p-7',
    sessionId: 's-1',
    position: { x: 1, y: 2, z: 3 },
    state: bytes(),
    claims: '{}',
  },
  Detach: { type: 'Detach', handle: 1, reason: DetachReason.Disconnected },
  Forward: { type: 'Forward', handle: 1, message: { type: 'Resume', lastReceivedSeq: 2 } },
  Deliver: {
    type: 'Deliver',
    target: { kind: 'players', handles: [1, 2] },
    exclude: 0,
    message: { type: 'PlayerAction', seq: 0, channel: ActionChannel.UnreliableLatest, tag: 1, data: bytes(0xff) },
  },
  TransferPrepare: {
    type: 'TransferPrepare',
    handle: 2,
    transferId: 1,
    role: TransferRole.Target,
    playerId: 'p-7',
    fromServer: 'gs-a',
    toServer: 'gs-b',
    reason: TransferReason.Boundary,
    position: { x: 1, y: 2, z: 3 },
    claims: '{}',
  },
  TransferState: { type: 'TransferState', handle: 2, transferId: 1, state: bytes(0xab) },
  TransferAccept: { type: 'TransferAccept', handle: 2, transferId: 1 },
  TransferAbort: { type: 'TransferAbort', handle: 2, transferId: 1, reason: AbortReason.Timeout },
  TransferPreload: {
    type: 'TransferPreload',
    handle: 2,
    active: true,
    playerId: 'p-7',
    fromServer: 'gs-a',
    position: { x: 1, y: 2, z: 3 },
    velocity: { x: 1.5, y: 0, z: -0.5 },
  },
  GhostUpdate: {
    type: 'GhostUpdate',
    handle: 2,
    playerId: 'p-7',
    ownerServer: 'gs-a',
    position: { x: 1, y: 2, z: 3 },
    velocity: { x: 1.5, y: 0, z: -0.5 },
    counter: 7,
  },
  GhostEnd: { type: 'GhostEnd', handle: 2, reason: GhostEndReason.Transferred },
  PeerMessage: { type: 'PeerMessage', handle: 2, fromServer: 'gs-b', tag: 1, data: new Uint8Array([0xde, 0xad]) },
  Traced: {
    type: 'Traced',
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    tracestate: '',
    message: { type: 'TransferAccept', handle: 2, transferId: 9 },
  },
  LoadReport: { type: 'LoadReport', players: 10, tickMs: 16.5, memoryBytes: 1048576, accepting: true },
  Ping: { type: 'Ping', timestamp: 1000 },
  Pong: { type: 'Pong', timestamp: 1000 },
  SeqHandover: { type: 'SeqHandover', handle: 2, seq: 41, oseq: 17, sessionId: 's-1' },
  RegionBounds: { type: 'RegionBounds', mapVersion: 3, min: { x: 500, y: 0, z: -1000 }, max: { x: 1000, y: 1000, z: 1000 } },
  ForwardAck: { type: 'ForwardAck', acks: [{ handle: 1, seq: 43 }, { handle: 2, seq: 7 }] },
  Batch: {
    type: 'Batch',
    messages: [
      { type: 'Ping', timestamp: 1 },
      { type: 'Detach', handle: 3, reason: DetachReason.Kicked },
    ],
  },
};
