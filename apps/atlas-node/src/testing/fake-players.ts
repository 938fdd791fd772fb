// Players and their clients as routing and transfers see them, without sockets: a
// plain RoutedPlayer and a ClientLink that records what each client was sent.
import type { ClientSingleMessage } from '@atlas/protocol';
import type { ClientLink, RoutedPlayer } from '../routing/ports';

/** A routable player with handle `handle` (unplaced, unrouted). */
export function fakePlayer(handle: number, overrides: Partial<RoutedPlayer> = {}): RoutedPlayer {
  return {
    handle,
    playerId: `p${handle}`,
    sessionId: `s${handle}`,
    claims: '{}',
    routable: true,
    transferId: 0,
    lastClientSeq: 0,
    takenSeq: 0,
    lastOseq: 0,
    placed: false,
    x: 0,
    y: 0,
    z: 0,
    server: null,
    prevServer: null,
    preloaded: null,
    parkedNotice: false,
    ...overrides,
  };
}

/** A ClientLink that records messages and closes per player. */
export class FakeClients<P extends { readonly handle: number }> implements ClientLink<P> {
  /** Messages queued per handle, oldest first. */
  readonly sent = new Map<number, ClientSingleMessage[]>();
  /** Closes asked for, in order. */
  readonly closed: { readonly handle: number; readonly code: number; readonly reason: string }[] = [];

  /** {@inheritDoc ClientLink.enqueue} */
  enqueue(p: P, m: ClientSingleMessage): void {
    const list = this.sent.get(p.handle);
    if (list === undefined) this.sent.set(p.handle, [m]);
    else list.push(m);
  }

  /** {@inheritDoc ClientLink.close} */
  close(p: P, code: number, reason: string): void {
    this.closed.push({ handle: p.handle, code, reason });
  }

  /** What the client of `p` was sent (and forgets it). */
  take(p: P): ClientSingleMessage[] {
    const list = this.sent.get(p.handle) ?? [];
    this.sent.delete(p.handle);
    return list;
  }
}
