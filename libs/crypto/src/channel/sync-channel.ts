import * as E from 'fp-ts/lib/Either.js';
import type { ChannelError } from '../errors';
import type { SyncBackend } from './backend';
import { ChannelCore } from './channel-core';
import { FRAME_HEADER_LENGTH, NONCE_LENGTH, readHeader, sealedLength, writeHeader, writeNonce } from './frame';
import { SyncKeyChain } from './key-chain';
import type { ChannelOptions } from './options';

/**
 * Nonce scratch shared by every channel in the module: seal and open are synchronous and
 * the backend reads the nonce before returning, so no call sees another's nonce, and an
 * idle channel holds no nonce buffers of its own.
 */
const NONCE_SCRATCH = new Uint8Array(NONCE_LENGTH);

/**
 * A session channel whose seal and open return at once (node:crypto backend): what
 * atlas-node uses on its hot path. Not safe to share between concurrent users of one
 * direction; one channel per connection.
 */
export class SyncChannel extends ChannelCore<SyncBackend<unknown>, SyncKeyChain<unknown>> {
  /** Use createSyncChannel (or createNodeChannel from `@atlas/crypto/node`). */
  constructor(backend: SyncBackend<unknown>, options: ChannelOptions) {
    super(backend, options, (b, raw) => new SyncKeyChain(b, raw));
  }

  /** Seals one message into a new frame. */
  seal(plaintext: Uint8Array): Uint8Array {
    const out = new Uint8Array(sealedLength(plaintext.length));
    this.sealInto(plaintext, out, 0);
    return out;
  }

  /**
   * Seals into a caller buffer at `offset` (e.g. a batch or a reused send buffer) and
   * returns the bytes written. A buffer too small is a bug: RangeError.
   */
  sealInto(plaintext: Uint8Array, out: Uint8Array, offset = 0): number {
    const length = sealedLength(plaintext.length);
    if (offset < 0 || offset + length > out.length) throw new RangeError(`sealInto needs ${length} bytes at ${offset}`);
    if (this.schedule.advance()) this.sendKeys.advance();
    const counter = this.schedule.counter;
    writeHeader(out, offset, this.sendDirection, this.schedule.epoch, counter);
    writeNonce(NONCE_SCRATCH, this.sendDirection, counter);
    const aad = out.subarray(offset, offset + FRAME_HEADER_LENGTH);
    this.backend.sealInto(this.sendKeys.current, NONCE_SCRATCH, aad, plaintext, out, offset + FRAME_HEADER_LENGTH);
    return length;
  }

  /** Opens one frame: the plaintext, or why it was rejected. Never throws. */
  open(frame: Uint8Array): E.Either<ChannelError, Uint8Array> {
    const header = readHeader(frame, this.receiveDirection);
    if (E.isLeft(header)) return header;
    const { epoch, counter } = header.right;
    const rejected = this.window.check(epoch, counter);
    if (rejected !== undefined) return E.left(rejected);
    const isNext = epoch !== this.window.epoch;
    const key = isNext ? this.receiveKeys.next() : this.receiveKeys.current;
    writeNonce(NONCE_SCRATCH, this.receiveDirection, counter);
    const aad = frame.subarray(0, FRAME_HEADER_LENGTH);
    const plaintext = this.backend.open(key, NONCE_SCRATCH, aad, frame.subarray(FRAME_HEADER_LENGTH));
    if (plaintext === undefined) return E.left({ kind: 'authentication-failed' });
    this.window.commit(epoch, counter);
    if (isNext) this.receiveKeys.advance();
    return E.right(plaintext);
  }
}

/** A synchronous channel over any synchronous backend. */
export function createSyncChannel<K>(backend: SyncBackend<K>, options: ChannelOptions): SyncChannel {
  return new SyncChannel(backend as SyncBackend<unknown>, options);
}
