import * as E from 'fp-ts/lib/Either.js';
import { toHexString } from '../../test/vectors';
import { createNodeChannel } from '../node/aead';
import { createWebCryptoChannel } from '../web/aead';
import { FRAME_OVERHEAD, readHeader, writeHeader, writeNonce } from './frame';

/**
 * The worked example of docs/encryption.md, computed independently with plain
 * node:crypto calls: client -> server key 00 01 .. 1f, plaintext "hi".
 */
const KEY = Uint8Array.from({ length: 32 }, (_, i) => i);
const keys = { suite: 1 as const, clientToServer: KEY, serverToClient: new Uint8Array(32).fill(0xee) };
const GOLDEN = {
  first: '10' + '00000000' + '0000000000000000' + '66d5' + '1cab0fba954eccd571491720ca16aea3',
  second: '10' + '00000000' + '0100000000000000' + '8dfe' + '3fd73a61c93437cbd31ba18429a2db96',
  /** Second frame when the sender re-keys after every frame: epoch 1 under HKDF(key, "atlas/1 rekey"). */
  rekeyed: '10' + '01000000' + '0100000000000000' + 'b811' + '9ffd6724fdaf851dfa1478e5eb967a30',
};
const hi = new TextEncoder().encode('hi');

describe('sealed-frame layout', () => {
  it('matches the documented bytes with both backends', async () => {
    const node = createNodeChannel({ keys, role: 'client' });
    const web = await createWebCryptoChannel({ keys, role: 'client' });
    expect([toHexString(node.seal(hi)), toHexString(node.seal(hi))]).toEqual([GOLDEN.first, GOLDEN.second]);
    expect([toHexString(await web.seal(hi)), toHexString(await web.seal(hi))]).toEqual([GOLDEN.first, GOLDEN.second]);
  });

  it('re-keys with HKDF(key, "atlas/1 rekey") as documented, on both backends', async () => {
    const node = createNodeChannel({ keys, role: 'client', maxMessagesPerKey: 1 });
    const web = await createWebCryptoChannel({ keys, role: 'client', maxMessagesPerKey: 1 });
    node.seal(hi);
    await web.seal(hi);
    expect(toHexString(node.seal(hi))).toBe(GOLDEN.rekeyed);
    expect(toHexString(await web.seal(hi))).toBe(GOLDEN.rekeyed);
  });

  it('writes header and nonce little-endian, counters up to 2^53 - 1', () => {
    const header = new Uint8Array(13);
    writeHeader(header, 0, 1, 0x01020304, 2 ** 53 - 1);
    expect(toHexString(header)).toBe('11' + '04030201' + 'ffffffffffff1f00');
    expect(readHeader(new Uint8Array([...header, ...new Uint8Array(16)]), 1)).toEqual(
      E.right({ direction: 1, epoch: 0x01020304, counter: 2 ** 53 - 1 }),
    );
    const nonce = new Uint8Array(12);
    writeNonce(nonce, 1, 0x1_0000_0002);
    expect(toHexString(nonce)).toBe('01000000' + '02000000' + '01000000');
  });

  it('reads headers without throwing on any short input', () => {
    for (let length = 0; length < FRAME_OVERHEAD; length++) {
      expect(readHeader(new Uint8Array(length), 0)).toEqual(E.left({ kind: 'truncated', length, minimum: FRAME_OVERHEAD }));
    }
  });
});
