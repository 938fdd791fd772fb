// The socket under one game-server link, whichever side dialled it: a `ws` client
// socket when the node dials the server (ws-wire.ts), a uWebSockets.js socket when the
// server dialled the node (edge/link-edge.ts). The link's handshake, batching and
// liveness are the same over both; only who dials and who redials differ.
import type { Frame } from '@atlas/protocol';

/** One open socket of a link. */
export interface LinkWire {
  /**
   * Sends one frame (bytes as a binary message, a string as text). The caller may reuse
   * `frame` once this returns. False: the socket is gone or refused the frame.
   */
  send(frame: Frame): boolean;
  /** Bytes sent but not yet written to the network. */
  bufferedAmount(): number;
  /** Sends a close frame with `code` and `reason`; the socket closes when the peer answers (or soon after). */
  close(code: number, reason: string): void;
  /** Drops the socket at once. */
  terminate(): void;
}

/** What a wire tells the link it carries. */
export interface WireEvents {
  /** The socket is open (a dialled socket after its upgrade; an accepted one at once). */
  open(): void;
  /** A frame arrived; the link may keep it. */
  frame(frame: Frame): void;
  /** The socket closed (either side) or failed; nothing more arrives. */
  closed(code: number, reason: string): void;
}
