// Wire ids of every message. The two links use disjoint ranges so a frame sent to
// the wrong link decodes as `unknown-type` instead of as a different message.

/** Type ids (second header byte) of client-link messages (client <-> node). */
export const ClientTypeId = {
  PlayerConnect: 1,
  Welcome: 2,
  PlayerMove: 3,
  PlayerAction: 4,
  ServerTransfer: 5,
  Heartbeat: 6,
  StateSync: 7,
  Error: 8,
  Resume: 9,
  Disconnect: 10,
  Batch: 15,
} as const;

/** Name of a client-link message type (the `type` discriminant of `ClientMessage`). */
export type ClientMessageType = keyof typeof ClientTypeId;

/** Type ids (second header byte) of server-link messages (node <-> game server). */
export const ServerTypeId = {
  LinkHello: 64,
  LinkWelcome: 65,
  Attach: 66,
  Detach: 67,
  Forward: 68,
  Deliver: 69,
  TransferPrepare: 70,
  TransferState: 71,
  TransferAccept: 72,
  TransferAbort: 73,
  LoadReport: 74,
  Ping: 75,
  Pong: 76,
  TransferPreload: 77,
  Batch: 79,
  ForwardAck: 80,
  GhostUpdate: 81,
  GhostEnd: 82,
  PeerMessage: 83,
  Traced: 84,
  SeqHandover: 85,
  RegionBounds: 86,
} as const;

/** Name of a server-link message type (the `type` discriminant of `ServerMessage`). */
export type ServerMessageType = keyof typeof ServerTypeId;

/** JSON `message_type` names of client-link messages (snake_case, as in the Horizon Atlas envelope). */
export const ClientJsonName: { readonly [K in ClientMessageType]: string } = {
  PlayerConnect: 'player_connect',
  Welcome: 'welcome',
  PlayerMove: 'player_move',
  PlayerAction: 'player_action',
  ServerTransfer: 'server_transfer',
  Heartbeat: 'heartbeat',
  StateSync: 'state_sync',
  Error: 'error',
  Resume: 'resume',
  Disconnect: 'disconnect',
  Batch: 'batch',
};

/** JSON `message_type` names of server-link messages. */
export const ServerJsonName: { readonly [K in ServerMessageType]: string } = {
  LinkHello: 'link_hello',
  LinkWelcome: 'link_welcome',
  Attach: 'attach',
  Detach: 'detach',
  Forward: 'forward',
  Deliver: 'deliver',
  TransferPrepare: 'transfer_prepare',
  TransferState: 'transfer_state',
  TransferAccept: 'transfer_accept',
  TransferAbort: 'transfer_abort',
  LoadReport: 'load_report',
  Ping: 'ping',
  Pong: 'pong',
  TransferPreload: 'transfer_preload',
  Batch: 'batch',
  ForwardAck: 'forward_ack',
  GhostUpdate: 'ghost_update',
  GhostEnd: 'ghost_end',
  PeerMessage: 'peer_message',
  Traced: 'traced',
  SeqHandover: 'seq_handover',
  RegionBounds: 'region_bounds',
};
