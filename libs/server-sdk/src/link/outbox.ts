// Everything a game server sends on one link during one event-loop turn leaves as one
// WebSocket message: a single message as its own frame, several as a protocol Batch.
import { createServerBatchWriter, encodeServerFrame, type Encoding, type Frame, type ServerSingleMessage } from '@atlas/protocol';

/** Flush early above this many bytes, well under the node's default 1 MiB frame limit. */
const MAX_BATCH_BYTES = 256 * 1024;
/** Flush early at this many messages (the node's default decoder accepts 4096 per Batch). */
const MAX_BATCH_MESSAGES = 4000;

/** Collects one link's outbound messages and writes them once per turn. */
export class Outbox {
  private readonly writer = createServerBatchWriter();
  private readonly json: Frame[] = [];
  private scheduled = false;
  private closed = false;

  /**
   * `write` sends one frame on the socket; `endOfTurn` runs just before the turn's frame is
   * written, so what is decided once per turn (acknowledgements) rides in the same frame.
   */
  constructor(
    private readonly encoding: Encoding,
    private readonly write: (frame: Frame) => void,
    private readonly endOfTurn: () => void = () => undefined,
  ) {}

  /** Queues `m` for the end of this turn. */
  push(m: ServerSingleMessage): void {
    if (this.closed) return;
    if (this.encoding === 'json') {
      this.json.push(encodeServerFrame(m, 'json'));
    } else {
      this.writer.add(m);
      if (this.writer.count >= MAX_BATCH_MESSAGES || this.writer.byteLength >= MAX_BATCH_BYTES) this.flush();
    }
    this.schedule();
  }

  /** Makes sure this turn ends with a flush (and its `endOfTurn`), even with nothing queued yet. */
  schedule(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(this.flushScheduled);
  }

  /** Writes whatever is queued now (also called at the end of the turn). */
  flush(): void {
    if (this.closed) return;
    const frame = this.writer.finish();
    if (frame !== undefined) {
      this.write(frame);
      this.writer.reset();
    }
    // Text frames cannot be batched: the JSON codec is for debugging, not throughput.
    for (const f of this.json.splice(0)) this.write(f);
  }

  /** Drops anything queued; later pushes are ignored (the socket is gone). */
  close(): void {
    this.closed = true;
    this.writer.reset();
    this.json.length = 0;
  }

  private readonly flushScheduled = (): void => {
    // Still marked scheduled while endOfTurn pushes: its messages join this frame.
    this.endOfTurn();
    this.scheduled = false;
    this.flush();
  };
}
