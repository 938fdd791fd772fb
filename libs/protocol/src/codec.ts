// One entry point per link that takes whatever the socket delivered: a WebSocket text
// frame is the JSON codec, a binary frame the binary codec.
import type * as E from 'fp-ts/lib/Either.js';
import type { ProtocolError } from './errors';
import type { ClientMessage } from './model/client-messages';
import type { ServerMessage } from './model/server-messages';
import type { DecodeOptions } from './binary/options';
import { BASE_VERSION } from './constants/version';
import { decodeClientMessage } from './binary/client-decode';
import { encodeClientMessage } from './binary/client-encode';
import { decodeServerMessage } from './binary/server-decode';
import { encodeServerMessage } from './binary/server-encode';
import { decodeClientJson, decodeServerJson, encodeClientJson, encodeServerJson } from './json/json-codec';

/** A frame as a WebSocket delivers it: text (JSON codec) or bytes (binary codec). */
export type Frame = Uint8Array | string;

/** Which codec a connection speaks. */
export type Encoding = 'binary' | 'json';

/** The encoding of a received frame. */
export function encodingOf(frame: Frame): Encoding {
  return typeof frame === 'string' ? 'json' : 'binary';
}

/** Decodes a client-link frame in whichever codec it arrived in. */
export function decodeClientFrame(frame: Frame, options?: DecodeOptions): E.Either<ProtocolError, ClientMessage> {
  return typeof frame === 'string' ? decodeClientJson(frame, options) : decodeClientMessage(frame, options);
}

/** Decodes a server-link frame in whichever codec it arrived in. */
export function decodeServerFrame(frame: Frame, options?: DecodeOptions): E.Either<ProtocolError, ServerMessage> {
  return typeof frame === 'string' ? decodeServerJson(frame, options) : decodeServerMessage(frame, options);
}

/** Encodes a client-link message in `encoding` at `version` (binary results are fresh copies). */
export function encodeClientFrame(m: ClientMessage, encoding: Encoding, version: number = BASE_VERSION): Frame {
  return encoding === 'json' ? encodeClientJson(m, {}, version) : encodeClientMessage(m, undefined, version);
}

/** Encodes a server-link message in `encoding` at `version` (binary results are fresh copies). */
export function encodeServerFrame(m: ServerMessage, encoding: Encoding, version: number = BASE_VERSION): Frame {
  return encoding === 'json' ? encodeServerJson(m, {}, version) : encodeServerMessage(m, undefined, version);
}
