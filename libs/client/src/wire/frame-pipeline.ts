// The per-frame pipeline of an open client-link session (after Welcome), the same on
// both ends:  send: encode -> [compress] -> [seal]   receive: [open] -> [decompress] -> decode.
// Binary encoding is the protocol's binary codec; JSON encoding is the UTF-8 of the JSON
// envelope. A session with raw compression and plaintext sends JSON as text frames and
// binary as binary frames; every other session sends binary frames.
import * as E from 'fp-ts/lib/Either.js';
import { createCompressor, type Compressor } from '@atlas/compression';
import {
  ByteWriter,
  createClientBatchWriter,
  decodeClientJson,
  decodeClientMessage,
  encodeClientFrame,
  type ClientMessage,
  type ClientSingleMessage,
  type Encoding,
  type Frame,
  type ProtocolError,
} from '@atlas/protocol';
import { compressionAlgorithm, type SessionCodecs } from './codecs';

/** Why a received frame was refused. */
export type PipelineError =
  | { readonly kind: 'decrypt'; readonly message: string }
  | { readonly kind: 'decompress'; readonly message: string }
  | { readonly kind: 'decode'; readonly message: string; readonly error?: ProtocolError };

/**
 * Frames shorter than this go uncompressed: the node's `compression.threshold` default.
 * Below it LZ4 costs more CPU (each call clears lz4js's 256 KiB match table) than the bytes it saves.
 */
export const CLIENT_COMPRESSION_THRESHOLD = 1024;
/** First size of the batch writer; it doubles on demand (a move + an action is about 130 bytes). */
const WRITER_INITIAL_BYTES = 256;

const utf8In = new TextDecoder('utf-8', { fatal: true });
const utf8Out = new TextEncoder();

/** The sync half of the pipeline: encode/compress out, decompress/decode in (no crypto). */
export class FrameCodec {
  private readonly compressor: Compressor | undefined;
  private readonly writer = createClientBatchWriter(new ByteWriter(WRITER_INITIAL_BYTES));
  private pending: ClientSingleMessage[] = [];

  constructor(
    readonly encoding: Encoding,
    readonly codecs: SessionCodecs,
    private readonly maxFrameBytes = 1024 * 1024,
    compressionThreshold = CLIENT_COMPRESSION_THRESHOLD,
  ) {
    const algorithm = compressionAlgorithm(codecs.compression);
    this.compressor = algorithm === undefined ? undefined : createCompressor({ algorithm, threshold: compressionThreshold, maxDecompressedBytes: maxFrameBytes });
  }

  /** True when payloads travel as text frames (JSON, raw, plaintext: the debugging mode). */
  get textFrames(): boolean {
    return this.encoding === 'json' && this.compressor === undefined && this.codecs.encryption === 'plaintext';
  }

  /** Queues a message for the next `take` (one frame per turn). */
  add(m: ClientSingleMessage): void {
    if (this.encoding === 'binary') this.writer.add(m);
    else this.pending.push(m);
  }

  /** Messages queued. */
  get queued(): number {
    return this.encoding === 'binary' ? this.writer.count : this.pending.length;
  }

  /** The queued messages as one compressed payload (a Batch when several); undefined when none. */
  take(): Frame | undefined {
    let payload: Frame | undefined;
    if (this.encoding === 'binary') {
      const view = this.writer.finish();
      // The compressor always writes a new frame, so the writer's view needs no copy of its own.
      payload = view === undefined ? undefined : this.compressor === undefined ? view.slice() : this.compressor.compress(view);
      this.writer.reset();
      return payload;
    } else if (this.pending.length > 0) {
      const ms = this.pending;
      this.pending = [];
      payload = encodeClientFrame(ms.length === 1 ? (ms[0] as ClientSingleMessage) : { type: 'Batch', messages: ms }, 'json');
    }
    return payload === undefined ? undefined : this.compress(payload);
  }

  /** One message as a compressed payload (outside the per-turn batching). */
  encode(m: ClientMessage): Frame {
    return this.compress(encodeClientFrame(m, this.encoding));
  }

  /** Decompresses and decodes an opened payload into messages (a Batch is flattened). */
  decode(payload: Frame): E.Either<PipelineError, ClientSingleMessage[]> {
    let body: Frame = payload;
    if (typeof payload !== 'string' && this.compressor !== undefined) {
      const d = this.compressor.decompress(payload);
      if (E.isLeft(d)) return E.left({ kind: 'decompress', message: d.left.message });
      body = d.right;
    }
    let decoded: E.Either<ProtocolError, ClientMessage>;
    if (this.encoding === 'json') {
      let text: string;
      try {
        text = typeof body === 'string' ? body : utf8In.decode(body);
      } catch {
        return E.left({ kind: 'decode', message: 'JSON frame is not valid UTF-8' });
      }
      decoded = decodeClientJson(text, { maxFrameBytes: this.maxFrameBytes });
    } else {
      if (typeof body === 'string') return E.left({ kind: 'decode', message: 'text frame on a binary session' });
      decoded = decodeClientMessage(body, { maxFrameBytes: this.maxFrameBytes });
    }
    if (E.isLeft(decoded)) return E.left({ kind: 'decode', message: decoded.left.message, error: decoded.left });
    const m = decoded.right;
    return E.right(m.type === 'Batch' ? (m.messages as ClientSingleMessage[]) : [m]);
  }

  /** Frame bytes as they go to the sealer (text stays text only in the debugging mode). */
  private compress(payload: Frame): Frame {
    if (this.textFrames) return payload;
    const bytes = typeof payload === 'string' ? utf8Out.encode(payload) : payload;
    return this.compressor === undefined ? bytes : this.compressor.compress(bytes);
  }
}
