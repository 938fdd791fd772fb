// Codec negotiation on the client link. PlayerConnect offers names from two families,
// compression and encryption; Welcome names one of each. `raw` means frames carry no
// compression flag at all; `plaintext` means frames are not sealed.
import { Codec } from '@atlas/protocol';

/** Compression codecs, best first (the node's default family order). */
export const COMPRESSION_CODECS = [Codec.Lz4, Codec.Deflate, Codec.Raw] as const;
/** Encryption codecs this SDK can run, best first. */
export const ENCRYPTION_CODECS = [Codec.PskAes256Gcm, Codec.X25519Aes256Gcm, Codec.P256Aes256Gcm, Codec.Plaintext] as const;

/** One of the compression codec names. */
export type CompressionCodec = (typeof COMPRESSION_CODECS)[number];
/** One of the encryption codec names. */
export type EncryptionCodec = (typeof ENCRYPTION_CODECS)[number];

/** What a session runs after Welcome. */
export interface SessionCodecs {
  readonly compression: CompressionCodec;
  readonly encryption: EncryptionCodec;
}

/** The codec families a node (or sim-server direct mode) offers, for ServerHandshake's `codecFamilies`. */
export function codecFamilies(options: { readonly compression?: readonly CompressionCodec[]; readonly encryption: boolean }): string[][] {
  return [
    [...(options.compression ?? COMPRESSION_CODECS)],
    options.encryption ? [Codec.X25519Aes256Gcm, Codec.P256Aes256Gcm] : [Codec.Plaintext],
  ];
}

/** Reads the chosen codecs from Welcome (absent families mean raw / plaintext). */
export function sessionCodecs(chosen: readonly string[]): SessionCodecs {
  const compression = COMPRESSION_CODECS.find((c) => chosen.includes(c)) ?? Codec.Raw;
  const encryption = ENCRYPTION_CODECS.find((c) => chosen.includes(c)) ?? Codec.Plaintext;
  return { compression, encryption };
}

/** The compression algorithm name of `@atlas/compression` for a codec, undefined for raw. */
export function compressionAlgorithm(codec: CompressionCodec): 'lz4' | 'deflate' | undefined {
  return codec === Codec.Lz4 ? 'lz4' : codec === Codec.Deflate ? 'deflate' : undefined;
}

/** True when the encryption codec seals frames. */
export function isSealed(codec: EncryptionCodec): boolean {
  return codec !== Codec.Plaintext;
}
