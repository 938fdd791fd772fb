// What the stages before upstream (routing, transfer) and the composition root see of
// the node's links to game servers, whatever carries them: upstream-link.ts over a
// socket either side dialled (link-wire.ts), or a test's fake. Messages name their player by handle,
// so sending a message is all a link does for a player.
import type { ServerSingleMessage } from '@atlas/protocol';
import type { LinkWire, WireEvents } from './link-wire';

/** Where a link is. `up` is the only state in which messages are accepted. */
export type UpstreamState = 'connecting' | 'up' | 'down' | 'closed';

/** One node -> game-server link, of any kind. */
export interface Upstream {
  /** The game server's id. */
  readonly serverId: string;
  /** The address dialled; empty for a server that dials the node. */
  readonly address: string;
  /** Current state. */
  readonly state: UpstreamState;
  /** True when messages are accepted. */
  readonly isUp: boolean;
  /** The protocol version the link negotiated (1 until it is up); 2 and up: the server sends ForwardAck. */
  readonly version: number;
  /** True when the link is up and carries ghost messages (GhostUpdate/GhostEnd/PeerMessage: protocol v2, never Horizon); absent: never. */
  readonly ghosts?: boolean;
  /** Starts dialling (idempotent). */
  open(): void;
  /** Queues `m` for this turn's frame; false (nothing queued) when the link is not up. */
  send(m: ServerSingleMessage): boolean;
  /** Writes everything queued now. */
  flush(): void;
  /** Ends the link for good (no reconnect). */
  close(code?: number, reason?: string): void;
  /** Opens the link on a socket the server dialled the node with; undefined when the link is closed. Absent: this kind is never dialled in. */
  accept?(wire: LinkWire): WireEvents | undefined;
}

/** What a link tells its owner: the way back from a game server. */
export interface UpstreamEvents {
  /** A message from the game server (Batches are unpacked; Ping/Pong are handled by the link). */
  message(link: Upstream, m: ServerSingleMessage): void;
  /** The state changed (`up` after a handshake, `down` after any loss). */
  state(link: Upstream, state: UpstreamState, why: string): void;
  /** A frame from the server failed to decode (counted; the link stays up). */
  decodeError?(link: Upstream, message: string): void;
  /** One frame's wire bytes and message count, for metrics. */
  traffic?(direction: 'in' | 'out', bytes: number, messages: number): void;
  /** One message of `kind` (its type) crossed the link, for metrics. */
  kind?(direction: 'in' | 'out', kind: string): void;
}

/** The links by server id, as routing and transfers use them. */
export interface UpstreamLinks {
  /** True when the server's link is up. */
  isUp(serverId: string): boolean;
  /** True when the server's link is up and acknowledges forwarded actions (ForwardAck, version 2). */
  acks(serverId: string): boolean;
  /** Queues a message on a server's link; false when the link is missing or not up. */
  send(serverId: string, m: ServerSingleMessage): boolean;
  /** True when the server's link is up and carries ghost messages. */
  carriesGhosts(serverId: string): boolean;
}
