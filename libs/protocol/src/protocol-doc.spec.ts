// Every worked example in docs/protocol.md is real: each `hex <link> <Type>` block decodes
// to a message of that type and re-encodes to the same bytes, and every message type of
// both links has an example. The JSON example round-trips too.
import * as E from 'fp-ts/Either';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeClientMessage } from './binary/client-decode';
import { encodeClientMessage } from './binary/client-encode';
import { decodeServerMessage } from './binary/server-decode';
import { encodeServerMessage } from './binary/server-encode';
import { ClientTypeId, ServerTypeId } from './constants/message-types';
import { CLIENT_SINCE, SERVER_SINCE } from './constants/since';
import { decodeClientJsonFrame, encodeClientJson } from './json/json-codec';
import type { ClientMessage } from './model/client-messages';
import type { ServerMessage } from './model/server-messages';

const doc = readFileSync(join(__dirname, '../../../docs/protocol.md'), 'utf8');
const hexBlocks = [...doc.matchAll(/```hex (client|server) (\w+)(?: v(\d))?\n([\s\S]*?)```/g)].map((m) => ({
  link: m[1] as 'client' | 'server',
  type: m[2] as string,
  version: Number(m[3] ?? 1),
  bytes: Uint8Array.from(
    (m[4] as string)
      .split('\n')
      .map((line) => line.replace(/#.*/, ''))
      .join(' ')
      .trim()
      .split(/\s+/)
      .filter((h) => h !== '')
      .map((h) => parseInt(h, 16)),
  ),
}));

/** Messages that name their own version (their examples are given per version). */
const versioned = new Set(['PlayerConnect', 'Welcome', 'LinkHello', 'LinkWelcome']);

function decode(link: 'client' | 'server', bytes: Uint8Array, maxVersion: number): E.Either<{ message: string }, ClientMessage | ServerMessage> {
  return link === 'client' ? decodeClientMessage(bytes, { maxVersion }) : decodeServerMessage(bytes, { maxVersion });
}

function encode(link: 'client' | 'server', m: ClientMessage | ServerMessage, version: number): Uint8Array {
  return link === 'client' ? encodeClientMessage(m as ClientMessage, undefined, version) : encodeServerMessage(m as ServerMessage, undefined, version);
}

describe('docs/protocol.md', () => {
  it('has a hex example for every message type of both links', () => {
    const have = new Set(hexBlocks.map((b) => `${b.link} ${b.type}`));
    for (const t of Object.keys(ClientTypeId)) expect(have).toContain(`client ${t}`);
    for (const t of Object.keys(ServerTypeId)) expect(have).toContain(`server ${t}`);
  });

  it.each(hexBlocks.map((b) => [`${b.link} ${b.type} v${b.version}`, b] as const))('decodes and re-encodes the %s example', (_name, b) => {
    expect(b.bytes[0]).toBe(b.version);
    const decoded = decode(b.link, b.bytes, b.version);
    if (E.isLeft(decoded)) throw new Error(decoded.left.message);
    expect(decoded.right.type).toBe(b.type);
    expect(Array.from(encode(b.link, decoded.right, b.version))).toEqual(Array.from(b.bytes));
  });

  it('has a version-2 example for every message whose version-2 layout differs (Welcome)', () => {
    const since = (b: (typeof hexBlocks)[number]): number => (b.link === 'client' ? CLIENT_SINCE[b.type as keyof typeof CLIENT_SINCE] : SERVER_SINCE[b.type as keyof typeof SERVER_SINCE]);
    expect(hexBlocks.filter((b) => b.version === 2 && since(b) === 1).map((b) => `${b.link} ${b.type}`)).toEqual(['client Welcome']);
  });

  it('gives the messages that exist only since version 2 (ghosts) their examples at version 2 only', () => {
    const v2Only = Object.entries(SERVER_SINCE).flatMap(([t, v]) => (v === 2 ? [t] : []));
    expect(v2Only).toEqual(['GhostUpdate', 'GhostEnd', 'PeerMessage']);
    for (const t of v2Only) expect(hexBlocks.filter((b) => b.link === 'server' && b.type === t).map((b) => b.version)).toEqual([2]);
  });

  // Layouts unchanged in version 2: the v2 frame is the v1 frame with 02 in every header byte.
  it.each(hexBlocks.filter((b) => b.version === 1 && !versioned.has(b.type)).map((b) => [`${b.link} ${b.type}`, b] as const))(
    'the %s example re-encodes at version 2 with only its header bytes changed, and decodes there',
    (_name, b) => {
      const decoded = decode(b.link, b.bytes, 1);
      if (E.isLeft(decoded)) throw new Error(decoded.left.message);
      const v2 = encode(b.link, decoded.right, 2);
      expect(v2.length).toBe(b.bytes.length);
      const changed = Array.from(v2).flatMap((x, i) => (x === b.bytes[i] ? [] : [i]));
      for (const i of changed) expect([b.bytes[i], v2[i]]).toEqual([1, 2]);
      expect(decode(b.link, v2, 2)).toEqual(decoded);
      expect(decode(b.link, v2, 1)).toMatchObject(E.left({ kind: 'unsupported-version', version: 2 }));
    },
  );

  it('decodes and re-encodes the JSON example', () => {
    const text = /```json client PlayerMove\n(.*)\n```/.exec(doc)?.[1] as string;
    const frame = decodeClientJsonFrame(text);
    if (E.isLeft(frame)) throw new Error(frame.left.message);
    expect(frame.right.message.type).toBe('PlayerMove');
    expect(encodeClientJson(frame.right.message, { playerId: frame.right.playerId, timestamp: frame.right.timestamp })).toBe(text);
  });
});
