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
export { ResendBuffer } from './client/resend-buffer';
export type { WebSocketConstructor } from './client/socket';
export { syncClientCrypto, webClientCrypto } from './session/session-crypto';
export type { ClientCrypto, ClientKeyShare, ClientPsk, SessionSealer, SyncCryptoBackend } from './session/session-crypto';
export { COMPRESSION_CODECS, ENCRYPTION_CODECS, codecFamilies, compressionAlgorithm, isSealed, sessionCodecs } from './wire/codecs';
export type { CompressionCodec, EncryptionCodec, SessionCodecs } from './wire/codecs';
export { CLIENT_COMPRESSION_THRESHOLD, FrameCodec } from './wire/frame-pipeline';
export type { PipelineError } from './wire/frame-pipeline';
