import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { KeyExchangeSuites, decodeKeyShare, encodeKeyShare, negotiateSuite } from './suites';
import { handshakeTranscript } from './key-schedule';

describe('key shares on the wire', () => {
  it('are one suite byte then the raw public key', () => {
    const share = encodeKeyShare(KeyExchangeSuites.X25519, new Uint8Array(32).fill(9));
    expect(share[0]).toBe(1);
    expect(decodeKeyShare(share)).toEqual(E.right({ suite: 1, publicKey: new Uint8Array(32).fill(9) }));
  });

  it('decode any bytes without throwing (1,000 runs)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => void decodeKeyShare(bytes)), { numRuns: 1000 });
  });

  it('refuse compressed P-256 points and unknown suites', () => {
    const compressed = new Uint8Array(66);
    compressed[0] = 2;
    compressed[1] = 2;
    expect(decodeKeyShare(compressed)).toMatchObject(E.left({ kind: 'invalid-key-share' }));
    expect(negotiateSuite(Uint8Array.of(7))).toEqual(E.left({ kind: 'unsupported-suite', suite: 7 }));
  });
});

describe('handshake transcript', () => {
  it('length-prefixes each message so different splits differ', () => {
    const a = handshakeTranscript(Uint8Array.of(1, 2), Uint8Array.of(3));
    const b = handshakeTranscript(Uint8Array.of(1), Uint8Array.of(2, 3));
    expect(Array.from(a)).toEqual([2, 0, 0, 0, 1, 2, 1, 0, 0, 0, 3]);
    expect(a).not.toEqual(b);
  });
});
