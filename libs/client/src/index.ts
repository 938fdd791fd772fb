/**
 * @atlas/client: the Atlas client SDK for browsers and Node. Handshake, encrypted
 * channel, moves and actions with sequence numbers, typed events, heartbeat RTT,
 * transparent transfers and reconnection with the resume ticket.
 */
export { AtlasClient, createAtlasClient } from './client/atlas-client';
export type { ClientState } from './client/atlas-client';
export type {
  AtlasClientEvents,
  AtlasClientOptions,
  ClientError,
  ClientStats,
  CloseInfo,
  EncryptionMode,
  HeartbeatOptions,
  ReconnectOptions,
  SessionInfo,
} from './client/types';
export type { WebSocketConstructor } from './client/socket';
// The session pieces this SDK runs on, from @atlas/session (kept here so existing imports keep working).
export {
  CLIENT_COMPRESSION_THRESHOLD,
  COMPRESSION_CODECS,
  ENCRYPTION_CODECS,
  FrameCodec,
  ResendBuffer,
  codecFamilies,
  compressionAlgorithm,
  isSealed,
  sessionCodecs,
  syncClientCrypto,
  webClientCrypto,
} from '@atlas/session';
export type {
  ClientCrypto,
  ClientKeyShare,
  ClientPsk,
  CompressionCodec,
  EncryptionCodec,
  PipelineError,
  SessionCodecs,
  SessionSealer,
  SyncCryptoBackend,
} from '@atlas/session';
