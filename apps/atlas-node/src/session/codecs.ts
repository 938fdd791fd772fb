// Which codecs the node offers (one per family, best first) and what a chosen codec
// means for a session: a shared compressor, and the encryption mode. Layering of a
// session frame after Welcome (docs/protocol.md): encode -> [compress] -> [seal].
// `raw` adds no compression layer at all (no flag byte); `plaintext` no seal.
import { createCompressor, type Compressor } from '@atlas/compression';
import type { CompressionConfig, SecurityConfig } from '@atlas/config';
import { Codec } from '@atlas/protocol';

/** How a session's frames are sealed. */
export type SealMode = 'none' | 'ephemeral' | 'psk';

/** The node's codec policy, built once from the config. */
export interface CodecPolicy {
  /** Families for ServerHandshake: [compression, encryption], each best first. */
  readonly families: readonly (readonly string[])[];
  /** The shared compressor for a chosen compression codec; null for `raw`. */
  compressorFor(codec: string): Compressor | null;
  /** The seal mode of a chosen encryption codec. */
  sealModeOf(codec: string): SealMode;
}

/** Builds the policy: `maxDecompressedBytes` bounds what one inbound compressed frame may expand to. */
export function createCodecPolicy(compression: CompressionConfig, security: SecurityConfig, maxDecompressedBytes: number): CodecPolicy {
  const compressors = new Map<string, Compressor>();
  const make = (algorithm: 'lz4' | 'deflate'): Compressor =>
    createCompressor({ algorithm, threshold: compression.threshold, maxDecompressedBytes });
  compressors.set(Codec.Lz4, make('lz4'));
  compressors.set(Codec.Deflate, make('deflate'));
  const compressionFamily: string[] = [];
  if (compression.enable && compression.algorithm !== 'none') {
    compressionFamily.push(compression.algorithm === 'lz4' ? Codec.Lz4 : Codec.Deflate);
  }
  compressionFamily.push(Codec.Raw);
  let encryptionFamily: string[];
  // A pre-shared key always guards game-server links; clients use it only when told to.
  if (security.psk !== '' && security.psk_clients) encryptionFamily = [Codec.PskAes256Gcm];
  else if (security.require_encryption) encryptionFamily = [Codec.X25519Aes256Gcm, Codec.P256Aes256Gcm];
  // Encryption off: plaintext first, but a client that insists on encryption still gets it.
  else encryptionFamily = [Codec.Plaintext, Codec.X25519Aes256Gcm, Codec.P256Aes256Gcm];
  return {
    families: [compressionFamily, encryptionFamily],
    compressorFor: (codec) => compressors.get(codec) ?? null,
    sealModeOf: (codec) => (codec === Codec.Plaintext ? 'none' : codec === Codec.PskAes256Gcm ? 'psk' : 'ephemeral'),
  };
}
