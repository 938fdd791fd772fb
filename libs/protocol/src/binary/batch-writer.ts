// Collects every message bound for one peer during one event-loop turn into a single
// frame (one compression, one encryption, one write). One message goes out as a plain
// frame, several as a Batch, built in place in one reused buffer with no copies.
import { ClientTypeId, ServerTypeId } from '../constants/message-types';
import { BASE_VERSION } from '../constants/version';
import type { ClientSingleMessage } from '../model/client-messages';
import type { ServerSingleMessage } from '../model/server-messages';
import { ByteWriter } from './byte-writer';
import type { FrameWrite } from './client-encode';
import { writeClientMessage } from './client-encode';
import { writeServerMessage } from './server-encode';

// Layout while collecting: version | Batch type | u16 count | (u32 length | frame)*.
const HEADER = 4;
const FIRST_FRAME = HEADER + 4;

/**
 * Accumulates messages and emits them as one frame. Every frame it writes carries the
 * version given to `reset` (one writer serves sessions of both versions, one at a time).
 */
export class BatchWriter<M> {
  private n = 0;
  private v: number = BASE_VERSION;

  constructor(
    private readonly batchTypeId: number,
    private readonly writeOne: FrameWrite<M>,
    private readonly w: ByteWriter = new ByteWriter(4096),
  ) {
    this.reset();
  }

  /** Messages added since the last reset. */
  get count(): number {
    return this.n;
  }

  /** Bytes the frame would have now. */
  get byteLength(): number {
    return this.n === 1 ? this.w.length - FIRST_FRAME : this.n === 0 ? 0 : this.w.length;
  }

  /** Adds one message (at most 65,535 per frame). */
  add(m: M): void {
    if (this.n === 0xffff) throw new RangeError('a batch holds at most 65535 messages');
    const at = this.w.reserveU32();
    this.writeOne(this.w, m, this.v);
    this.w.patchU32(at, this.w.length - at - 4);
    this.n++;
  }

  /**
   * The frame: undefined when empty, the message's own frame when there is one, a Batch
   * otherwise. A view of the internal buffer, valid until the next `add` or `reset`.
   */
  finish(): Uint8Array | undefined {
    if (this.n === 0) return undefined;
    const all = this.w.view();
    if (this.n === 1) return all.subarray(FIRST_FRAME);
    this.w.patchU16(2, this.n);
    return all;
  }

  /** The version of the frames being collected. */
  get version(): number {
    return this.v;
  }

  /** Empties the writer for the next turn (keeps its buffer); its frames will carry `version`. */
  reset(version: number = BASE_VERSION): void {
    this.n = 0;
    this.v = version;
    this.w.reset();
    this.w.u8(version);
    this.w.u8(this.batchTypeId);
    this.w.u16(0);
  }
}

/** A BatchWriter for the client link (node -> one client, or client -> node). */
export function createClientBatchWriter(writer?: ByteWriter): BatchWriter<ClientSingleMessage> {
  return new BatchWriter<ClientSingleMessage>(ClientTypeId.Batch, writeClientMessage, writer);
}

/** A BatchWriter for the server link (node <-> one game server). */
export function createServerBatchWriter(writer?: ByteWriter): BatchWriter<ServerSingleMessage> {
  return new BatchWriter<ServerSingleMessage>(ServerTypeId.Batch, writeServerMessage, writer);
}
