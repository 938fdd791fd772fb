// The session stage's view of a client connection: the few socket operations the hub
// and the outbox use. The uWS edge hands its WebSocket over as is (its methods have
// these shapes, so there is no wrapper and no per-connection allocation); tests use
// the in-memory fake in src/testing/fake-socket.ts.

/** What `ClientSocket.send` reports (uWebSockets.js's codes). */
export const SendStatus = {
  /** Written (or queued in the kernel). */
  Sent: 0,
  /** Queued in user space: the socket is above its backpressure. */
  Backpressure: 1,
  /** Dropped: the transport's own hard cap was hit; the stream is broken. */
  Dropped: 2,
} as const;
/** One of {@link SendStatus}. */
export type SendStatus = (typeof SendStatus)[keyof typeof SendStatus];

/** A client socket as the session stage sees it. */
export interface ClientSocket {
  /** Writes one WebSocket message (binary or text); returns a {@link SendStatus} code. */
  send(data: Uint8Array | string, isBinary: boolean): number;
  /** Runs `write` with the writes batched into one syscall. */
  cork(write: () => void): unknown;
  /** Bytes written but not yet taken by the peer. */
  getBufferedAmount(): number;
  /** Starts a graceful close with a code and a short reason (at most 123 bytes). */
  end(code: number, reason: Uint8Array): void;
}
