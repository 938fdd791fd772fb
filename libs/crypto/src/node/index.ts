/**
 * @atlas/crypto/node: the synchronous node:crypto backend and sync twins of the
 * isomorphic helpers, for Node processes (atlas-node's hot path). Everything here
 * produces and accepts exactly the same bytes as the WebCrypto code in `@atlas/crypto`.
 */
export { createNodeChannel, hkdfSha256Sync, nodeBackend } from './aead';
export {
  computeSharedSecretSync,
  createKeyShareForSync,
  createKeyShareSync,
  deriveSessionKeysSync,
} from './key-exchange';
export type { NodeKeyShare } from './key-exchange';
export { createLinkProofSync, derivePreSharedKeySync, verifyLinkProofSync } from './psk';
export { createLinkAuth } from './link-auth';
export type { LinkAuth, LinkAuthError, LinkHelloFields, LinkPsk, LinkWelcomeFields } from './link-auth';
export { loadNodeIdentity } from './node-identity';
export type { NodeIdentity } from './node-identity';
export { createPlayerTokensSync, createResumeTicketsSync } from './tokens';
export type { PlayerTokensSync, ResumeTicketsSync } from './tokens';
