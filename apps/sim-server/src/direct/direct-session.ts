// A direct-mode player session: what atlas-node keeps per player, for one server. It
// outlives its socket for the resume window, so a client that reconnects with its
// ticket continues with the same sequence numbers and gets what it missed.
import { SequenceTracker, isSequenced, type ClientSingleMessage, type SequencedClientMessage } from '@atlas/protocol';
import { ResendBuffer, lastStamped, stampSequence, type SeqCursor } from '@atlas/session';
import type { PlayerSink } from '../sim/world';

/** What a session sends on: the current socket's connection, when there is one. */
export interface SessionOutput {
  queue(m: ClientSingleMessage): void;
  close(code: number, reason: string): void;
}

const RESEND_CAPACITY = 1024;

/** One player's session (sequence numbers, resend buffer, the current connection). */
export class DirectSession implements PlayerSink {
  /** The next server -> client seq. */
  readonly outSeq: SeqCursor = { nextSeq: 1 };
  readonly inSeq = new SequenceTracker();
  readonly resend = new ResendBuffer<SequencedClientMessage>(RESEND_CAPACITY);
  output: SessionOutput | undefined;
  /** After a resume, until the client's Resume arrives: new messages wait in the resend buffer. */
  holding = false;
  /** The last seq handed to a connection. */
  lastQueued = 0;
  /** When a suspended session is forgotten (0 while connected). */
  expiresAt = 0;

  constructor(
    readonly playerId: string,
    readonly sessionId: string,
  ) {}

  /** World -> player: stamps the seq and sends (or keeps it for after a resume). */
  send(m: ClientSingleMessage): void {
    if (isSequenced(m)) {
      const sequenced = stampSequence(this.outSeq, m);
      this.resend.push(sequenced);
      if (this.output === undefined || this.holding) return;
      this.output.queue(sequenced);
      this.lastQueued = sequenced.seq;
      return;
    }
    this.output?.queue(m);
  }

  /** The client's Resume (or its absence): sends what it missed, then what waited. */
  release(clientLastReceived: number | undefined): void {
    if (!this.holding || this.output === undefined) return;
    this.holding = false;
    for (const m of this.resend.after(clientLastReceived ?? this.lastQueued).messages) this.output.queue(m);
    this.lastQueued = lastStamped(this.outSeq);
  }
}
