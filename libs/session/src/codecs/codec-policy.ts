// What each end offers and runs. A server (the node, sim-server's direct mode, test
// fakes) offers one family per layer, best first, for ServerHandshake; the protocol's
// negotiation then picks the first of each family the client also offers. A client
// offers its compression codecs, then its encryption codecs in its own order.
import { createCompressor, type Compressor } from '@atlas/compression';
import { Codec } from '@atlas/protocol';
import { COMPRESSION_CODECS, EPHEMERAL_CODECS, compressionAlgorithm, sealModeOf, type CompressionCodec, type SealMode } from './codec-names';

/** The codec families a simple server offers, for ServerHandshake's `codecFamilies`. */
export function codecFamilies(options: { readonly compression?: readonly CompressionCodec[]; readonly encryption: boolean }): string[][] {
  return [[...(options.compression ?? COMPRESSION_CODECS)], options.encryption ? [...EPHEMERAL_CODECS] : [Codec.Plaintext]];
}

/** How a server encrypts: `psk` (pre-shared key required), `required` (ephemeral keys), `optional` (plaintext first). */
export type EncryptionPolicy = 'psk' | 'required' | 'optional';

/** Settings of a server's codec policy. */
export interface CodecPolicyOptions {
  /** The one compression algorithm offered before `raw` (`none`: raw only). */
  readonly compression: 'lz4' | 'deflate' | 'none';
  /** Frames shorter than this go uncompressed. */
  readonly threshold: number;
  readonly encryption: EncryptionPolicy;
  /** Bounds what one inbound compressed frame may expand to. */
  readonly maxDecompressedBytes: number;
}

/** A server's codec policy, built once: offered families and one shared compressor per codec. */
export interface CodecPolicy {
  /** Families for ServerHandshake: [compression, encryption], each best first. */
  readonly families: readonly (readonly string[])[];
  /** The shared compressor for a chosen compression codec; null for `raw`. */
  compressorFor(codec: string): Compressor | null;
  /** The seal mode of a chosen encryption codec. */
  sealModeOf(codec: string): SealMode;
}

/** Builds a server's codec policy (compressors are stateless per call, so every session shares them). */
export function createCodecPolicy(o: CodecPolicyOptions): CodecPolicy {
  const compressors = new Map<string, Compressor>();
  for (const codec of [Codec.Lz4, Codec.Deflate]) {
    const algorithm = compressionAlgorithm(codec) as 'lz4' | 'deflate';
    compressors.set(codec, createCompressor({ algorithm, threshold: o.threshold, maxDecompressedBytes: o.maxDecompressedBytes }));
  }
  const compression: string[] = o.compression === 'none' ? [] : [o.compression === 'lz4' ? Codec.Lz4 : Codec.Deflate];
  compression.push(Codec.Raw);
  // Encryption optional: plaintext first, but a client that insists on encryption still gets it.
  const encryption: string[] = o.encryption === 'psk' ? [Codec.PskAes256Gcm] : o.encryption === 'required' ? [...EPHEMERAL_CODECS] : [Codec.Plaintext, ...EPHEMERAL_CODECS];
  return {
    families: [compression, encryption],
    compressorFor: (codec) => compressors.get(codec) ?? null,
    sealModeOf,
  };
}

/** What a client offers, in order: its compression codecs, then encryption (psk first, its key share's suite, plaintext last). */
export function clientOffer(o: {
  readonly compression: readonly string[];
  /** The codec of the client's key share; undefined when it does not encrypt. */
  readonly keyShareCodec: string | undefined;
  readonly psk: boolean;
  readonly plaintext: boolean;
}): string[] {
  const codecs = [...o.compression];
  if (o.keyShareCodec !== undefined) {
    if (o.psk) codecs.push(Codec.PskAes256Gcm);
    codecs.push(o.keyShareCodec);
  }
  if (o.plaintext) codecs.push(Codec.Plaintext);
  return codecs;
}
