// What the session does with each decoded client message: heartbeats, goodbyes and
// resumes are answered here, game messages go on to routing, and a Batch pays the
// message-rate limit for each message it carries.
import { CloseCode, ErrorCode, type ClientMessage, type ClientSingleMessage } from '@atlas/protocol';
import { crashPoint } from '../crash-point';
import type { PlayerRoutes } from '../routing/ports';
import type { Outbox } from './outbox';
import { RateVerdict, takeTokens } from './rate-limit';
import { Phase, type ClientSession } from './session';

/** Dispatches an active (or resuming) session's client messages. */
export class ClientDispatch {
  constructor(
    private readonly outbox: Outbox,
    private readonly routes: PlayerRoutes<ClientSession>,
    /** Counts each message by type. */
    private readonly countIn: ((kind: string) => void) | undefined,
  ) {}

  /** Handles a decoded frame (a Batch takes its extra rate tokens first). */
  dispatch(s: ClientSession, m: ClientMessage, perSecond: number, now: number): void {
    if (m.type === 'Batch') {
      if (m.messages.length > 1) {
        const verdict = takeTokens(s, m.messages.length - 1, perSecond, now);
        if (verdict !== RateVerdict.Ok) return this.rateLimited(s, verdict);
      }
      for (const inner of m.messages) {
        if (s.phase === Phase.Closed) return;
        if (inner.type !== 'Batch') this.one(s, inner);
      }
      return;
    }
    this.one(s, m);
  }

  private one(s: ClientSession, m: ClientSingleMessage): void {
    this.countIn?.(m.type);
    if (m.type === 'PlayerMove' || m.type === 'PlayerAction') s.lastClientSeq = m.seq;
    switch (m.type) {
      case 'Heartbeat':
        // The wire's timestamp is the wall clock (peers may compare it with theirs), not the session clock.
        if (m.echo === 0) this.outbox.enqueue(s, { type: 'Heartbeat', timestamp: Date.now(), echo: m.timestamp });
        return;
      case 'Disconnect':
        this.outbox.close(s, 1000, 'client said goodbye');
        return;
      case 'Resume':
        if (s.phase === Phase.Resuming) {
          // Continue the client's sequence where it stopped, whichever node it was on.
          s.nextSeq = (m.lastReceivedSeq + 1) >>> 0 || 1;
          // What the client has of its game servers' numbered actions: the server it is
          // placed on next sends again what follows (the Attach's replayAfter).
          if (m.lastOseq !== undefined) s.lastOseq = m.lastOseq;
          this.activate(s);
          crashPoint('resumed');
        }
        return;
      default:
        if (s.phase === Phase.Resuming) this.activate(s);
        this.routes.fromClient(s, m);
    }
  }

  private activate(s: ClientSession): void {
    s.phase = Phase.Active;
    this.routes.place(s, s.lastServer);
    s.lastServer = null;
  }

  /** Over the rate: close at twice the allowance, else tell the client once per burst. */
  rateLimited(s: ClientSession, verdict: RateVerdict): void {
    if (verdict === RateVerdict.Close) {
      this.outbox.close(s, CloseCode.RateLimited, 'message rate limit exceeded');
      return;
    }
    // Tell the client once per burst, not once per dropped message.
    if (s.phase === Phase.Active && s.dropped <= 1) {
      this.outbox.enqueue(s, { type: 'Error', code: ErrorCode.RateLimited, message: 'messages dropped: rate limit exceeded' });
    }
  }
}
