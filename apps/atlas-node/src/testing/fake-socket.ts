// An in-memory ClientSocket for unit tests of the session stage: it keeps what was
// written, lets a test set the bytes "not yet read" (backpressure) and records the
// close. It never calls back: the test plays the edge and calls `hub.closed` itself.
import * as E from 'fp-ts/lib/Either.js';
import { decodeClientFrame, type ClientSingleMessage } from '@atlas/protocol';
import { SendStatus, type ClientSocket } from '../session/client-socket';

/** One WebSocket message written to a {@link FakeSocket}. */
export interface SentFrame {
  readonly data: Uint8Array | string;
  readonly isBinary: boolean;
  /** Which `cork` call it was written in (0: outside any). */
  readonly cork: number;
}

/** An in-memory client socket. */
export class FakeSocket implements ClientSocket {
  /** Messages written, oldest first. */
  readonly sent: SentFrame[] = [];
  /** What `getBufferedAmount` reports (a test raises it to simulate a client that does not read). */
  buffered = 0;
  /** What the next `send` returns. */
  sendStatus: number = SendStatus.Sent;
  /** The close the session asked for, if any. */
  ended: { readonly code: number; readonly reason: string } | null = null;
  private corks = 0;
  private inCork = 0;

  /** Every message written so far, Batches unpacked (for plaintext, uncompressed sessions). */
  messages(): ClientSingleMessage[] {
    return this.sent.flatMap((f) => messagesOf(f.data));
  }

  /** {@inheritDoc ClientSocket.send} */
  send(data: Uint8Array | string, isBinary: boolean): number {
    if (this.ended !== null) throw new Error('send on an ended socket');
    // Copy: the outbox reuses its encoder's buffer.
    this.sent.push({ data: typeof data === 'string' ? data : data.slice(), isBinary, cork: this.inCork });
    return this.sendStatus;
  }

  /** {@inheritDoc ClientSocket.cork} */
  cork(write: () => void): this {
    const outer = this.inCork;
    this.inCork = ++this.corks;
    try {
      write();
    } finally {
      this.inCork = outer;
    }
    return this;
  }

  /** {@inheritDoc ClientSocket.getBufferedAmount} */
  getBufferedAmount(): number {
    return this.buffered;
  }

  /** {@inheritDoc ClientSocket.end} */
  end(code: number, reason: Uint8Array): void {
    if (this.ended !== null) throw new Error('socket already ended');
    this.ended = { code, reason: new TextDecoder().decode(reason) };
  }
}

/** The messages of one plaintext, uncompressed frame, Batches unpacked. */
export function messagesOf(frame: Uint8Array | string): ClientSingleMessage[] {
  const decoded = decodeClientFrame(frame);
  if (E.isLeft(decoded)) throw new Error(`undecodable frame: ${decoded.left.message}`);
  const m = decoded.right;
  return m.type === 'Batch' ? m.messages.filter((x): x is ClientSingleMessage => x.type !== 'Batch') : [m];
}
