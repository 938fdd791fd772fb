import * as E from 'fp-ts/lib/Either.js';
import type { ChannelError } from '../errors';
import type { AsyncBackend } from './backend';
import { ChannelCore } from './channel-core';
import { FRAME_HEADER_LENGTH, NONCE_LENGTH, readHeader, sealedLength, writeHeader, writeNonce } from './frame';
import { AsyncKeyChain } from './key-chain';
import type { ChannelOptions } from './options';

const AUTHENTICATION_FAILED: ChannelError = { kind: 'authentication-failed' };

/**
 * A session channel with promise results (WebCrypto, the isomorphic default). Same
 * frames, nonces and acceptance rules as SyncChannel. Counters are reserved when seal()
 * is called, so send frames in call order; open() may be called for many frames at
 * once: decryption runs concurrently, acceptance is decided in call order. Inputs are
 * copied at call time, so callers may reuse their buffers immediately.
 */
export class AsyncChannel extends ChannelCore<AsyncBackend<unknown>, AsyncKeyChain<unknown>> {
  private tail: Promise<unknown> = Promise.resolve();

  /** Use createAsyncChannel (or createWebCryptoChannel). */
  constructor(backend: AsyncBackend<unknown>, options: ChannelOptions) {
    super(backend, options, (b, raw) => new AsyncKeyChain(b, raw));
  }

  /** Resolves once both keys are imported (rejects if the backend refuses them). */
  async ready(): Promise<void> {
    await Promise.all([this.sendKeys.current, this.receiveKeys.current]);
  }

  /** Seals one message; the counter is taken now, in call order. */
  seal(plaintext: Uint8Array): Promise<Uint8Array> {
    if (this.schedule.advance()) this.sendKeys.advance();
    const counter = this.schedule.counter;
    const out = new Uint8Array(sealedLength(plaintext.length));
    writeHeader(out, 0, this.sendDirection, this.schedule.epoch, counter);
    const nonce = new Uint8Array(NONCE_LENGTH);
    writeNonce(nonce, this.sendDirection, counter);
    const copy = plaintext.slice();
    const aad = out.subarray(0, FRAME_HEADER_LENGTH);
    return this.sendKeys.current
      .then((key) => this.backend.seal(key, nonce, aad, copy))
      .then((sealed) => {
        out.set(sealed, FRAME_HEADER_LENGTH);
        return out;
      });
  }

  /** Opens one frame: the plaintext, or why it was rejected. Never rejects. */
  open(frame: Uint8Array): Promise<E.Either<ChannelError, Uint8Array>> {
    const header = readHeader(frame, this.receiveDirection);
    if (E.isLeft(header)) return Promise.resolve(header);
    const { epoch, counter } = header.right;
    // The highest accepted counter only grows, so a replay seen now is final.
    if (counter <= this.window.highest) {
      return Promise.resolve(E.left({ kind: 'replay', counter, highest: this.window.highest }));
    }
    const nonce = new Uint8Array(NONCE_LENGTH);
    writeNonce(nonce, this.receiveDirection, counter);
    const copy = frame.slice();
    const decrypt = (key: Promise<unknown>): Promise<Uint8Array | undefined> =>
      key
        .then((k) => this.backend.open(k, nonce, copy.subarray(0, FRAME_HEADER_LENGTH), copy.subarray(FRAME_HEADER_LENGTH)))
        .catch(() => undefined);
    // Start decrypting now when the epoch's key is at hand, so frames in flight decrypt
    // concurrently; a frame further ahead waits for the frames before it to move the epoch.
    const speculative = this.keyFor(epoch);
    const early = speculative === undefined ? undefined : decrypt(speculative);
    const result = this.tail.then(async (): Promise<E.Either<ChannelError, Uint8Array>> => {
      const rejected = this.window.check(epoch, counter);
      if (rejected !== undefined) return E.left(rejected);
      const plaintext = await (early ?? decrypt(this.keyFor(epoch) as Promise<unknown>));
      if (plaintext === undefined) return E.left(AUTHENTICATION_FAILED);
      // Acceptance runs one frame at a time (this.tail), so the window is unchanged since check().
      const advances = epoch !== this.window.epoch;
      this.window.commit(epoch, counter);
      if (advances) this.receiveKeys.advance();
      return E.right(plaintext);
    });
    this.tail = result;
    return result;
  }

  /** The receive key of `epoch` if it is the current or the next one. */
  private keyFor(epoch: number): Promise<unknown> | undefined {
    if (epoch === this.window.epoch) return this.receiveKeys.current;
    if (epoch === this.window.epoch + 1) return this.receiveKeys.next();
    return undefined;
  }
}

/** An asynchronous channel over any asynchronous backend; resolves once the keys are imported. */
export async function createAsyncChannel<K>(backend: AsyncBackend<K>, options: ChannelOptions): Promise<AsyncChannel> {
  const channel = new AsyncChannel(backend as AsyncBackend<unknown>, options);
  await channel.ready();
  return channel;
}
