import type { AsyncBackend } from '../channel/backend';
import { createAsyncChannel, type AsyncChannel } from '../channel/async-channel';
import type { ChannelOptions } from '../channel/options';
import { bufferSource, hkdfSha256, subtle, type WebCryptoKey } from './subtle';

/** The WebCrypto AES-256-GCM backend: runs in browsers and Node, one promise per message. */
export const webCryptoBackend: AsyncBackend<WebCryptoKey> = {
  name: 'webcrypto',
  importKey: (raw) => subtle().importKey('raw', bufferSource(raw), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']),
  hkdf: hkdfSha256,
  seal: async (key, nonce, aad, plaintext) =>
    new Uint8Array(
      await subtle().encrypt(
        { name: 'AES-GCM', iv: bufferSource(nonce), additionalData: bufferSource(aad), tagLength: 128 },
        key,
        bufferSource(plaintext),
      ),
    ),
  open: async (key, nonce, aad, sealed) => {
    try {
      return new Uint8Array(
        await subtle().decrypt(
          { name: 'AES-GCM', iv: bufferSource(nonce), additionalData: bufferSource(aad), tagLength: 128 },
          key,
          bufferSource(sealed),
        ),
      );
    } catch {
      return undefined;
    }
  },
};

/** An AsyncChannel over WebCrypto (browsers; Node code should prefer createNodeChannel). */
export function createWebCryptoChannel(options: ChannelOptions): Promise<AsyncChannel> {
  return createAsyncChannel(webCryptoBackend, options);
}
