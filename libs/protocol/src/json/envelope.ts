// The JSON text codec wraps the binary body in the original Horizon Atlas envelope:
// {"message_type": "...", "player_id": "...", "data": "<base64 body>", "timestamp": n, "version": 1}.
// The body is the same little-endian body as in the binary frame (without its two header bytes).
import { decodeBase64, encodeBase64 } from '@atlas/common';
import * as E from 'fp-ts/lib/Either.js';
import { invalidField, oversize, unsupportedVersion, type ProtocolError } from '../errors';
import { isSupportedVersion } from '../constants/version';
import type { Limits } from '../binary/options';

/** A parsed JSON envelope before its body is decoded. */
export interface JsonEnvelope {
  readonly version: number;
  /** snake_case message name (see `ClientJsonName` / `ServerJsonName`). */
  readonly messageType: string;
  /** The player the message is about ("" when unknown, e.g. before Welcome, or a link-level message). */
  readonly playerId: string;
  /** The message body, decoded from base64. */
  readonly data: Uint8Array;
  /** Sender's clock, milliseconds. */
  readonly timestamp: number;
}

/** Envelope metadata a sender may set; a JSON frame decoded with its envelope returns them too. */
export interface JsonMeta {
  readonly playerId?: string;
  readonly timestamp?: number;
}

/** A message decoded from JSON together with its envelope metadata. */
export interface JsonFrame<M> {
  readonly message: M;
  readonly playerId: string;
  readonly timestamp: number;
}

/** Serialises an envelope; `body` is the binary frame without its two header bytes. */
export function writeEnvelope(version: number, messageType: string, body: Uint8Array, meta: Required<JsonMeta>): string {
  return JSON.stringify({
    message_type: messageType,
    player_id: meta.playerId,
    data: encodeBase64(body),
    timestamp: meta.timestamp,
    version,
  });
}

/** Parses and checks an envelope's shape; never throws. Offsets are 0 (the envelope itself). */
export function readEnvelope(text: string, limits: Limits): E.Either<ProtocolError, JsonEnvelope> {
  if (text.length > limits.maxFrameBytes) return E.left(oversize(0, text.length, limits.maxFrameBytes));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return E.left(invalidField(0, 'json', 'not valid JSON'));
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return E.left(invalidField(0, 'json', 'expected an object envelope'));
  }
  const o = parsed as Record<string, unknown>;
  const { version, message_type, player_id, data, timestamp } = o;
  if (typeof version !== 'number' || !Number.isInteger(version)) return E.left(invalidField(0, 'version', 'expected an integer'));
  if (!isSupportedVersion(version) || version > limits.maxVersion) return E.left(unsupportedVersion(0, version));
  if (typeof message_type !== 'string') return E.left(invalidField(0, 'message_type', 'expected a string'));
  if (typeof player_id !== 'string') return E.left(invalidField(0, 'player_id', 'expected a string'));
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp)) return E.left(invalidField(0, 'timestamp', 'expected a finite number'));
  if (typeof data !== 'string') return E.left(invalidField(0, 'data', 'expected a base64 string'));
  const body = decodeBase64(data);
  if (E.isLeft(body)) return E.left(invalidField(body.left, 'data', 'malformed base64'));
  return E.right({ version, messageType: message_type, playerId: player_id, data: body.right, timestamp });
}
