/**
 * Prometheus metrics of one node, on a private prom-client Registry (never the
 * global one, so two nodes in one test process do not collide).
 *
 * Hot-path rule: prom-client hashes the label set on every `inc()`, even through a
 * cached `labels()` child, so the per-message helpers (`countMessage`, `countFrame`)
 * add to plain-number tallies that are flushed into the counters whenever the
 * registry is read. Use the helpers on hot paths. docs/http-api.md lists every metric.
 */
import { AbortReason, ClientTypeId, CloseCode, ServerTypeId } from '@atlas/protocol';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { Counter, Histogram, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { LinkStateValue, ServerSeries } from './server-series';
import { closeReason, KNOWN_CLOSES, TICKET_REFUSALS, TOKEN_REFUSALS } from './close-labels';
import { Tally } from './tally';

export { LinkStateValue } from './server-series';

/** Which way a message, frame or byte count flows, and on which link. */
export const Direction = {
  /** Client -> node (on a client socket). */
  ClientIn: 'client_in',
  /** Node -> client. */
  ClientOut: 'client_out',
  /** Game server -> node (on an upstream link). */
  UpstreamIn: 'upstream_in',
  /** Node -> game server. */
  UpstreamOut: 'upstream_out',
} as const;
/** One of {@link Direction}. */
export type Direction = (typeof Direction)[keyof typeof Direction];

/** How a transfer ended (`atlas_transfers_total{outcome}`; starts are counted apart). */
export const TransferOutcome = { Completed: 'completed', Aborted: 'aborted' } as const;
/** One of {@link TransferOutcome}. */
export type TransferOutcome = (typeof TransferOutcome)[keyof typeof TransferOutcome];

/** `TargetRefused` -> `target_refused`: abort reasons as transfer records name them. */
const snakeCase = (name: string): string => name.replace(/[A-Z]/g, (c, i: number) => (i === 0 ? c.toLowerCase() : `_${c.toLowerCase()}`));

/** Options of {@link NodeMetrics}. */
export interface NodeMetricsOptions {
  /** Added as a `node` label on every series (useful when several nodes share a Prometheus). */
  readonly nodeId?: string;
  /** Also collect prom-client's default process metrics (CPU, memory, GC, `nodejs_eventloop_lag_*`). Default true. */
  readonly defaultMetrics?: boolean;
}

const PREFIX = 'atlas_';
const DIRECTIONS = Object.values(Direction);
const kindsOf = (ids: object): string[] => Object.keys(ids).filter((k) => k !== 'Batch');
/** Message kinds per direction (Batch frames are unpacked and their messages counted). */
const KINDS: Readonly<Record<Direction, readonly string[]>> = {
  client_in: kindsOf(ClientTypeId),
  client_out: kindsOf(ClientTypeId),
  upstream_in: kindsOf(ServerTypeId),
  upstream_out: kindsOf(ServerTypeId),
};
const ABORT_REASONS = Object.keys(AbortReason).map(snakeCase);

/** All metrics of one node; node-core increments the fields directly or through the helpers. */
export class NodeMetrics {
  /** The private registry; `render()` serialises it. */
  readonly registry: Registry;
  /** Open client connections (inc on open, dec on close). */
  readonly connections: Gauge;
  /** Client connections accepted since start. */
  readonly connectionsTotal: Counter;
  /** Messages by direction and message kind (the protocol's type name). Prefer {@link countMessage} on hot paths. */
  readonly messages: Counter<'direction' | 'kind'>;
  /** WebSocket frames by direction (one frame may carry a Batch of messages). */
  readonly frames: Counter<'direction'>;
  /** Wire bytes by direction. Prefer {@link countFrame} on hot paths. */
  readonly bytes: Counter<'direction'>;
  /** Transfers started (each ends once in {@link transfers}, or is still in flight). */
  readonly transfersStarted: Counter;
  /** Transfers ended, by outcome (completed, aborted). */
  readonly transfers: Counter<'outcome'>;
  /** Aborted transfers by reason (timeout, target_refused, ...). */
  readonly transferAborts: Counter<'reason'>;
  /** Seconds from transfer prepare to route switch (completed transfers only). */
  readonly transferDuration: Histogram;
  /** Client handshakes that failed, by reason (e.g. bad_token, timeout, decode). */
  readonly handshakeFailures: Counter<'reason'>;
  /** Outgoing client frames dropped or coalesced because of backpressure. */
  readonly backpressureDrops: Counter;
  /** Client connections the node closed, by close code and the code's name (see {@link countClose}). */
  readonly clientCloses: Counter<'code' | 'reason'>;
  /** Player tokens refused at the handshake, by reason. */
  readonly tokenRefusals: Counter<'reason'>;
  /** Resume tickets refused at the handshake, by reason. */
  readonly ticketRefusals: Counter<'reason'>;
  /** Held reliable actions dropped (the player was told which), by reason: overflow or timeout. */
  readonly heldDrops: Counter<'reason'>;
  /** Frames that failed to decode (client or upstream). */
  readonly decodeErrors: Counter;
  /** Link upgrades from game servers refused, by HTTP status (400 no server id, 401 no or a wrong pre-shared-key proof, 404 not a registered dialling server, 409 its link is live). */
  readonly linkRefusals: Counter<'status'>;
  /** PeerMessages dropped: they named no ghost their sender sees, or its owner's link cannot take them. */
  readonly peerMessagesDropped: Counter;
  /** Messages not sent because the peer's protocol version lacks them, by message type. */
  readonly versionUnsendable: Counter<'type'>;
  /** Players and link state per game server, labelled with id and name. */
  readonly servers: ServerSeries;

  private readonly messageTally = new Tally<'direction' | 'kind'>(['direction', 'kind']);
  private readonly frameTally = new Tally<'direction'>(['direction']);
  private readonly byteTally = new Tally<'direction'>(['direction']);
  private elu: { at: EventLoopUtilization; atMs: number; value: number | undefined } = { at: performance.eventLoopUtilization(), atMs: performance.now(), value: undefined };

  constructor(options: NodeMetricsOptions = {}) {
    const registry = new Registry();
    if (options.nodeId !== undefined) registry.setDefaultLabels({ node: options.nodeId });
    this.registry = registry;
    const registers = [registry];
    const tallied = <L extends string>(tally: Tally<L>) => ({
      collect(this: Counter<L>) {
        tally.flush(this);
      },
    });
    // A counter by reason whose known reasons start at 0 (see the zeroes below).
    const byReason = (name: string, help: string, reasons: readonly string[]): Counter<'reason'> => {
      const counter = new Counter({ name: `${PREFIX}${name}`, help, labelNames: ['reason'] as const, registers });
      for (const reason of reasons) counter.labels(reason).inc(0);
      return counter;
    };

    this.connections = new Gauge({ name: `${PREFIX}connections`, help: 'Open client connections.', registers });
    this.connectionsTotal = new Counter({ name: `${PREFIX}connections_total`, help: 'Client connections accepted since start.', registers });
    this.messages = new Counter({
      name: `${PREFIX}messages_total`,
      help: 'Messages by direction (client_in, client_out, upstream_in, upstream_out) and kind (the protocol message type).',
      labelNames: ['direction', 'kind'] as const,
      registers,
      ...tallied(this.messageTally),
    });
    this.frames = new Counter({
      name: `${PREFIX}frames_total`,
      help: 'WebSocket frames by direction (a frame carries one message or a Batch).',
      labelNames: ['direction'] as const,
      registers,
      ...tallied(this.frameTally),
    });
    this.bytes = new Counter({ name: `${PREFIX}bytes_total`, help: 'Wire bytes by direction.', labelNames: ['direction'] as const, registers, ...tallied(this.byteTally) });
    this.transfersStarted = new Counter({ name: `${PREFIX}transfers_started_total`, help: 'Player transfers started.', registers });
    this.transfers = new Counter({
      name: `${PREFIX}transfers_total`,
      help: 'Player transfers ended, by outcome (completed, aborted); started ones are atlas_transfers_started_total.',
      labelNames: ['outcome'] as const,
      registers,
    });
    this.transferAborts = byReason('transfer_aborts_total', 'Aborted transfers by reason.', ABORT_REASONS);
    this.transferDuration = new Histogram({
      name: `${PREFIX}transfer_duration_seconds`,
      help: 'Seconds from transfer prepare to route switch.',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.handshakeFailures = new Counter({ name: `${PREFIX}handshake_failures_total`, help: 'Client handshakes that failed, by reason.', labelNames: ['reason'] as const, registers });
    this.backpressureDrops = new Counter({
      name: `${PREFIX}backpressure_drops_total`,
      help: 'Outgoing client frames dropped or coalesced because of backpressure.',
      registers,
    });
    this.clientCloses = new Counter({
      name: `${PREFIX}client_closes_total`,
      help: 'Client connections the node closed, by close code and its name (4005 frame_too_large, 4011 decrypt_failed, ...).',
      labelNames: ['code', 'reason'] as const,
      registers,
    });
    this.versionUnsendable = new Counter({
      name: `${PREFIX}version_unsendable_total`,
      help: "Messages not sent because the peer's protocol version lacks them, by message type.",
      labelNames: ['type'] as const,
      registers,
    });
    for (const [code, reason] of KNOWN_CLOSES) this.clientCloses.labels(String(code), reason).inc(0);
    this.tokenRefusals = byReason('token_refusals_total', 'Player tokens refused at the handshake, by reason.', TOKEN_REFUSALS);
    this.ticketRefusals = byReason('ticket_refusals_total', 'Resume tickets refused at the handshake, by reason.', TICKET_REFUSALS);
    this.heldDrops = byReason(
      'held_actions_dropped_total',
      'Reliable actions held for an unroutable player and dropped (overflow or timeout); the player is told the seq range.',
      ['overflow', 'timeout'],
    );
    this.decodeErrors = new Counter({ name: `${PREFIX}decode_errors_total`, help: 'Frames that failed to decode.', registers });
    this.linkRefusals = new Counter({ name: `${PREFIX}link_refusals_total`, help: 'Link upgrades from game servers refused, by HTTP status.', labelNames: ['status'] as const, registers });
    this.peerMessagesDropped = new Counter({
      name: `${PREFIX}peer_messages_dropped_total`,
      help: 'PeerMessages dropped: no ghost of that handle seen by the sender, or the owner cannot take them.',
      registers,
    });
    this.servers = new ServerSeries(PREFIX, registers);

    // Series whose label values are known start at 0, so rate() and absent() see them before the first event.
    for (const direction of DIRECTIONS) {
      this.frames.labels(direction).inc(0);
      this.bytes.labels(direction).inc(0);
      for (const kind of KINDS[direction]) this.messages.labels(direction, kind).inc(0);
    }
    for (const outcome of Object.values(TransferOutcome)) this.transfers.labels(outcome).inc(0);

    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  }

  /** Counts `count` messages of `kind` flowing in `direction` (a few ns: a tally add). */
  countMessage(direction: Direction, kind: string, count = 1): void {
    this.messageTally.cell(direction, kind).pending += count;
  }

  /** Counts one WebSocket frame of `bytes` wire bytes flowing in `direction` (tally adds). */
  countFrame(direction: Direction, bytes: number): void {
    this.frameTally.cell(direction).pending += 1;
    this.byteTally.cell(direction).pending += bytes;
  }

  /** Counts a started transfer. */
  transferStarted(): void {
    this.transfersStarted.inc();
  }

  /** Counts a completed transfer and observes its duration. */
  transferCompleted(durationMs: number): void {
    this.transfers.labels(TransferOutcome.Completed).inc();
    this.transferDuration.observe(durationMs / 1000);
  }

  /** Counts an aborted transfer and its reason (snake_case, as in transfer records). */
  transferAborted(reason: string): void {
    this.transfers.labels(TransferOutcome.Aborted).inc();
    this.transferAborts.labels(reason).inc();
  }

  /** Counts a refused link upgrade by its HTTP status code. */
  countLinkRefused(status: string): void {
    this.linkRefusals.labels(status).inc();
  }

  /** Counts a close the node initiated (a handful per second at most: not a hot path). */
  countClose(code: number): void {
    this.clientCloses.labels(String(code), closeReason(code)).inc();
  }

  /** Counts a refused handshake credential: a ticket (ResumeFailed) or a token (AuthFailed, not a session conflict). */
  countRefusal(code: number, reason: string): void {
    if (code === CloseCode.ResumeFailed) this.ticketRefusals.labels(reason).inc();
    else if (code === CloseCode.AuthFailed && reason !== 'session_conflict') this.tokenRefusals.labels(reason).inc();
  }

  /** Sets a server's upstream link state. */
  setLinkState(serverId: string, state: LinkStateValue): void {
    this.servers.setLink(serverId, state);
  }

  /** Drops every per-server series of a server that left the registry. */
  forgetServer(serverId: string): void {
    this.servers.forget(serverId);
  }

  /**
   * Event-loop utilisation (0..1) since the previous call at least 1 s ago (the admin
   * page's figure). It resets nothing: prom-client's `nodejs_eventloop_lag_*` resets its
   * histogram on every read, so the page must not read those between Prometheus scrapes.
   */
  eventLoopUtilisation(): number {
    const now = performance.now();
    if (this.elu.value !== undefined && now - this.elu.atMs < 1000) return this.elu.value;
    const at = performance.eventLoopUtilization();
    const value = performance.eventLoopUtilization(at, this.elu.at).utilization;
    this.elu = { at, atMs: now, value };
    return value;
  }

  /** Content-Type of {@link render}'s output. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Prometheus text exposition of every metric. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** Empties the registry (call on node stop). */
  close(): void {
    this.registry.clear();
  }
}
