import * as E from 'fp-ts/lib/Either.js';
import { createKeyShare, createWebCryptoChannel, deriveSessionKeys, handshakeTranscript } from './index';
import { createKeyShareForSync, createNodeChannel, deriveSessionKeysSync } from './node/index';

describe('the README example', () => {
  it('runs as written, through the public entry points', async () => {
    const helloBytes = Uint8Array.of(1, 2, 3);
    const welcomeBytes = Uint8Array.of(4, 5, 6);
    // --- README example, verbatim ---
    const orThrow = <A>(r: E.Either<unknown, A>): A => { if (E.isLeft(r)) throw new Error(JSON.stringify(r.left)); return r.right; };
    const client = orThrow(await createKeyShare());                   // client.keyShare goes into the hello
    const server = orThrow(createKeyShareForSync(client.keyShare));   // server.keyShare goes into the welcome
    const transcript = handshakeTranscript(helloBytes, welcomeBytes); // both ends: the messages as encoded on the wire
    const serverKeys = orThrow(deriveSessionKeysSync({ role: 'server', local: server, peerKeyShare: client.keyShare, transcript }));
    const clientKeys = orThrow(await deriveSessionKeys({ role: 'client', local: client, peerKeyShare: server.keyShare, transcript }));
    const node = createNodeChannel({ role: 'server', keys: serverKeys, keyRotationIntervalSeconds: 3600 });
    const browser = await createWebCryptoChannel({ role: 'client', keys: clientKeys });
    const opened = node.open(await browser.seal(new TextEncoder().encode('hello'))); // Either<ChannelError, Uint8Array>
    // --- end ---
    expect(opened).toEqual(E.right(new TextEncoder().encode('hello')));
  });
});
