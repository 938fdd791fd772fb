/**
 * @atlas/crypto: key exchange, the AES-256-GCM session channel, player tokens, resume
 * tickets and PBKDF2 pre-shared keys. Isomorphic (WebCrypto); the synchronous
 * node:crypto backend and sync helpers live in `@atlas/crypto/node`.
 */

// Errors
export { CryptoErrorKinds, Directions, describeCryptoError } from './errors';
export type {
  NodeIdentityError,
  ChannelError,
  CryptoError,
  Direction,
  KeyExchangeError,
  LinkProofError,
  ParameterError,
  TokenError,
} from './errors';

// Key exchange
export {
  KeyExchangeSuites,
  PREFERRED_SUITES,
  PUBLIC_KEY_LENGTHS,
  decodeKeyShare,
  encodeKeyShare,
  isKeyExchangeSuite,
  negotiateSuite,
} from './suites';
export type { DecodedKeyShare, KeyExchangeSuite } from './suites';
export { KEY_LENGTH, MIN_PSK_LENGTH, Roles, handshakeTranscript } from './key-schedule';
export type { DeriveSessionKeysInput, Role, SessionKeys } from './key-schedule';
export { Labels } from './labels';
export { createKeyShare, createKeyShareFor, deriveSessionKeys, supportedSuites } from './web/key-exchange';
export type { WebKeyShare } from './web/key-exchange';

// Channel
export { FRAME_HEADER_LENGTH, FRAME_OVERHEAD, FRAME_VERSION, NONCE_LENGTH, TAG_LENGTH, sealedLength } from './channel/frame';
export { DEFAULT_KEY_ROTATION_INTERVAL_SECONDS, MAX_MESSAGES_PER_KEY } from './channel/options';
export type { ChannelOptions } from './channel/options';
export { asyncBackendFromSync } from './channel/backend';
export type { AsyncBackend, SyncBackend } from './channel/backend';
export { SyncChannel, createSyncChannel } from './channel/sync-channel';
export { AsyncChannel, createAsyncChannel } from './channel/async-channel';
export { createWebCryptoChannel, webCryptoBackend } from './web/aead';

// Pre-shared keys and link proofs
export {
  LINK_NONCE_LENGTH,
  LinkRoles,
  MAX_PBKDF2_ITERATIONS,
  MIN_PBKDF2_ITERATIONS,
  MIN_PSK_SALT_LENGTH,
  PRE_SHARED_KEY_LENGTH,
  createLinkNonce,
} from './psk';
export type { LinkProofInput, LinkRole, PreSharedKeyConfig } from './psk';
export { createLinkProof, derivePreSharedKey, verifyLinkProof } from './web/psk';

// The node identity key (Ed25519): clients pin it, nodes sign their Welcome with it
export { NODE_KEY_LENGTH, NODE_SIGNATURE_LENGTH, parseNodeKey } from './node-identity';
export { verifyNodeSignature } from './web/node-identity';

// Player tokens and resume tickets
export { MAX_SIGNED_STRING_LENGTH, MIN_HMAC_SECRET_LENGTH } from './tokens/signed-string';
export { PLAYER_TOKEN_HEADER, RESERVED_CLAIMS } from './tokens/player-token';
export type { IssuePlayerTokenInput, PlayerToken, VerifyTokenOptions } from './tokens/player-token';
export { RESUME_TICKET_PREFIX } from './tokens/resume-ticket';
export type { IssueResumeTicketInput, ResumeTicket, VerifyResumeTicketOptions } from './tokens/resume-ticket';
export { createPlayerTokens, createResumeTickets } from './web/tokens';
export type { PlayerTokens, ResumeTickets } from './web/tokens';

// Byte helpers other libs may want
export { constantTimeEqual, randomBytes } from './bytes';
