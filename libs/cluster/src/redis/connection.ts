import * as E from 'fp-ts/lib/Either.js';
import { ReplyError, Redis, type Cluster } from 'ioredis';
import { ClusterErrors, type ClusterError } from '../model/errors';
import { StoreStatus } from '../model/health';
import { HealthTracker } from '../store/health-tracker';

/** An ioredis client: a single Redis or Sentinel setup (`Redis`) or a `Cluster`; the store uses the commands both share. */
export type RedisClient = Redis | Cluster;

/** How the store connects. */
export interface RedisConnectionOptions {
  readonly url: string;
  /** A command that gets no reply in this time fails with `unavailable` (a frozen Redis degrades the store). */
  readonly commandTimeoutMs: number;
  readonly connectTimeoutMs: number;
  /** Reconnect backoff: min(attempt * minDelayMs, maxDelayMs). */
  readonly reconnectMinDelayMs: number;
  readonly reconnectMaxDelayMs: number;
  /** Supply your own clients (Sentinel, Cluster, TLS); they must not queue commands offline. */
  readonly createClient?: (role: 'command' | 'subscriber') => RedisClient;
  readonly onError: (error: unknown) => void;
}

/** A frozen Redis is pinged at least this often, so calls fail fast no longer than needed after it thaws. */
const PROBE_MAX_INTERVAL_MS = 200;

// Redis replies that mean "not now" rather than "wrong": retrying later can work.
const TRANSIENT_REPLIES = ['LOADING', 'BUSY', 'READONLY', 'MASTERDOWN', 'CLUSTERDOWN', 'TRYAGAIN', 'NOREPLICAS'];

/** Maps anything ioredis rejects with to a typed error. */
export function classifyRedisError(error: unknown): ClusterError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ReplyError && !TRANSIENT_REPLIES.some((prefix) => message.startsWith(prefix))) {
    return ClusterErrors.corrupt(`redis replied: ${message}`);
  }
  return ClusterErrors.unavailable(message);
}

/**
 * Two connections (commands, and pub/sub which Redis dedicates to subscribing), their
 * health, and the wrapper that turns every command into an Either. ioredis 'error' events
 * are always handled, commands never wait in an offline queue, and unfinished commands are
 * not resent after a reconnect (a Lua write must not run twice).
 */
export class RedisConnection {
  readonly command: RedisClient;
  readonly subscriber: RedisClient;
  readonly tracker: HealthTracker;
  private subscribed = false;
  private failing: string | null = null;
  private lastError: string | null = null;
  private closed = false;
  private probe: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly options: RedisConnectionOptions,
    private readonly channel: string,
    onMessage: (text: string) => void,
  ) {
    this.tracker = new HealthTracker(StoreStatus.Degraded, 'connecting', options.onError);
    this.command = options.createClient?.('command') ?? this.defaultClient();
    this.subscriber = options.createClient?.('subscriber') ?? this.defaultClient();
    this.command.on('error', (error: Error) => this.noteError(error));
    this.subscriber.on('error', (error: Error) => this.noteError(error));
    for (const event of ['close', 'end', 'reconnecting']) {
      this.command.on(event, () => this.refresh());
      this.subscriber.on(event, () => {
        this.subscribed = false;
        this.refresh();
      });
    }
    this.command.on('ready', () => {
      this.failing = null;
      this.lastError = null;
      this.refresh();
    });
    this.subscriber.on('ready', () => this.subscribe());
    this.subscriber.on('message', (from: string, text: string) => {
      if (from === channel) onMessage(text);
    });
    if (this.subscriber.status === 'ready') this.subscribe();
  }

  /**
   * Runs one command; a rejection becomes a typed error and may flip health to degraded.
   * While commands time out on an open connection (a frozen Redis), calls fail at once with
   * `unavailable` instead of each waiting out the command timeout; the probe finds the way back.
   */
  async attempt<T>(operation: (client: RedisClient) => Promise<T>): Promise<E.Either<ClusterError, T>> {
    if (this.failing !== null && !this.closed) return E.left(ClusterErrors.unavailable(this.failing));
    return this.send(operation);
  }

  private async send<T>(operation: (client: RedisClient) => Promise<T>): Promise<E.Either<ClusterError, T>> {
    if (this.closed) return E.left(ClusterErrors.closed());
    try {
      const value = await operation(this.command);
      if (this.failing !== null) {
        this.failing = null;
        this.refresh();
      }
      return E.right(value);
    } catch (error) {
      const failure = classifyRedisError(error);
      if (failure.kind === 'unavailable' && !this.closed) {
        this.failing = failure.message;
        this.refresh();
      }
      return E.left(this.closed ? ClusterErrors.closed() : failure);
    }
  }

  /** Quits both connections (disconnects if quitting cannot be sent). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopProbe();
    this.tracker.set(StoreStatus.Closed, 'closed');
    await Promise.allSettled([this.command, this.subscriber].map((client) => this.quit(client)));
  }

  private defaultClient(): Redis {
    const { commandTimeoutMs, connectTimeoutMs, reconnectMinDelayMs, reconnectMaxDelayMs } = this.options;
    return new Redis(this.options.url, {
      enableOfflineQueue: false,
      autoResendUnfulfilledCommands: false,
      autoResubscribe: false,
      maxRetriesPerRequest: 0,
      enableAutoPipelining: true,
      commandTimeout: commandTimeoutMs,
      connectTimeout: connectTimeoutMs,
      // ioredis arms this timer even for a socket that already failed; 2 s (its default) keeps a closing process alive.
      disconnectTimeout: 100,
      retryStrategy: (attempt: number) => Math.min(attempt * reconnectMinDelayMs, reconnectMaxDelayMs),
    });
  }

  private subscribe(): void {
    this.subscriber.subscribe(this.channel).then(
      () => {
        this.subscribed = true;
        this.refresh();
      },
      (error: unknown) => this.noteError(error),
    );
  }

  private noteError(error: unknown): void {
    // Connection errors also surface as status changes; the handler keeps them from going unhandled.
    if (this.closed) return;
    this.lastError = error instanceof Error ? error.message : String(error);
    if (this.tracker.get().status === StoreStatus.Degraded) {
      this.refresh();
      return;
    }
    this.failing = this.lastError;
    this.refresh();
  }

  private refresh(): void {
    if (this.closed) return;
    let reason: string | null = null;
    if (this.command.status !== 'ready') {
      reason = `redis connection ${this.command.status}${this.lastError === null ? '' : ` (${this.lastError})`}`;
    }
    else if (!this.subscribed) reason = 'redis subscription not active';
    else if (this.failing !== null) reason = this.failing;
    this.tracker.set(reason === null ? StoreStatus.Ok : StoreStatus.Degraded, reason);
    if (reason !== null && this.command.status === 'ready') this.startProbe();
    else this.stopProbe();
  }

  // While commands fail on an open connection (a frozen server), ping until one answers.
  private startProbe(): void {
    if (this.probe !== null) return;
    this.probe = setInterval(() => {
      void this.send((client) => client.ping());
    }, Math.min(this.options.reconnectMaxDelayMs, PROBE_MAX_INTERVAL_MS));
    this.probe.unref();
  }

  private stopProbe(): void {
    if (this.probe === null) return;
    clearInterval(this.probe);
    this.probe = null;
  }

  private async quit(client: RedisClient): Promise<void> {
    if (client.status === 'ready') {
      try {
        await client.quit();
        return;
      } catch {
        // Fall through: the socket is going away anyway.
      }
    }
    client.disconnect();
  }
}
