import * as E from 'fp-ts/Either';
import type { ChannelError, Direction } from '../errors';
import type { AsyncBackend } from './backend';
import { FRAME_HEADER_LENGTH, NONCE_LENGTH, readHeader, sealedLength, writeHeader, writeNonce } from './frame';
import { AsyncKeyChain } from './key-chain';
import { resolveChannelOptions, type ChannelOptions } from './options';
import { ReplayWindow } from './replay-window';
import { SendSchedule } from './send-schedule';

const AUTHENTICATION_FAILED: ChannelError = { kind: 'authentication-failed' };

/**
 * A session channel with promise results (WebCrypto, the isomorphic default). Same
 * frames, nonces and acceptance rules as SyncChannel. Counters are reserved when seal()
 * is called, so send frames in call order; open() may be called for many frames at
 * once: decryption runs concurrently, acceptance is decided in call order. Inputs are
 * copied at call time, so callers may reuse their buffers immediately.
 */
export class AsyncChannel {
  private readonly schedule: SendSchedule;
  private readonly window = new ReplayWindow();
  private readonly sendKeys: AsyncKeyChain<unknown>;
  private readonly receiveKeys: AsyncKeyChain<unknown>;
  private readonly sendDirection: Direction;
  private readonly receiveDirection: Direction;
  private tail: Promise<unknown> = Promise.resolve();

  /** Use createAsyncChannel (or createWebCryptoChannel). */
  constructor(
    private readonly backend: AsyncBackend<unknown>,
    options: ChannelOptions,
  ) {
    const resolved = resolveChannelOptions(options);
    this.sendDirection = resolved.sendDirection;
    this.receiveDirection = resolved.receiveDirection;
    this.schedule = new SendSchedule(resolved.intervalMs, resolved.maxMessagesPerKey, resolved.now);
    this.sendKeys = new AsyncKeyChain(backend, resolved.sendKey);
    this.receiveKeys = new AsyncKeyChain(backend, resolved.receiveKey);
  }

  /** The backend's name (e.g. "webcrypto"). */
  get backendName(): string {
    return this.backend.name;
  }

  /** Key epoch of the last sealed frame. */
  get sendEpoch(): number {
    return this.schedule.epoch;
  }

  /** Key epoch of the last accepted frame. */
  get receiveEpoch(): number {
    return this.window.epoch;
  }

  /** Resolves once both keys are imported (rejects if the backend refuses them). */
  async ready(): Promise<void> {
    await Promise.all([this.sendKeys.current, this.receiveKeys.current]);
  }

  /** Length of the sealed frame for a plaintext of `plaintextLength` bytes (plaintext + 29). */
  sealedLength(plaintextLength: number): number {
    return sealedLength(plaintextLength);
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
    const rejected = this.window.check(epoch, counter);
    if (rejected !== undefined) return Promise.resolve(E.left(rejected));
    const key = epoch === this.window.epoch ? this.receiveKeys.current : this.receiveKeys.next();
    const nonce = new Uint8Array(NONCE_LENGTH);
    writeNonce(nonce, this.receiveDirection, counter);
    const copy = frame.slice();
    const decrypted = key
      .then((k) => this.backend.open(k, nonce, copy.subarray(0, FRAME_HEADER_LENGTH), copy.subarray(FRAME_HEADER_LENGTH)))
      .catch(() => undefined);
    // Decide acceptance in call order, whatever order the decryptions finish in.
    const result = this.tail.then(() => decrypted).then((plaintext) => this.accept(epoch, counter, plaintext));
    this.tail = result;
    return result;
  }

  private accept(epoch: number, counter: number, plaintext: Uint8Array | undefined): E.Either<ChannelError, Uint8Array> {
    if (plaintext === undefined) return E.left(AUTHENTICATION_FAILED);
    const previousEpoch = this.window.epoch;
    const rejected = this.window.commit(epoch, counter);
    if (rejected !== undefined) return E.left(rejected);
    if (epoch !== previousEpoch) this.receiveKeys.advance();
    return E.right(plaintext);
  }
}

/** An asynchronous channel over any asynchronous backend; resolves once the keys are imported. */
export async function createAsyncChannel<K>(backend: AsyncBackend<K>, options: ChannelOptions): Promise<AsyncChannel> {
  const channel = new AsyncChannel(backend as AsyncBackend<unknown>, options);
  await channel.ready();
  return channel;
}
