// The node's tracing port: the few moments the composition layer reports (a client
// handshake, a transfer and its steps, a link dialling, a failover, a registration).
// Stages never see it; data-path.ts and node.ts call it from the events the stages
// already raise, so no stage holds a tracer. NO_TRACING is what runs while `[tracing]`
// is off: empty methods on one frozen object, no OpenTelemetry module loaded, no span.
import type { UpstreamState } from '../upstream/ports';
import type { TransferRecord, TransferStep } from '../transfer/transfer-manager';

/** How a transfer ended, for its span. */
export type TransferEnd = 'completed' | 'aborted';

/** What the node reports to its tracer (one call per connection, transfer step or link change; none per message). */
export interface NodeTracing {
  /** True when spans are recorded and exported (callers skip work that only feeds spans). */
  readonly enabled: boolean;
  /** A client connection opened: its handshake starts (keyed by the session object). */
  handshakeOpened(session: object): void;
  /** The handshake of `session` established the player. */
  handshakeEstablished(session: object, playerId: string, resumed: boolean): void;
  /** `session` closed; ends its handshake span as failed if it had not established. */
  sessionClosed(session: object, code: number): void;
  /** A transfer started (its `prepare` step begins). */
  transferStarted(r: TransferRecord): void;
  /** A transfer reached `step`: the previous step's span ends, this one's begins. */
  transferStep(r: TransferRecord, step: TransferStep): void;
  /** A transfer finished. */
  transferEnded(r: TransferRecord, end: TransferEnd): void;
  /**
   * The W3C Trace Context of the transfer's span, for the game servers (a Traced around
   * TransferPrepare on version 2 links); undefined when the transfer is not traced.
   */
  transferContext(r: TransferRecord): TraceHeaders | undefined;
  /**
   * A game-server link changed state: `connecting` opens a connect span, `up`/`down`/`closed`
   * end it; an up link going down or closed is a failover of its `players()` (routing moves
   * or parks them right after this report).
   */
  linkChanged(serverId: string, address: string, state: UpstreamState, why: string, players: () => number): void;
  /** Runs a registration request inside its span. */
  registration<R extends { readonly status: number; readonly body: string }>(run: () => Promise<R>): Promise<R>;
  /** Exports what is buffered and stops. */
  shutdown(): Promise<void>;
}

/** W3C Trace Context header values. */
export interface TraceHeaders {
  readonly traceparent: string;
  readonly tracestate: string;
}

const nothing = (): void => undefined;

/** Tracing off: every hook is an empty function. */
export const NO_TRACING: NodeTracing = Object.freeze({
  enabled: false,
  handshakeOpened: nothing,
  handshakeEstablished: nothing,
  sessionClosed: nothing,
  transferStarted: nothing,
  transferStep: nothing,
  transferEnded: nothing,
  transferContext: (): undefined => undefined,
  linkChanged: nothing,
  registration: <R>(run: () => Promise<R>): Promise<R> => run(),
  shutdown: (): Promise<void> => Promise.resolve(),
});

/** The spans the node records (docs/tracing.md describes each). */
export const SpanName = {
  Handshake: 'atlas.handshake',
  Transfer: 'atlas.transfer',
  TransferPrepare: 'atlas.transfer.prepare',
  TransferState: 'atlas.transfer.state',
  TransferAccept: 'atlas.transfer.accept',
  TransferFlush: 'atlas.transfer.flush',
  LinkConnect: 'atlas.link.connect',
  Failover: 'atlas.failover',
  Registration: 'atlas.registration',
} as const;

/** The span attributes the node sets. */
export const Attr = {
  PlayerId: 'atlas.player.id',
  Resumed: 'atlas.handshake.resumed',
  CloseCode: 'atlas.close.code',
  CloseReason: 'atlas.close.reason',
  FromServer: 'atlas.transfer.from_server',
  ToServer: 'atlas.transfer.to_server',
  TransferOutcome: 'atlas.transfer.outcome',
  AbortReason: 'atlas.transfer.abort_reason',
  ServerId: 'atlas.server.id',
  ServerAddress: 'atlas.server.address',
  Reconnect: 'atlas.link.reconnect',
  Attempt: 'atlas.link.attempt',
  LinkState: 'atlas.link.state',
  Why: 'atlas.link.why',
  Players: 'atlas.failover.players',
  HttpStatus: 'http.response.status_code',
} as const;
