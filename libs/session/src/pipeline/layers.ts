// The layers of a session frame after Welcome (docs/protocol.md), the same on both ends:
//   send:    encode -> [compress] -> [seal]
//   receive: [open] -> [decompress] -> decode
// These functions hold no state of their own: a session is whatever carries its
// encoding, its (shared) compressor and its channel, so the node can keep thousands of
// sessions without a pipeline object each. JSON travels as the UTF-8 of its envelope,
// except in the debugging mode (raw and plaintext), where it is a text frame.
import * as E from 'fp-ts/lib/Either.js';
import type { Compressor } from '@atlas/compression';
import type { ChannelError } from '@atlas/crypto';
import { decodeClientFrame, type ClientMessage, type DecodeOptions, type Encoding, type Frame, type ProtocolError } from '@atlas/protocol';

/** A synchronous session channel (node:crypto's `SyncChannel`, or any injected cipher with these two calls). */
export interface FrameChannel {
  seal(plaintext: Uint8Array): Uint8Array;
  open(frame: Uint8Array): E.Either<ChannelError, Uint8Array>;
}

/** What one open session layers its frames with (the node's session object satisfies it as it is). */
export interface FrameLayers {
  readonly encoding: Encoding;
  /** The protocol version the handshake settled (Welcome's): the outbox sends only messages it has. */
  readonly version: number;
  readonly compressor: Compressor | null;
  readonly channel: FrameChannel | null;
}

/** Why a received frame was refused, by layer. */
export type PipelineError =
  | { readonly kind: 'decrypt'; readonly message: string; readonly error: ChannelError }
  /** A text frame where the session layers bytes (sealed or compressed). */
  | { readonly kind: 'frame'; readonly message: string }
  | { readonly kind: 'decompress'; readonly message: string }
  | { readonly kind: 'decode'; readonly message: string; readonly error?: ProtocolError };

// ignoreBOM: text that starts with U+FEFF is passed on as it was sent.
const utf8In = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Out = new TextEncoder();

/** True when payloads travel as text frames: JSON with nothing layered under it (the debugging mode). */
export function sendsText(encoding: Encoding, compressor: Compressor | null, sealed: boolean): boolean {
  return encoding === 'json' && compressor === null && !sealed;
}

/** An encoded payload as it goes to the sealer: JSON text becomes bytes unless `text`, then it is compressed. */
export function compressPayload(payload: Frame, compressor: Compressor | null, text: boolean): Frame {
  if (text) return payload;
  const bytes = typeof payload === 'string' ? utf8Out.encode(payload) : payload;
  return compressor === null ? bytes : compressor.compress(bytes);
}

/**
 * The wire frame of one encoded payload: `[compress] -> [seal]`. Binary payloads are not
 * copied (the compressor and the channel each write a new frame; with neither, the
 * payload itself is the frame, so pass bytes the caller may hand over).
 */
export function wrapPayload(s: FrameLayers, payload: Frame): Frame {
  const body = compressPayload(payload, s.compressor, sendsText(s.encoding, s.compressor, s.channel !== null));
  return s.channel === null || typeof body === 'string' ? body : s.channel.seal(body);
}

/**
 * `[decompress]` and the text of a JSON payload: bytes ready for `decodeClientFrame`.
 * `borrowed`: the bytes belong to the socket library and are reused after this call, so
 * a result that could share them is copied (decoded byte fields must outlive the call).
 */
export function inflatePayload(encoding: Encoding, compressor: Compressor | null, payload: Frame, borrowed = false): E.Either<PipelineError, Frame> {
  if (typeof payload === 'string') {
    if (compressor !== null) return E.left({ kind: 'frame', message: 'text frame on a compressed session' });
    return E.right(payload);
  }
  let bytes = borrowed ? payload.slice() : payload;
  if (compressor !== null) {
    const inflated = compressor.decompress(bytes);
    if (E.isLeft(inflated)) return E.left({ kind: 'decompress', message: `bad compressed frame: ${inflated.left.message}` });
    bytes = inflated.right;
  }
  if (encoding !== 'json') return E.right(bytes);
  try {
    return E.right(utf8In.decode(bytes));
  } catch {
    return E.left({ kind: 'decode', message: 'JSON frame is not valid UTF-8' });
  }
}

/** `[open] -> [decompress]`: the payload of a received frame, ready to decode. */
export function unwrapFrame(s: FrameLayers, frame: Frame, borrowed = false): E.Either<PipelineError, Frame> {
  if (s.channel === null) return inflatePayload(s.encoding, s.compressor, frame, borrowed);
  if (typeof frame === 'string') return E.left({ kind: 'frame', message: 'text frame on a sealed session' });
  const opened = s.channel.open(frame);
  if (E.isLeft(opened)) return E.left({ kind: 'decrypt', message: `sealed frame refused: ${opened.left.kind}`, error: opened.left });
  // The channel wrote the plaintext into a buffer of its own: no copy needed.
  return inflatePayload(s.encoding, s.compressor, opened.right);
}

/** Decodes an unwrapped payload (a text payload is JSON, bytes are the binary codec). */
export function decodePayload(payload: Frame, options?: DecodeOptions): E.Either<PipelineError, ClientMessage> {
  const decoded = decodeClientFrame(payload, options);
  return E.isLeft(decoded) ? E.left({ kind: 'decode', message: decoded.left.message, error: decoded.left }) : decoded;
}

/** Decode limits, and whether the frame's bytes are borrowed (see inflatePayload). */
export type ReceiveOptions = DecodeOptions & { readonly borrowed?: boolean };

/** The whole receive path of one frame: `[open] -> [decompress] -> decode` (a Batch stays a Batch). */
export function receiveFrame(s: FrameLayers, frame: Frame, options?: ReceiveOptions): E.Either<PipelineError, ClientMessage> {
  const payload = unwrapFrame(s, frame, options?.borrowed);
  return E.isLeft(payload) ? payload : decodePayload(payload.right, options);
}
