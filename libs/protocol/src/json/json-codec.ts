// JSON text codecs for both links, built on the binary body codecs.
import * as E from 'fp-ts/lib/Either.js';
import { ClientJsonName, ClientTypeId, ServerJsonName, ServerTypeId } from '../constants/message-types';
import { unknownType, type ProtocolError } from '../errors';
import type { ClientMessage } from '../model/client-messages';
import type { ServerMessage } from '../model/server-messages';
import { ByteReader } from '../binary/byte-reader';
import { ByteWriter } from '../binary/byte-writer';
import { readClientBody } from '../binary/client-decode';
import { writeClientMessage } from '../binary/client-encode';
import { limitsOf, type DecodeOptions, type Limits } from '../binary/options';
import { readServerBody } from '../binary/server-decode';
import { writeServerMessage } from '../binary/server-encode';
import { readEnvelope, writeEnvelope, type JsonFrame, type JsonMeta } from './envelope';

const clientIdByName = new Map<string, number>(
  Object.entries(ClientJsonName).map(([type, name]) => [name, ClientTypeId[type as keyof typeof ClientTypeId]]),
);
const serverIdByName = new Map<string, number>(
  Object.entries(ServerJsonName).map(([type, name]) => [name, ServerTypeId[type as keyof typeof ServerTypeId]]),
);
const scratch = new ByteWriter(1024);

/** Encodes a client-link message as a JSON envelope; `timestamp` defaults to the message's own, else 0. */
export function encodeClientJson(m: ClientMessage, meta: JsonMeta = {}): string {
  writeClientMessage(scratch.reset(), m);
  return envelopeOf(ClientJsonName[m.type], m, meta);
}

/** Encodes a server-link message as a JSON envelope. */
export function encodeServerJson(m: ServerMessage, meta: JsonMeta = {}): string {
  writeServerMessage(scratch.reset(), m);
  return envelopeOf(ServerJsonName[m.type], m, meta);
}

/** The envelope of the frame just written to `scratch`: its header byte is the envelope's version, the rest its data. */
function envelopeOf(name: string, m: ClientMessage | ServerMessage, meta: JsonMeta): string {
  const frame = scratch.view();
  return writeEnvelope(frame[0] as number, name, frame.subarray(2), fill(m, meta));
}

/** Decodes a client-link JSON frame with its envelope metadata. Offsets in errors index the decoded `data`. */
export function decodeClientJsonFrame(text: string, options?: DecodeOptions): E.Either<ProtocolError, JsonFrame<ClientMessage>> {
  return decodeWith(text, limitsOf(options), clientIdByName, (r, id, v, l) => readClientBody(r, id, v, 0, l));
}

/** Decodes a server-link JSON frame with its envelope metadata. */
export function decodeServerJsonFrame(text: string, options?: DecodeOptions): E.Either<ProtocolError, JsonFrame<ServerMessage>> {
  return decodeWith(text, limitsOf(options), serverIdByName, (r, id, v, l) => readServerBody(r, id, v, 0, l));
}

/** Decodes a client-link JSON frame. */
export function decodeClientJson(text: string, options?: DecodeOptions): E.Either<ProtocolError, ClientMessage> {
  const r = decodeClientJsonFrame(text, options);
  return E.isLeft(r) ? r : E.right(r.right.message);
}

/** Decodes a server-link JSON frame. */
export function decodeServerJson(text: string, options?: DecodeOptions): E.Either<ProtocolError, ServerMessage> {
  const r = decodeServerJsonFrame(text, options);
  return E.isLeft(r) ? r : E.right(r.right.message);
}

function decodeWith<M>(
  text: string,
  limits: Limits,
  ids: ReadonlyMap<string, number>,
  readBody: (r: ByteReader, typeId: number, version: number, limits: Limits) => M | undefined,
): E.Either<ProtocolError, JsonFrame<M>> {
  const env = readEnvelope(text, limits);
  if (E.isLeft(env)) return env;
  const { messageType, version, data, playerId, timestamp } = env.right;
  const typeId = ids.get(messageType);
  if (typeId === undefined) return E.left(unknownType(0, messageType));
  const r = new ByteReader(data);
  const message = readBody(r, typeId, version, limits);
  r.expectEnd();
  return r.error === undefined ? E.right({ message: message as M, playerId, timestamp }) : E.left(r.error);
}

function fill(m: { readonly type: string }, meta: JsonMeta): Required<JsonMeta> {
  const own = 'timestamp' in m && typeof m.timestamp === 'number' ? m.timestamp : 0;
  return { playerId: meta.playerId ?? '', timestamp: meta.timestamp ?? own };
}
