import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { randomSessionKeys } from '../../test/vectors';
import { asyncBackendFromSync } from '../channel/backend';
import { createAsyncChannel } from '../channel/async-channel';
import { handshakeTranscript } from '../key-schedule';
import { createKeyShare, deriveSessionKeys } from '../web/key-exchange';
import { createWebCryptoChannel } from '../web/aead';
import { createNodeChannel, nodeBackend } from './aead';
import { createKeyShareForSync, deriveSessionKeysSync } from './key-exchange';

function must<A>(result: E.Either<unknown, A>): A {
  if (E.isLeft(result)) throw new Error(`unexpected ${JSON.stringify(result.left)}`);
  return result.right;
}

describe('node:crypto and WebCrypto channels interoperate', () => {
  it('node seals what WebCrypto opens and back, across re-keys (200 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.boolean(), fc.uint8Array({ maxLength: 1100 })), { minLength: 1, maxLength: 8 }), async (messages) => {
        const keys = randomSessionKeys();
        const node = createNodeChannel({ keys, role: 'server', maxMessagesPerKey: 2 });
        const web = await createWebCryptoChannel({ keys, role: 'client', maxMessagesPerKey: 2 });
        for (const [fromNode, message] of messages) {
          if (fromNode) expect(await web.open(node.seal(message))).toEqual(E.right(message));
          else expect(node.open(await web.seal(message))).toEqual(E.right(message));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('runs node:crypto under the async channel interface too', async () => {
    const keys = randomSessionKeys();
    const asyncNode = await createAsyncChannel(asyncBackendFromSync(nodeBackend), { keys, role: 'client' });
    const web = await createWebCryptoChannel({ keys, role: 'server' });
    expect(await web.open(await asyncNode.seal(Uint8Array.of(5)))).toEqual(E.right(Uint8Array.of(5)));
    expect(await asyncNode.open(await web.seal(Uint8Array.of(6)))).toEqual(E.right(Uint8Array.of(6)));
  });

  it('completes a full handshake: WebCrypto client, node:crypto server, then traffic', async () => {
    // Client: key share into the hello.
    const clientShare = must(await createKeyShare());
    const hello = Uint8Array.of(0xa1, ...clientShare.keyShare);
    // Server: answers in the same suite, puts its share into the welcome.
    const serverShare = must(createKeyShareForSync(clientShare.keyShare));
    const welcome = Uint8Array.of(0xa2, ...serverShare.keyShare);
    const transcript = handshakeTranscript(hello, welcome);
    const serverKeys = must(deriveSessionKeysSync({ role: 'server', local: serverShare, peerKeyShare: clientShare.keyShare, transcript }));
    const clientKeys = must(await deriveSessionKeys({ role: 'client', local: clientShare, peerKeyShare: serverShare.keyShare, transcript }));
    const server = createNodeChannel({ keys: serverKeys, role: 'server' });
    const client = await createWebCryptoChannel({ keys: clientKeys, role: 'client' });
    expect(server.open(await client.seal(Uint8Array.of(1, 2)))).toEqual(E.right(Uint8Array.of(1, 2)));
    expect(await client.open(server.seal(Uint8Array.of(3)))).toEqual(E.right(Uint8Array.of(3)));
  });
});
