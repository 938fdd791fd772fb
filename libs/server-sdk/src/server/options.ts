// Options of createGameServer, with their defaults.
import type { LinkPsk } from '@atlas/crypto/node';
import { DEFAULT_REPLAY_LIMITS, type ReplayLimits } from './replay';
import type { TransferHooks } from './types';

/** How a game server listens for node links and behaves on them. */
export interface GameServerOptions {
  /** Interface to bind (default 127.0.0.1; use 0.0.0.0 to accept nodes on other hosts). */
  readonly host?: string;
  /** TCP port (default 0: any free port; read it back from `server.port`). */
  readonly port?: number;
  /** WebSocket path nodes connect to (default `/atlas`). */
  readonly path?: string;
  /**
   * Pre-shared key the node must prove (`security.psk` with its salt and iterations, or a
   * derived 32-byte key). Without one any node may link: only for trusted networks and demos.
   */
  readonly psk?: LinkPsk;
  /** Ping interval announced in LinkWelcome; a link silent for 3 intervals is closed (default 5000 ms). */
  readonly heartbeatMs?: number;
  /** Time for a node to finish the link handshake (default 10,000 ms). */
  readonly handshakeTimeoutMs?: number;
  /** How often a LoadReport goes to every node (default 1000 ms). */
  readonly loadReportMs?: number;
  /** Players this server takes before it reports `accepting: false` (default unlimited). */
  readonly capacity?: number;
  /** Largest frame accepted from a node (default 16 MiB: a node batches a whole turn into one frame). */
  readonly maxFrameBytes?: number;
  /** Bytes uWebSockets.js may buffer per link before dropping frames (default 64 MiB). */
  readonly maxBackpressureBytes?: number;
  /** Time a transfer target waits for the player's state (default 5000 ms). */
  readonly transferTimeoutMs?: number;
  /** Export and import of player state during handovers. */
  readonly transfer?: TransferHooks;
  /** What is kept per player of the reliable actions sent to it, to replay after a node crash (docs/protocol.md §11). */
  readonly replay?: Partial<ReplayLimits>;
}

/** Options with every default filled in. */
export type ResolvedOptions = Required<Omit<GameServerOptions, 'psk' | 'transfer' | 'replay'>> &
  Pick<GameServerOptions, 'psk'> & { readonly transfer: TransferHooks; readonly replay: ReplayLimits };

/** Fills in defaults and checks ranges (a bad option is a programming error: RangeError). */
export function resolveOptions(o: GameServerOptions): ResolvedOptions {
  const r: ResolvedOptions = {
    host: o.host ?? '127.0.0.1',
    port: o.port ?? 0,
    path: o.path ?? '/atlas',
    psk: o.psk,
    heartbeatMs: o.heartbeatMs ?? 5000,
    handshakeTimeoutMs: o.handshakeTimeoutMs ?? 10_000,
    loadReportMs: o.loadReportMs ?? 1000,
    capacity: o.capacity ?? Number.POSITIVE_INFINITY,
    maxFrameBytes: o.maxFrameBytes ?? 16 * 1024 * 1024,
    maxBackpressureBytes: o.maxBackpressureBytes ?? 64 * 1024 * 1024,
    transferTimeoutMs: o.transferTimeoutMs ?? 5000,
    transfer: o.transfer ?? {},
    replay: { ...DEFAULT_REPLAY_LIMITS, ...o.replay },
  };
  if (!Number.isInteger(r.port) || r.port < 0 || r.port > 65535) throw new RangeError(`port must be 0..65535, got ${r.port}`);
  if (!r.path.startsWith('/')) throw new RangeError(`path must start with "/", got ${r.path}`);
  for (const [name, v] of [
    ['heartbeatMs', r.heartbeatMs],
    ['handshakeTimeoutMs', r.handshakeTimeoutMs],
    ['loadReportMs', r.loadReportMs],
    ['maxFrameBytes', r.maxFrameBytes],
    ['transferTimeoutMs', r.transferTimeoutMs],
    ['replay.retentionMs', r.replay.retentionMs],
  ] as const) {
    if (!(v > 0)) throw new RangeError(`${name} must be positive, got ${v}`);
  }
  for (const [name, v] of [
    ['replay.messages', r.replay.messages],
    ['replay.bytes', r.replay.bytes],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${name} must be a whole number >= 0 (0 keeps nothing), got ${v}`);
  }
  return r;
}
