// An in-memory upstream link for unit tests of routing and transfers: it keeps what
// the node sent and lets a test bring it up, take it down, and play the game server.
import { serverSendable, type ServerSingleMessage } from '@atlas/protocol';
import { forLinkVersion } from '../upstream/upstream-link';
import type { Upstream, UpstreamEvents, UpstreamState } from '../upstream/ports';

/** A fake link to one game server. */
export class FakeUpstream implements Upstream {
  /** Messages the node sent, oldest first (a test may clear it). */
  readonly sent: ServerSingleMessage[] = [];
  /** The negotiated version (2: the server acknowledges; a test may set 1). */
  version = 2;
  private st: UpstreamState = 'down';

  /** {@inheritDoc Upstream.ghosts} */
  get ghosts(): boolean {
    return this.isUp && serverSendable('GhostUpdate', this.version);
  }

  constructor(
    readonly serverId: string,
    private readonly events: UpstreamEvents,
    readonly address = `fake://${serverId}`,
  ) {}

  /** {@inheritDoc Upstream.state} */
  get state(): UpstreamState {
    return this.st;
  }

  /** {@inheritDoc Upstream.isUp} */
  get isUp(): boolean {
    return this.st === 'up';
  }

  /** Comes up at once (a real link would dial and shake hands first). */
  open(): void {
    this.setState('up', 'fake link opened');
  }

  /** {@inheritDoc Upstream.send} */
  send(m: ServerSingleMessage): boolean {
    const sendable = forLinkVersion(m, this.version);
    if (this.st !== 'up' || !serverSendable(sendable.type, this.version)) return false;
    this.sent.push(sendable);
    return true;
  }

  /** Nothing is held back. */
  flush(): void {
    // sends are recorded at once
  }

  /** {@inheritDoc Upstream.close} */
  close(_code?: number, reason = 'closed'): void {
    this.setState('closed', reason);
  }

  /** The game server sends `m` to the node. */
  receive(m: ServerSingleMessage): void {
    this.events.message(this, m);
  }

  /** The link is lost (as a real one is on a socket error). */
  lose(why = 'fake link lost'): void {
    this.setState('down', why);
  }

  /** Messages of one type the node sent. */
  sentOf<T extends ServerSingleMessage['type']>(type: T): Extract<ServerSingleMessage, { type: T }>[] {
    return this.sent.filter((m): m is Extract<ServerSingleMessage, { type: T }> => m.type === type);
  }

  private setState(st: UpstreamState, why: string): void {
    if (this.st === st || this.st === 'closed') return;
    this.st = st;
    this.events.state(this, st, why);
  }
}
