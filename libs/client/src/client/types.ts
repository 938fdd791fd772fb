// Options, events and statistics of an AtlasClient.
import type { Encoding, ErrorMessage, PlayerAction, ServerTransfer, StateSync } from '@atlas/protocol';
import type { ClientPsk, CompressionCodec, SyncCryptoBackend } from '@atlas/session';
import type { WebSocketConstructor } from './socket';

/** Whether the session is encrypted: `required` (default), `preferred` (plaintext if the node has encryption off), or `off`. */
export type EncryptionMode = 'required' | 'preferred' | 'off';

/** Reconnection after an unexpected close, with the resume ticket. */
export interface ReconnectOptions {
  /** Attempts before giving up (default 10). */
  readonly maxAttempts?: number;
  /** First delay; doubles per attempt (default 100 ms). */
  readonly baseDelayMs?: number;
  /** Longest delay (default 5000 ms). */
  readonly maxDelayMs?: number;
}

/** Heartbeat settings chosen by the caller. */
export interface HeartbeatOptions {
  /** Milliseconds between Heartbeats (default: the node's `heartbeatMs` from Welcome). */
  readonly intervalMs?: number;
}

/** How to connect. */
export interface AtlasClientOptions {
  /** The node's client endpoint, e.g. `ws://127.0.0.1:8080/ws`. */
  readonly url: string;
  /** Signed player token from the game's auth service (any string when the node allows anonymous players). */
  readonly token: string;
  /** WebSocket constructor (default `globalThis.WebSocket`; in Node pass the `ws` package's). */
  readonly WebSocket?: WebSocketConstructor;
  /** Frame encoding (default binary; JSON is for debugging and simple clients). */
  readonly encoding?: Encoding;
  /** Compression codecs offered, best first (default lz4, deflate, raw). */
  readonly compression?: readonly CompressionCodec[];
  /** Frames below this many bytes are sent uncompressed (default 1024, the node's `compression.threshold` default). */
  readonly compressionThreshold?: number;
  /** Encryption policy (default `required`). */
  readonly encryption?: EncryptionMode;
  /** A synchronous crypto backend: pass `@atlas/crypto/node` in Node load generators (default WebCrypto). */
  readonly syncCrypto?: SyncCryptoBackend;
  /** Pre-shared key of a closed deployment (the node's `security.psk`, salt and iterations, or the derived key). */
  readonly psk?: ClientPsk;
  /**
   * Node identity keys to pin (base64 of the raw Ed25519 public key, or the node's
   * `openssl pkey -pubout` PEM or its body): the client then refuses, with 4018
   * NodeUnverified and no retry, a Welcome not signed by one of them, so a man in the
   * middle cannot act as the node. Give the old and the new key while rotating. Default
   * none: the node is not authenticated (use wss:// for that).
   */
  readonly nodeKeys?: readonly string[];
  /** Key rotation interval of the session channel, seconds (default 3600). */
  readonly keyRotationSeconds?: number;
  /** Reconnect with the resume ticket after an unexpected close (default on); false disables. */
  readonly reconnect?: ReconnectOptions | false;
  /**
   * Send Heartbeats and measure RTT (default true: at the node's Welcome interval); false
   * disables; `{intervalMs}` sets the interval (e.g. 1000 for RTT samples in short load runs).
   * The idle check closes the socket after 3 intervals of silence (the longer of this and the node's).
   */
  readonly heartbeat?: boolean | HeartbeatOptions;
  /** Time to wait for Welcome (default 10,000 ms). */
  readonly handshakeTimeoutMs?: number;
  /** Largest frame accepted from the node (default 1 MiB). */
  readonly maxFrameBytes?: number;
  /** Sent moves and actions kept for resending after a resume (default 1024). */
  readonly resendBuffer?: number;
  /** How long a resumed session waits for the node's Resume before sending on (default 1000 ms). */
  readonly resumeWaitMs?: number;
  /** Clock for heartbeats and move timestamps, milliseconds (default performance.now). */
  readonly now?: () => number;
}

/** What Welcome said, as the client keeps it. */
export interface SessionInfo {
  readonly playerId: string;
  readonly sessionId: string;
  readonly resumed: boolean;
  readonly codecs: readonly string[];
  readonly heartbeatMs: number;
  readonly encrypted: boolean;
}

/** Why connecting (or reconnecting) failed, or why the session ended. */
export interface ClientError {
  readonly kind: 'socket' | 'handshake' | 'crypto' | 'closed';
  /** The close code (a CloseCode, 1006 for a network failure) or the node's error code. */
  readonly code: number;
  readonly message: string;
}

/** The socket closed. */
export interface CloseInfo {
  readonly code: number;
  readonly reason: string;
  /** True when the client will reconnect and resume by itself. */
  readonly willReconnect: boolean;
}

/** Events of an AtlasClient (`client.on(name, listener)`). */
export type AtlasClientEvents = {
  /** A session opened (first connect, or a reconnect: see `resumed`). */
  readonly welcome: (info: SessionInfo) => void;
  /** World state from the game server (duplicates already dropped). */
  readonly state: (state: StateSync) => void;
  /** A game action from the server: an echo of one of ours, or a delivery. */
  readonly action: (action: PlayerAction) => void;
  /** The player is being moved to another game server; the socket stays open. */
  readonly transfer: (transfer: ServerTransfer) => void;
  /** An in-band Error from the node, or a frame this client had to drop. */
  readonly error: (error: ErrorMessage) => void;
  /** A heartbeat round trip was measured (milliseconds), periodic or from `ping()`. */
  readonly rtt: (ms: number) => void;
  /** A reconnection attempt is scheduled. */
  readonly reconnecting: (attempt: number, delayMs: number) => void;
  /** The node said why it is closing (its Disconnect). The socket's close follows; it may read 1006 if the connection was reset before the close frame was read. */
  readonly disconnect: (info: { readonly code: number; readonly reason: string }) => void;
  /** The socket closed (also before each reconnection). */
  readonly close: (info: CloseInfo) => void;
};

/** Counters for load testers and dashboards. */
export interface ClientStats {
  readonly framesSent: number;
  readonly framesReceived: number;
  readonly messagesSent: number;
  readonly messagesReceived: number;
  readonly bytesSent: number;
  readonly bytesReceived: number;
  /** Last heartbeat RTT, milliseconds (NaN before the first). */
  readonly rttMs: number;
  readonly reconnects: number;
  /** Moves and actions sent again after a resume. */
  readonly resent: number;
  /** Numbered actions (`oseq`) a game server sent again after a node crash that this client already had: dropped, never emitted twice. */
  readonly replaysDropped: number;
  /** ServerTransfer notices by phase. */
  readonly transfers: { readonly started: number; readonly completed: number; readonly aborted: number };
  /** Received sequence numbers (node -> client): loss, duplicates and reordering. */
  readonly sequence: { readonly inOrder: number; readonly gaps: number; readonly missing: number; readonly late: number; readonly duplicates: number };
  /** Frames refused (decrypt, decompress or decode failures). */
  readonly badFrames: number;
}
