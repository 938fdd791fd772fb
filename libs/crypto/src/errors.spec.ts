import { CryptoErrorKinds, describeCryptoError, type CryptoError } from './errors';

const samples: Record<CryptoError['kind'], CryptoError> = {
  truncated: { kind: 'truncated', length: 3, minimum: 29 },
  'unsupported-version': { kind: 'unsupported-version', version: 2 },
  'malformed-header': { kind: 'malformed-header', reason: 'x' },
  'wrong-direction': { kind: 'wrong-direction', expected: 0, actual: 1 },
  'bad-epoch': { kind: 'bad-epoch', epoch: 5, current: 1 },
  replay: { kind: 'replay', counter: 1, highest: 4 },
  'authentication-failed': { kind: 'authentication-failed' },
  'unsupported-suite': { kind: 'unsupported-suite', suite: 9 },
  'invalid-key-share': { kind: 'invalid-key-share', reason: 'x' },
  'key-exchange-failed': { kind: 'key-exchange-failed', reason: 'x' },
  'malformed-token': { kind: 'malformed-token', reason: 'x' },
  'bad-signature': { kind: 'bad-signature' },
  expired: { kind: 'expired', expiredAt: 1 },
  'not-yet-valid': { kind: 'not-yet-valid', notBefore: 2 },
  'ticket-mismatch': { kind: 'ticket-mismatch', field: 'sessionId' },
  'weak-parameters': { kind: 'weak-parameters', reason: 'x' },
  'bad-proof': { kind: 'bad-proof' },
  'invalid-node-key': { kind: 'invalid-node-key', reason: 'x' },
  'unsigned-node': { kind: 'unsigned-node' },
  'unknown-node': { kind: 'unknown-node' },
  'ed25519-unavailable': { kind: 'ed25519-unavailable', reason: 'x' },
};

describe('crypto errors', () => {
  it('lists every kind once and describes each on one line', () => {
    expect([...CryptoErrorKinds].sort()).toEqual(Object.keys(samples).sort());
    for (const kind of CryptoErrorKinds) {
      const text = describeCryptoError(samples[kind]);
      expect(text).toMatch(/^\S.*$/);
    }
  });
});
