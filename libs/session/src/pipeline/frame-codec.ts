// One session's pipeline as an object, for ends that run one session at a time (the
// client SDK, sim-server's direct mode, test fakes): messages queued within a turn leave
// as one frame (a Batch when several), encoded with a writer of its own. The seal is
// optional: pass a synchronous channel to get sealed frames out of `take`/`encode` and
// to `receive` sealed ones; a client on an asynchronous cipher (WebCrypto) seals what
// `take` returns itself and hands opened payloads to `decode`.
import * as E from 'fp-ts/lib/Either.js';
import { createCompressor, type Compressor } from '@atlas/compression';
import {
  BASE_VERSION,
  ByteWriter,
  clientSendable,
  createClientBatchWriter,
  encodeClientFrame,
  type ClientMessage,
  type ClientSingleMessage,
  type Encoding,
  type Frame,
} from '@atlas/protocol';
import { compressionAlgorithm, isSealed, type SessionCodecs } from '../codecs/codec-names';
import { compressPayload, decodePayload, inflatePayload, sendsText, unwrapFrame, type FrameChannel, type FrameLayers, type PipelineError } from './layers';

/**
 * Frames shorter than this go uncompressed: the node's `compression.threshold` default.
 * Below it LZ4 costs more CPU (each call clears lz4js's 256 KiB match table) than the bytes it saves.
 */
export const CLIENT_COMPRESSION_THRESHOLD = 1024;
/** First size of the batch writer; it doubles on demand (a move + an action is about 130 bytes). */
const WRITER_INITIAL_BYTES = 256;

/** The frame pipeline of one session: encode/compress[/seal] out, [open/]decompress/decode in. */
export class FrameCodec implements FrameLayers {
  readonly compressor: Compressor | null;
  private readonly writer = createClientBatchWriter(new ByteWriter(WRITER_INITIAL_BYTES));
  private pending: ClientSingleMessage[] = [];

  constructor(
    readonly encoding: Encoding,
    readonly codecs: SessionCodecs,
    private readonly maxFrameBytes = 1024 * 1024,
    compressionThreshold = CLIENT_COMPRESSION_THRESHOLD,
    /** The session channel when this end seals synchronously; null leaves sealing to the caller. */
    readonly channel: FrameChannel | null = null,
    /** The protocol version the handshake settled (Welcome's): frames are written at it, newer ones refused. */
    readonly version: number = BASE_VERSION,
  ) {
    this.writer.reset(version);
    const algorithm = compressionAlgorithm(codecs.compression);
    this.compressor = algorithm === undefined ? null : createCompressor({ algorithm, threshold: compressionThreshold, maxDecompressedBytes: maxFrameBytes });
  }

  /** True when payloads travel as text frames (JSON, raw, plaintext: the debugging mode). */
  get textFrames(): boolean {
    return sendsText(this.encoding, this.compressor, isSealed(this.codecs.encryption));
  }

  /** Queues a message for the next `take` (one frame per turn); false (not queued) when the session's version lacks it. */
  add(m: ClientSingleMessage): boolean {
    if (!clientSendable(m.type, this.version)) return false;
    if (this.encoding === 'binary') this.writer.add(m);
    else this.pending.push(m);
    return true;
  }

  /** Messages queued. */
  get queued(): number {
    return this.encoding === 'binary' ? this.writer.count : this.pending.length;
  }

  /** The queued messages as one frame (a Batch when several), compressed (and sealed with a channel); undefined when none. */
  take(): Frame | undefined {
    if (this.encoding === 'binary') {
      const view = this.writer.finish();
      // The compressor writes a new frame, so only an uncompressed view needs a copy of its own.
      const payload = view === undefined ? undefined : this.compressor === null ? view.slice() : this.compressor.compress(view);
      this.writer.reset(this.version);
      return payload === undefined ? undefined : this.seal(payload);
    }
    if (this.pending.length === 0) return undefined;
    const ms = this.pending;
    this.pending = [];
    return this.layer(encodeClientFrame(ms.length === 1 ? (ms[0] as ClientSingleMessage) : { type: 'Batch', messages: ms }, 'json', this.version));
  }

  /** One message as its own frame (outside the per-turn batching). */
  encode(m: ClientMessage): Frame {
    return this.layer(encodeClientFrame(m, this.encoding, this.version));
  }

  /** Decompresses and decodes an opened payload into messages (a Batch is flattened). */
  decode(payload: Frame): E.Either<PipelineError, ClientSingleMessage[]> {
    return this.messages(inflatePayload(this.encoding, this.compressor, payload));
  }

  /** Opens (with the channel), decompresses and decodes a received frame into messages. */
  receive(frame: Frame): E.Either<PipelineError, ClientSingleMessage[]> {
    return this.messages(unwrapFrame(this, frame));
  }

  private messages(payload: E.Either<PipelineError, Frame>): E.Either<PipelineError, ClientSingleMessage[]> {
    if (E.isLeft(payload)) return payload;
    const decoded = decodePayload(payload.right, { maxFrameBytes: this.maxFrameBytes, maxVersion: this.version });
    if (E.isLeft(decoded)) return decoded;
    const m = decoded.right;
    return E.right(m.type === 'Batch' ? (m.messages as ClientSingleMessage[]) : [m]);
  }

  private layer(payload: Frame): Frame {
    return this.seal(compressPayload(payload, this.compressor, this.textFrames));
  }

  private seal(payload: Frame): Frame {
    return this.channel === null || typeof payload === 'string' ? payload : this.channel.seal(payload);
  }
}
