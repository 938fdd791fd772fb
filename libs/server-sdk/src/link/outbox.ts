// Everything a game server sends on one link during one event-loop turn leaves as one
// WebSocket message: a single message as its own frame, several as a protocol Batch.
// Frames carry the link's version, and a message the node's version lacks is never sent.
import { createServerBatchWriter, encodeServerFrame, serverSendable, type Encoding, type Frame, type ServerSingleMessage } from '@atlas/protocol';

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

  /** `write` sends one frame on the socket; `version` is the link's (LinkWelcome's). */
  constructor(
    private readonly encoding: Encoding,
    private readonly write: (frame: Frame) => void,
    readonly version = 1,
  ) {
    this.writer.reset(version);
  }

  /** Queues `m` for the end of this turn; false (nothing queued) when closed or the node's version lacks `m`. */
  push(m: ServerSingleMessage): boolean {
    if (this.closed || !serverSendable(m.type, this.version)) return false;
    if (this.encoding === 'json') {
      this.json.push(encodeServerFrame(m, 'json', this.version));
    } else {
      this.writer.add(m);
      if (this.writer.count >= MAX_BATCH_MESSAGES || this.writer.byteLength >= MAX_BATCH_BYTES) this.flush();
    }
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flushScheduled);
    }
    return true;
  }

  /** Writes whatever is queued now (also called at the end of the turn). */
  flush(): void {
    if (this.closed) return;
    const frame = this.writer.finish();
    if (frame !== undefined) {
      this.write(frame);
      this.writer.reset(this.version);
    }
    // Text frames cannot be batched: the JSON codec is for debugging, not throughput.
    for (const f of this.json.splice(0)) this.write(f);
  }

  /** Drops anything queued; later pushes are ignored (the socket is gone). */
  close(): void {
    this.closed = true;
    this.writer.reset(this.version);
    this.json.length = 0;
  }

  private readonly flushScheduled = (): void => {
    this.scheduled = false;
    this.flush();
  };
}
