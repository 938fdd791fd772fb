import * as E from 'fp-ts/lib/Either.js';
import type { NodeIdentityError } from '../errors';
import { NODE_SIGNATURE_LENGTH } from '../node-identity';
import { bufferSource, subtle } from './subtle';

/**
 * Checks that `signature` over `message` was made by one of the pinned raw Ed25519 keys
 * (WebCrypto: browsers with Ed25519, Node 20+). An empty or missing signature is
 * `unsigned-node`, one that no pinned key verifies is `unknown-node`.
 */
export async function verifyNodeSignature(
  pins: readonly Uint8Array[],
  message: Uint8Array,
  signature: Uint8Array | undefined,
): Promise<E.Either<NodeIdentityError, void>> {
  if (signature === undefined || signature.length === 0) return E.left({ kind: 'unsigned-node' });
  if (signature.length !== NODE_SIGNATURE_LENGTH) return E.left({ kind: 'unknown-node' });
  for (const pin of pins) {
    let ok: boolean;
    try {
      const key = await subtle().importKey('raw', bufferSource(pin), { name: 'Ed25519' }, false, ['verify']);
      ok = await subtle().verify({ name: 'Ed25519' }, key, bufferSource(signature), bufferSource(message));
    } catch (e) {
      return E.left({ kind: 'ed25519-unavailable', reason: (e as Error).message });
    }
    if (ok) return E.right(undefined);
  }
  return E.left({ kind: 'unknown-node' });
}
