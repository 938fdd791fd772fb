/** @atlas/protocol: the Atlas wire (message model, codecs, handshake and transfer machines). */
export { PROTOCOL_VERSION, LATEST_VERSION, ACK_VERSION, SUPPORTED_VERSIONS, DEFAULT_MAX_FRAME_BYTES, FRAME_HEADER_BYTES, isSupportedVersion } from './constants/version';
export { ProtocolVersion, negotiateVersion } from './constants/version';
export { CLIENT_SINCE, SERVER_SINCE, clientSendable, serverSendable } from './constants/since';
export { ClientTypeId, ServerTypeId, ClientJsonName, ServerJsonName } from './constants/message-types';
export type { ClientMessageType, ServerMessageType } from './constants/message-types';
export { CloseCode, ErrorCode, isAtlasCode } from './constants/close-codes';
export { actionsDropped, droppedRange, type SeqRange } from './constants/dropped-range';
export {
  ActionChannel,
  SyncMode,
  TransferPhase,
  TransferReason,
  AbortReason,
  DetachReason,
  TransferRole,
  DeliverMode,
  GhostEndReason,
  Codec,
  EnumValues,
} from './constants/enums';

export type { Vec3, Quat } from './model/geometry';
export type {
  PlayerConnect,
  Welcome,
  PlayerMove,
  PlayerAction,
  ServerTransfer,
  Heartbeat,
  StateSync,
  ErrorMessage,
  Resume,
  Disconnect,
  ClientBatch,
  ClientMessage,
  ClientSingleMessage,
  SequencedClientMessage,
} from './model/client-messages';
export { isSequenced } from './model/client-messages';
export type {
  LinkHello,
  LinkWelcome,
  Attach,
  Detach,
  Forward,
  DeliverTarget,
  Deliver,
  TransferPrepare,
  TransferState,
  TransferAccept,
  TransferAbort,
  TransferPreload,
  GhostUpdate,
  GhostEnd,
  PeerMessage,
  Traced,
  TracedMessage,
  SeqHandover,
  RegionBounds,
  LoadReport,
  Ping,
  Pong,
  ForwardAck,
  PlayerAck,
  ServerBatch,
  ServerMessage,
  ServerSingleMessage,
} from './model/server-messages';

export type {
  ProtocolError,
  ProtocolErrorKind,
  TruncatedError,
  UnknownTypeError,
  UnsupportedVersionError,
  OversizeError,
  InvalidFieldError,
} from './errors';

export { ByteWriter } from './binary/byte-writer';
export { ByteReader } from './binary/byte-reader';
export { DEFAULT_LIMITS } from './binary/options';
export type { DecodeOptions } from './binary/options';
export { encodeClientMessage, writeClientMessage } from './binary/client-encode';
export { decodeClientMessage } from './binary/client-decode';
export { encodeServerMessage, writeServerMessage } from './binary/server-encode';
export { decodeServerMessage } from './binary/server-decode';
export type { JsonEnvelope, JsonMeta, JsonFrame } from './json/envelope';
export {
  encodeClientJson,
  encodeServerJson,
  decodeClientJson,
  decodeServerJson,
  decodeClientJsonFrame,
  decodeServerJsonFrame,
} from './json/json-codec';
export type { Frame, Encoding } from './codec';
export { encodingOf, decodeClientFrame, decodeServerFrame, encodeClientFrame, encodeServerFrame } from './codec';
export { BatchWriter, createClientBatchWriter, createServerBatchWriter } from './binary/batch-writer';
export { SequenceCounter, SequenceTracker, seqNewer } from './sequence/sequence';
export type { SeqVerdict } from './sequence/sequence';
export { negotiateCodecs } from './handshake/negotiate';
export { nodeSignedBytes } from './handshake/node-signature';
export type { SendOutput, CloseOutput, FailedOutput, Transcript } from './handshake/outputs';
export { ClientHandshake } from './handshake/client-handshake';
export type { ClientHandshakeOptions, ClientEstablished, ClientHandshakeOutput, ClientHandshakeState } from './handshake/client-handshake';
export { ServerHandshake } from './handshake/server-handshake';
export type {
  ServerHandshakeOptions,
  VerifyOutput,
  ServerEstablished,
  AcceptParams,
  ServerHandshakeOutput,
  ServerHandshakeState,
} from './handshake/server-handshake';
export { LinkOpener, LinkAcceptor } from './handshake/link-handshake';
export type {
  LinkOpenerOptions,
  LinkAcceptorOptions,
  LinkVerifyOutput,
  LinkEstablished,
  LinkHandshakeOutput,
  LinkHandshakeState,
} from './handshake/link-handshake';
export { TransferBuffer } from './transfer/transfer-buffer';
export { TransferCoordinator } from './transfer/transfer-coordinator';
export type { TransferPlan, TransferOutput, TransferCoordinatorState } from './transfer/transfer-coordinator';
export { TransferSource, TransferTarget } from './transfer/transfer-participants';
export type { ParticipantOutput, ParticipantState } from './transfer/transfer-participants';
