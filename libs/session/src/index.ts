/**
 * @atlas/session: the client-link session both ends share (client SDK, atlas-node,
 * sim-server's direct mode, test fakes): the frame pipeline, codec negotiation policy,
 * handshake glue for the client and the server side, resend buffer and sequence
 * numbering. Isomorphic: the cipher is injected (WebCrypto, or `@atlas/crypto/node`).
 */
export { COMPRESSION_CODECS, ENCRYPTION_CODECS, EPHEMERAL_CODECS, compressionAlgorithm, isSealed, sealModeOf, sessionCodecs } from './codecs/codec-names';
export type { CompressionCodec, EncryptionCodec, SealMode, SessionCodecs } from './codecs/codec-names';
export { clientOffer, codecFamilies, createCodecPolicy } from './codecs/codec-policy';
export type { CodecPolicy, CodecPolicyOptions, EncryptionPolicy } from './codecs/codec-policy';

export { compressPayload, decodePayload, inflatePayload, receiveFrame, sendsText, unwrapFrame, wrapPayload } from './pipeline/layers';
export type { FrameChannel, FrameLayers, PipelineError, ReceiveOptions } from './pipeline/layers';
export { CLIENT_COMPRESSION_THRESHOLD, FrameCodec } from './pipeline/frame-codec';

export { syncClientCrypto, webClientCrypto } from './handshake/client-crypto';
export type { ClientCrypto, ClientKeyShare, ClientPsk, SessionSealer, SyncCryptoBackend } from './handshake/client-crypto';
export { openClientSession } from './handshake/client-session';
export type { ClientSessionParams, OpenClientSession, SessionRefusal } from './handshake/client-session';
export { keyShareAgrees, openSyncChannel, serverChannel, serverKeyShare } from './handshake/session-keys';
export type { ChannelParams, ServerCryptoBackend, SyncKeyBackend } from './handshake/session-keys';
export { ServerSessionHandshake } from './handshake/server-session';
export type { OpenOutput, ServerSessionOptions, ServerSessionOutput } from './handshake/server-session';

export { ResendBuffer } from './sequence/resend-buffer';
export { lastStamped, stampSequence } from './sequence/stamp';
export type { SeqCursor } from './sequence/stamp';
