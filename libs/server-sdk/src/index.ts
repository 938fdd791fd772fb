/**
 * @atlas/server-sdk: the game server's side of Atlas. Accept node links (uWebSockets.js),
 * attach and detach players, receive their messages, deliver to players, hand state over
 * in transfers, report load, and register with a node's HTTP API.
 */
export { GameServer, createGameServer } from './server/game-server';
export type { ListenError } from './server/game-server';
export type { GameServerOptions } from './server/options';
export type {
  AttachCause,
  GamePlayer,
  GameServerError,
  GameServerEvents,
  GhostLeaveReason,
  GhostPlayer,
  PeerMessageInfo,
  LeaveReason,
  NodeLinkInfo,
  RegionBoundsInfo,
  TransferHooks,
  TraceContext,
  TransferInfo,
} from './server/types';
export type { DeliverTo } from './server/deliver';
export { actionMessage, stateMessage } from './server/messages';
/** A link pre-shared key (`psk` option): derived bytes or PBKDF2 settings; from `@atlas/crypto/node`. */
export type { LinkPsk } from '@atlas/crypto/node';
export { registerWithNode } from './register/register';
export type { LinkNode } from './link/node-dialer';
export type { HeartbeatStatus, RegisterOptions, Registration, RegistrationError, ServerInfo } from './register/register';
export { connectTestNode } from './testing-node';
export type { TestNode, TestNodeError, TestNodeOptions } from './testing-node';
