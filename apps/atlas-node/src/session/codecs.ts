// The node's codec policy: its configuration read as @atlas/session's policy (which
// codecs the node offers, one family per layer, best first; one shared compressor per
// compression codec; what a chosen encryption codec means for the seal).
import type { CompressionConfig, SecurityConfig } from '@atlas/config';
import { createCodecPolicy as sessionCodecPolicy, type CodecPolicy, type EncryptionPolicy } from '@atlas/session';

export type { CodecPolicy } from '@atlas/session';

/** Builds the policy once from the config: `maxDecompressedBytes` bounds what one inbound compressed frame may expand to. */
export function createCodecPolicy(compression: CompressionConfig, security: SecurityConfig, maxDecompressedBytes: number): CodecPolicy {
  // A pre-shared key always guards game-server links; clients use it only when told to.
  const encryption: EncryptionPolicy = security.psk !== '' && security.psk_clients ? 'psk' : security.require_encryption ? 'required' : 'optional';
  return sessionCodecPolicy({
    compression: compression.enable ? compression.algorithm : 'none',
    threshold: compression.threshold,
    encryption,
    maxDecompressedBytes,
  });
}
