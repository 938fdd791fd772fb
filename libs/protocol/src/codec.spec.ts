// Round-trip properties: decode(encode(m)) equals m for both codecs on both links.
import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { decodeClientFrame, decodeServerFrame, encodeClientFrame, encodeServerFrame } from './codec';
import { decodeClientJsonFrame, encodeClientJson } from './json/json-codec';
import type { ClientMessage } from './model/client-messages';
import { arbClientMessage, arbServerMessage, arbText, arbF64, arbVersion } from './testing/arbitraries';

const RUNS = { numRuns: 1000 };

/** The version a message names for itself (1 when it takes its frame's). */
const ownVersion = (m: ClientMessage): number => (m.type === 'PlayerConnect' || m.type === 'Welcome' ? m.version : 1);

describe('codec round trips (at every protocol version)', () => {
  it('binary client link: decode(encode(m)) = m', () => {
    fc.assert(fc.property(arbClientMessage, arbVersion, (m, v) => expect(decodeClientFrame(encodeClientFrame(m, 'binary', v))).toEqual(E.right(m))), RUNS);
  });

  it('binary server link: decode(encode(m)) = m', () => {
    fc.assert(fc.property(arbServerMessage, arbVersion, (m, v) => expect(decodeServerFrame(encodeServerFrame(m, 'binary', v))).toEqual(E.right(m))), RUNS);
  });

  it('JSON client link: decode(encode(m)) = m', () => {
    fc.assert(fc.property(arbClientMessage, arbVersion, (m, v) => expect(decodeClientFrame(encodeClientFrame(m, 'json', v))).toEqual(E.right(m))), RUNS);
  });

  it('JSON server link: decode(encode(m)) = m', () => {
    fc.assert(fc.property(arbServerMessage, arbVersion, (m, v) => expect(decodeServerFrame(encodeServerFrame(m, 'json', v))).toEqual(E.right(m))), RUNS);
  });

  // JSON numbers have no -0, so the envelope timestamp is generated without it.
  it('JSON keeps the envelope metadata', () => {
    fc.assert(
      fc.property(arbClientMessage, arbText, arbF64.map((t) => t + 0), (m, playerId, timestamp) => {
        const text = encodeClientJson(m, { playerId, timestamp });
        expect(Object.keys(JSON.parse(text))).toEqual(['message_type', 'player_id', 'data', 'timestamp', 'version']);
        expect(decodeClientJsonFrame(text)).toEqual(E.right({ message: m, playerId, timestamp }));
      }),
      RUNS,
    );
  });

  it('a decoder held to version 1 refuses a version-2 frame, and accepts its version-1 twin', () => {
    fc.assert(
      fc.property(arbClientMessage, (m) => {
        // PlayerConnect and Welcome name their own version; any other frame takes the one it is encoded at.
        const own = m.type === 'Batch' ? m.messages.map(ownVersion) : [ownVersion(m)];
        if (own.some((v) => v === 2) || m.type !== 'Batch' || m.messages.length > 0) {
          const v2 = encodeClientFrame(m, 'binary', 2);
          if (!(m.type === 'PlayerConnect' || m.type === 'Welcome') || m.version === 2) {
            expect(decodeClientFrame(v2, { maxVersion: 1 })).toMatchObject(E.left({ kind: 'unsupported-version', version: 2 }));
          }
        }
        if (own.every((v) => v === 1)) expect(decodeClientFrame(encodeClientFrame(m, 'binary', 1), { maxVersion: 1 })).toEqual(E.right(m));
      }),
      RUNS,
    );
  });
});
