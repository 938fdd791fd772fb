/**
 * Prometheus metrics of one node, on a private prom-client Registry (never the
 * global one, so two nodes in one test process do not collide).
 *
 * Hot-path rule: `labels()` hashes its arguments on every call, so the per-message
 * helpers (`countMessage`, `countBytes`) keep label children in small maps and
 * increment those directly.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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
  /** Upstream link state per game server: see {@link LinkStateValue}. */
  readonly upstreamLinkState: Gauge<'server'>;
  /** Event-loop delay in seconds (p50, p99, max over the last scrape interval). */
  readonly eventLoopLag: Gauge<'quantile'>;

  private readonly lag: IntervalHistogram;
  private readonly messageChildren = new Map<string, Counter.Internal>();
  private readonly byteChildren = new Map<Direction, Counter.Internal>();
  private readonly transferChildren = new Map<TransferOutcome, Counter.Internal>();

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
    this.messages = new Counter({
      name: `${PREFIX}messages_total`,
      help: 'Messages by direction (client_in, client_out, upstream_in, upstream_out) and kind.',
      labelNames: ['direction', 'kind'] as const,
      registers,
    });
    this.bytes = new Counter({
      name: `${PREFIX}bytes_total`,
      help: 'Wire bytes by direction.',
      labelNames: ['direction'] as const,
      registers,
    });
    this.transfers = new Counter({
      name: `${PREFIX}transfers_total`,
      help: 'Player transfers by outcome (started, completed, aborted).',
      labelNames: ['outcome'] as const,
      registers,
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
    this.upstreamLinkState = new Gauge({
      name: `${PREFIX}upstream_link_state`,
      help: 'Upstream link state per game server: 0 down, 1 connecting, 2 up.',
      labelNames: ['server'] as const,
      registers,
    });

    this.lag = monitorEventLoopDelay({ resolution: options.lagResolutionMs ?? 20 });
    this.lag.enable();
    const lag = this.lag;
    this.eventLoopLag = new Gauge({
      name: `${PREFIX}event_loop_lag_seconds`,
      help: 'Event-loop delay over the last scrape interval (p50, p99, max).',
      labelNames: ['quantile'] as const,
      registers,
      collect() {
        // The histogram is in nanoseconds; NaN before the first sample.
        const ns = (v: number): number => (Number.isFinite(v) ? v / 1e9 : 0);
        this.labels('0.5').set(ns(lag.percentile(50)));
        this.labels('0.99').set(ns(lag.percentile(99)));
        this.labels('max').set(ns(lag.max));
        lag.reset();
      },
    });

    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  }

  /** Counts one message of `kind` flowing in `direction` (label child cached). */
  countMessage(direction: Direction, kind: string, count = 1): void {
    const key = direction + '|' + kind;
    let child = this.messageChildren.get(key);
    if (child === undefined) {
      child = this.messages.labels(direction, kind);
      this.messageChildren.set(key, child);
    }
    child.inc(count);
  }

  /** Counts wire bytes flowing in `direction` (label child cached). */
  countBytes(direction: Direction, bytes: number): void {
    let child = this.byteChildren.get(direction);
    if (child === undefined) {
      child = this.bytes.labels(direction);
      this.byteChildren.set(direction, child);
    }
    child.inc(bytes);
  }

  /** Counts a transfer outcome; for `completed`, also observes its duration in ms. */
  countTransfer(outcome: TransferOutcome, durationMs?: number): void {
    let child = this.transferChildren.get(outcome);
    if (child === undefined) {
      child = this.transfers.labels(outcome);
      this.transferChildren.set(outcome, child);
    }
    child.inc();
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
