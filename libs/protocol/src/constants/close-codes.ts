// WebSocket close codes and in-band error codes, all in the 4000 range that RFC 6455
// reserves for applications, so a client can always tell why it was dropped.

/** WebSocket close codes used by Atlas (4000-4099). */
export const CloseCode = {
  /** A frame could not be decoded or broke the protocol. */
  ProtocolViolation: 4000,
  /** The peer's protocol version is not supported. */
  UnsupportedVersion: 4001,
  /** The auth token was missing, malformed, expired or badly signed. */
  AuthFailed: 4002,
  /** The handshake did not finish within the handshake timeout. */
  HandshakeTimeout: 4003,
  /** Nothing was received within the idle timeout. */
  IdleTimeout: 4004,
  /** A frame exceeded the maximum frame size. */
  FrameTooLarge: 4005,
  /** The per-connection message rate was exceeded. */
  RateLimited: 4006,
  /** The peer read too slowly and its send buffer hit the backpressure cap. */
  SlowConsumer: 4007,
  /** The node is at its connection limit. */
  ServerFull: 4008,
  /** The resume ticket was invalid, expired or for another session. */
  ResumeFailed: 4009,
  /** The node is shutting down (drain); reconnect elsewhere with the resume ticket. */
  NodeShutdown: 4010,
  /** A sealed frame failed authentication (tampered, replayed, reordered). */
  DecryptFailed: 4011,
  /** The same player connected again elsewhere; this connection is replaced. */
  Superseded: 4012,
  /** No game server owns the player's position. */
  NoServer: 4013,
  /** No codec offered by the client is supported by the node. */
  UnsupportedCodec: 4014,
  /** The game server or the node removed the player. */
  Kicked: 4015,
  /** A node <-> game server link failed its pre-shared-key authentication. */
  LinkAuthFailed: 4016,
  /** A second link for the same node x server pair replaced this one. */
  DuplicateLink: 4017,
  /** Sent by a client that pins node keys: the Welcome was unsigned or signed by another key. */
  NodeUnverified: 4018,
  /**
   * The resume ticket cannot be redeemed yet: its session is still live (possibly on a node
   * that died and is not declared failed yet) or the session directory is unreachable.
   * Retry with backoff; the ticket was not consumed.
   */
  ResumeLater: 4019,
  /** An unexpected failure inside the node. */
  InternalError: 4099,
} as const;

/** One of the `CloseCode` values. */
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** In-band `Error` message codes for problems that do not end the connection (4100-4199). */
export const ErrorCode = {
  /** A frame was refused and dropped; the connection stays open. */
  InvalidFrame: 4100,
  /** A message arrived that is not valid in the current state. */
  UnexpectedMessage: 4101,
  /** Messages were dropped because the sender exceeded its rate. */
  RateLimited: 4102,
  /** A transfer to another server failed; the player stays where it was. */
  TransferFailed: 4103,
  /** A message referred to a player handle the receiver does not know. */
  UnknownPlayer: 4104,
  /** The game server is overloaded and refused the action. */
  Overloaded: 4105,
  /** The player's message could not be routed (no owning server at the moment). */
  Unroutable: 4106,
  /** Held reliable actions were dropped (held buffer full, or no server in time); the message names the seq range. */
  ActionsDropped: 4107,
} as const;

/** One of the `ErrorCode` values. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** True for codes in the application range (4000-4999) that Atlas may send. */
export function isAtlasCode(code: number): boolean {
  return Number.isInteger(code) && code >= 4000 && code <= 4999;
}
