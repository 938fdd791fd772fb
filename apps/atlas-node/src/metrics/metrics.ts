/**
 * Prometheus metrics of one node, on a private prom-client Registry (never the
 * global one, so two nodes in one test process do not collide).
 *
 * Hot-path rule: prom-client hashes the label set on every `inc()`, even through a
 * cached `labels()` child, so the per-message helpers (`countMessage`, `countBytes`,
 * `countTransfer`) add to plain-number tallies that are flushed into the counters
 * whenever the registry is read. Use the helpers on hot paths.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { Tally } from './tally';

/** Which way a message or byte count flows, and on which link. */
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

/** Outcome label of the transfers counter. */
export const TransferOutcome = { Started: 'started', Completed: 'completed', Aborted: 'aborted' } as const;
/** One of {@link TransferOutcome}. */
export type TransferOutcome = (typeof TransferOutcome)[keyof typeof TransferOutcome];

/** Values of the `atlas_upstream_link_state` gauge (numbers, so alerts can say `< 2`). */
export const LinkStateValue = { Down: 0, Connecting: 1, Up: 2 } as const;
/** One of {@link LinkStateValue}. */
export type LinkStateValue = (typeof LinkStateValue)[keyof typeof LinkStateValue];

/** Options of {@link NodeMetrics}. */
export interface NodeMetricsOptions {
  /** Added as a `node` label on every series (useful when several nodes share a Prometheus). */
  readonly nodeId?: string;
  /** Also collect prom-client's default process metrics (CPU, memory, GC). Default true. */
  readonly defaultMetrics?: boolean;
  /** Event-loop delay sampling resolution in ms. Default 20. */
  readonly lagResolutionMs?: number;
  /** The lag quantiles cover at least this window (ms) whoever reads them, however often. Default 10 000. */
  readonly lagWindowMs?: number;
}

const PREFIX = 'atlas_';

/** All metrics of one node; node-core increments the fields directly. */
export class NodeMetrics {
  /** The private registry; `render()` serialises it. */
  readonly registry: Registry;
  /** Open client connections (inc on open, dec on close). */
  readonly connections: Gauge;
  /** Client connections accepted since start. */
  readonly connectionsTotal: Counter;
  /** Players currently attached to each game server. */
  readonly playersPerServer: Gauge<'server'>;
  /** Messages by direction and message kind. Prefer {@link countMessage} on hot paths. */
  readonly messages: Counter<'direction' | 'kind'>;
  /** Wire bytes by direction. Prefer {@link countBytes} on hot paths. */
  readonly bytes: Counter<'direction'>;
  /** Transfers by outcome (started, completed, aborted). */
  readonly transfers: Counter<'outcome'>;
  /** Seconds from transfer prepare to route switch (completed transfers only). */
  readonly transferDuration: Histogram;
  /** Client handshakes that failed, by reason (e.g. bad_token, timeout, decode). */
  readonly handshakeFailures: Counter<'reason'>;
  /** Outgoing client frames dropped or coalesced because of backpressure. */
  readonly backpressureDrops: Counter;
  /** Frames that failed to decode (client or upstream). */
  readonly decodeErrors: Counter;
  /** PeerMessages dropped: they named no ghost their sender sees, or its owner's link cannot take them. */
  readonly peerMessagesDropped: Counter;
  /** Upstream link state per game server: see {@link LinkStateValue}. */
  readonly upstreamLinkState: Gauge<'server'>;
  /** Event-loop delay in seconds (p50, p99, max over the last 10-20 s). */
  readonly eventLoopLag: Gauge<'quantile'>;

  private readonly lag: IntervalHistogram;
  private readonly messageTally = new Tally<'direction' | 'kind'>(['direction', 'kind']);
  private readonly byteTally = new Tally<'direction'>(['direction']);
  private readonly transferTally = new Tally<'outcome'>(['outcome']);

  constructor(options: NodeMetricsOptions = {}) {
    const registry = new Registry();
    if (options.nodeId !== undefined) registry.setDefaultLabels({ node: options.nodeId });
    this.registry = registry;
    const registers = [registry];

    this.connections = new Gauge({ name: `${PREFIX}connections`, help: 'Open client connections.', registers });
    this.connectionsTotal = new Counter({
      name: `${PREFIX}connections_total`,
      help: 'Client connections accepted since start.',
      registers,
    });
    this.playersPerServer = new Gauge({
      name: `${PREFIX}players`,
      help: 'Players attached to each game server.',
      labelNames: ['server'] as const,
      registers,
    });
    const messageTally = this.messageTally;
    const byteTally = this.byteTally;
    const transferTally = this.transferTally;
    this.messages = new Counter({
      name: `${PREFIX}messages_total`,
      help: 'Messages by direction (client_in, client_out, upstream_in, upstream_out) and kind.',
      labelNames: ['direction', 'kind'] as const,
      registers,
      collect() {
        messageTally.flush(this);
      },
    });
    this.bytes = new Counter({
      name: `${PREFIX}bytes_total`,
      help: 'Wire bytes by direction.',
      labelNames: ['direction'] as const,
      registers,
      collect() {
        byteTally.flush(this);
      },
    });
    this.transfers = new Counter({
      name: `${PREFIX}transfers_total`,
      help: 'Player transfers by outcome (started, completed, aborted).',
      labelNames: ['outcome'] as const,
      registers,
      collect() {
        transferTally.flush(this);
      },
    });
    this.transferDuration = new Histogram({
      name: `${PREFIX}transfer_duration_seconds`,
      help: 'Seconds from transfer prepare to route switch.',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.handshakeFailures = new Counter({
      name: `${PREFIX}handshake_failures_total`,
      help: 'Client handshakes that failed, by reason.',
      labelNames: ['reason'] as const,
      registers,
    });
    this.backpressureDrops = new Counter({
      name: `${PREFIX}backpressure_drops_total`,
      help: 'Outgoing client frames dropped or coalesced because of backpressure.',
      registers,
    });
    this.decodeErrors = new Counter({
      name: `${PREFIX}decode_errors_total`,
      help: 'Frames that failed to decode.',
      registers,
    });
    this.peerMessagesDropped = new Counter({
      name: `${PREFIX}peer_messages_dropped_total`,
      help: 'PeerMessages dropped: no ghost of that handle seen by the sender, or the owner cannot take them.',
      registers,
    });
    this.upstreamLinkState = new Gauge({
      name: `${PREFIX}upstream_link_state`,
      help: 'Upstream link state per game server: 0 down, 1 connecting, 2 up.',
      labelNames: ['server'] as const,
      registers,
    });

    this.lag = monitorEventLoopDelay({ resolution: options.lagResolutionMs ?? 20 });
    this.lag.enable();
    const lag = this.lag;
    const windowMs = options.lagWindowMs ?? 10_000;
    let windowStart = Date.now();
    this.eventLoopLag = new Gauge({
      name: `${PREFIX}event_loop_lag_seconds`,
      help: 'Event-loop delay over the last 10-20 s (p50, p99, max).',
      labelNames: ['quantile'] as const,
      registers,
      collect() {
        // The histogram is in nanoseconds; NaN before the first sample.
        const ns = (v: number): number => (Number.isFinite(v) ? v / 1e9 : 0);
        this.labels('0.5').set(ns(lag.percentile(50)));
        this.labels('0.99').set(ns(lag.percentile(99)));
        this.labels('max').set(ns(lag.max));
        // Reset per window, not per read: the admin page reads every 500 ms and must not
        // shrink what Prometheus sees to that.
        const now = Date.now();
        if (now - windowStart >= windowMs) {
          lag.reset();
          windowStart = now;
        }
      },
    });

    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  }

  /** Counts `count` messages of `kind` flowing in `direction` (a few ns: a tally add). */
  countMessage(direction: Direction, kind: string, count = 1): void {
    this.messageTally.cell(direction, kind).pending += count;
  }

  /** Counts wire bytes flowing in `direction` (a tally add). */
  countBytes(direction: Direction, bytes: number): void {
    this.byteTally.cell(direction).pending += bytes;
  }

  /** Counts a transfer outcome; with `durationMs` (completed transfers) also observes the duration. */
  countTransfer(outcome: TransferOutcome, durationMs?: number): void {
    this.transferTally.cell(outcome).pending += 1;
    if (durationMs !== undefined) this.transferDuration.observe(durationMs / 1000);
  }

  /** Sets a server's upstream link state. */
  setLinkState(serverId: string, state: LinkStateValue): void {
    this.upstreamLinkState.labels(serverId).set(state);
  }

  /** Drops every per-server series of a server that left the registry. */
  forgetServer(serverId: string): void {
    this.upstreamLinkState.remove(serverId);
    this.playersPerServer.remove(serverId);
  }

  /** Content-Type of {@link render}'s output. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Prometheus text exposition of every metric. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** Stops the event-loop monitor (call on node stop). */
  close(): void {
    this.lag.disable();
  }
}
