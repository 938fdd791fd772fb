// Round-trip properties: decode(encode(m)) equals m for both codecs on both links.
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { decodeClientFrame, decodeServerFrame, encodeClientFrame, encodeServerFrame } from './codec';
import { decodeClientJsonFrame, encodeClientJson } from './json/json-codec';
import { arbClientMessage, arbServerMessage, arbText, arbF64 } from './testing/arbitraries';

const RUNS = { numRuns: 1000 };

describe('codec round trips', () => {
  it('binary client link: decode(encode(m)) = m', () => {
    fc.assert(fc.property(arbClientMessage, (m) => expect(decodeClientFrame(encodeClientFrame(m, 'binary'))).toEqual(E.right(m))), RUNS);
  });

  it('binary server link: decode(encode(m)) = m', () => {
    fc.assert(fc.property(arbServerMessage, (m) => expect(decodeServerFrame(encodeServerFrame(m, 'binary'))).toEqual(E.right(m))), RUNS);
  });

  it('JSON client link: decode(encode(m)) = m', () => {
    fc.assert(fc.property(arbClientMessage, (m) => expect(decodeClientFrame(encodeClientFrame(m, 'json'))).toEqual(E.right(m))), RUNS);
  });

  it('JSON server link: decode(encode(m)) = m', () => {
    fc.assert(fc.property(arbServerMessage, (m) => expect(decodeServerFrame(encodeServerFrame(m, 'json'))).toEqual(E.right(m))), RUNS);
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
});
