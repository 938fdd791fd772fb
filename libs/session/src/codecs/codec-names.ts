// Codec names of the client link. PlayerConnect offers names from two families,
// compression and encryption; Welcome names one of each. `raw` means frames carry no
// compression flag at all; `plaintext` means frames are not sealed.
import { Codec } from '@atlas/protocol';

/** Compression codecs, best first (the node's default family order). */
export const COMPRESSION_CODECS = [Codec.Lz4, Codec.Deflate, Codec.Raw] as const;
/** Encryption codecs, best first. */
export const ENCRYPTION_CODECS = [Codec.PskAes256Gcm, Codec.X25519Aes256Gcm, Codec.P256Aes256Gcm, Codec.Plaintext] as const;
/** The ephemeral key-exchange codecs, best first (what an encrypting server offers without a pre-shared key). */
export const EPHEMERAL_CODECS = [Codec.X25519Aes256Gcm, Codec.P256Aes256Gcm] as const;

/** One of the compression codec names. */
export type CompressionCodec = (typeof COMPRESSION_CODECS)[number];
/** One of the encryption codec names. */
export type EncryptionCodec = (typeof ENCRYPTION_CODECS)[number];

/** What a session runs after Welcome. */
export interface SessionCodecs {
  readonly compression: CompressionCodec;
  readonly encryption: EncryptionCodec;
}

/** How a session's frames are sealed: not at all, with ephemeral keys, or with a pre-shared key mixed in. */
export type SealMode = 'none' | 'ephemeral' | 'psk';

/** Reads the chosen codecs from Welcome (absent families mean raw / plaintext). */
export function sessionCodecs(chosen: readonly string[]): SessionCodecs {
  const compression = COMPRESSION_CODECS.find((c) => chosen.includes(c)) ?? Codec.Raw;
  const encryption = ENCRYPTION_CODECS.find((c) => chosen.includes(c)) ?? Codec.Plaintext;
  return { compression, encryption };
}

/** The compression algorithm name of `@atlas/compression` for a codec, undefined for raw (and unknown names). */
export function compressionAlgorithm(codec: string): 'lz4' | 'deflate' | undefined {
  return codec === Codec.Lz4 ? 'lz4' : codec === Codec.Deflate ? 'deflate' : undefined;
}

/** True when the encryption codec seals frames. */
export function isSealed(codec: EncryptionCodec): boolean {
  return codec !== Codec.Plaintext;
}

/** The seal mode of an encryption codec name (`plaintext` and names outside the family seal nothing). */
export function sealModeOf(codec: string): SealMode {
  if (codec === Codec.PskAes256Gcm) return 'psk';
  return codec === Codec.X25519Aes256Gcm || codec === Codec.P256Aes256Gcm ? 'ephemeral' : 'none';
}
