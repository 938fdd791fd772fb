// What the handshake machines ask their driver to do. Machines never touch sockets,
// clocks or crypto: the driver sends `send` frames, closes on `close`, and reacts to
// the other outputs (often by computing something and calling the machine back).
import type { Frame } from '../codec';

/** Send this frame as is (handshake frames are never compressed or encrypted). */
export interface SendOutput {
  readonly kind: 'send';
  readonly frame: Frame;
}

/** Close the WebSocket with this code (a `CloseCode`). */
export interface CloseOutput {
  readonly kind: 'close';
  readonly code: number;
  readonly reason: string;
}

/** The handshake failed; `code` is the close code (or the peer's error code) that says why. */
export interface FailedOutput {
  readonly kind: 'failed';
  readonly code: number;
  readonly message: string;
}

/** The exact bytes both sides exchanged, in order: what key derivation binds the session keys to. */
export interface Transcript {
  readonly hello: Uint8Array;
  readonly welcome: Uint8Array;
}

const utf8 = new TextEncoder();

/** The bytes of a frame as they travelled (UTF-8 for text frames). */
export function frameBytes(frame: Frame): Uint8Array {
  return typeof frame === 'string' ? utf8.encode(frame) : frame;
}

/** A send output. */
export const send = (frame: Frame): SendOutput => ({ kind: 'send', frame });
/** A close output. */
export const close = (code: number, reason: string): CloseOutput => ({ kind: 'close', code, reason });
/** A failed output. */
export const failed = (code: number, message: string): FailedOutput => ({ kind: 'failed', code, message });
/** Close the socket and fail the handshake, both for the same reason. */
export const closeAndFail = (code: number, message: string): [CloseOutput, FailedOutput] => [close(code, message), failed(code, message)];

/** The transcript of a handshake, from its two frames as they travelled. */
export const transcriptOf = (hello: Frame, welcome: Frame): Transcript => ({ hello: frameBytes(hello), welcome: frameBytes(welcome) });
