// Every worked example in docs/protocol.md is real: each `hex <link> <Type>` block decodes
// to a message of that type and re-encodes to the same bytes, and every message type of
// both links has an example. The JSON example round-trips too.
import * as E from 'fp-ts/lib/Either.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeClientMessage } from './binary/client-decode';
import { encodeClientMessage } from './binary/client-encode';
import { decodeServerMessage } from './binary/server-decode';
import { encodeServerMessage } from './binary/server-encode';
import { ClientTypeId, ServerTypeId } from './constants/message-types';
import { decodeClientJsonFrame, encodeClientJson } from './json/json-codec';

const doc = readFileSync(join(__dirname, '../../../docs/protocol.md'), 'utf8');
const hexBlocks = [...doc.matchAll(/```hex (client|server) (\w+)\n([\s\S]*?)```/g)].map((m) => ({
  link: m[1] as 'client' | 'server',
  type: m[2] as string,
  bytes: Uint8Array.from(
    (m[3] as string)
      .split('\n')
      .map((line) => line.replace(/#.*/, ''))
      .join(' ')
      .trim()
      .split(/\s+/)
      .filter((h) => h !== '')
      .map((h) => parseInt(h, 16)),
  ),
}));

describe('docs/protocol.md', () => {
  it('has a hex example for every message type of both links', () => {
    const have = new Set(hexBlocks.map((b) => `${b.link} ${b.type}`));
    for (const t of Object.keys(ClientTypeId)) expect(have).toContain(`client ${t}`);
    for (const t of Object.keys(ServerTypeId)) expect(have).toContain(`server ${t}`);
  });

  it.each(hexBlocks.map((b) => [`${b.link} ${b.type}`, b] as const))('decodes and re-encodes the %s example', (_name, b) => {
    const decoded = b.link === 'client' ? decodeClientMessage(b.bytes) : decodeServerMessage(b.bytes);
    if (E.isLeft(decoded)) throw new Error(decoded.left.message);
    expect(decoded.right.type).toBe(b.type);
    const again = b.link === 'client' ? encodeClientMessage(decoded.right as never) : encodeServerMessage(decoded.right as never);
    expect(Array.from(again)).toEqual(Array.from(b.bytes));
  });

  it('decodes and re-encodes the JSON example', () => {
    const text = /```json client PlayerMove\n(.*)\n```/.exec(doc)?.[1] as string;
    const frame = decodeClientJsonFrame(text);
    if (E.isLeft(frame)) throw new Error(frame.left.message);
    expect(frame.right.message.type).toBe('PlayerMove');
    expect(encodeClientJson(frame.right.message, { playerId: frame.right.playerId, timestamp: frame.right.timestamp })).toBe(text);
  });
});
