import { KEY_LENGTH, REKEY_INFO } from '../key-schedule';
import type { AsyncBackend, SyncBackend } from './backend';

const EMPTY_SALT = new Uint8Array(0);

/**
 * One direction's keys by epoch: key(e+1) = HKDF-SHA256(IKM = key(e), salt = empty,
 * info = "atlas/1 rekey"). Old keys are dropped as soon as the epoch moves on. The raw
 * bytes are kept beside the key only when the backend's key is not its raw bytes
 * (every idle session holds two chains, so one form per key halves their cost).
 */
export class SyncKeyChain<K> {
  private raw: Uint8Array | undefined;
  private key: K;
  private nextRaw: Uint8Array | undefined;
  private nextKey: K | undefined;

  constructor(
    private readonly backend: SyncBackend<K>,
    raw: Uint8Array,
  ) {
    this.key = backend.importKey(raw);
    this.raw = backend.rawKey === undefined ? raw : undefined;
  }

  /** The current epoch's key. */
  get current(): K {
    return this.key;
  }

  /** The next epoch's key (derived on first use). */
  next(): K {
    if (this.nextKey === undefined) {
      const nextRaw = this.backend.hkdf(this.rawOf(this.key, this.raw), EMPTY_SALT, REKEY_INFO, KEY_LENGTH);
      this.nextKey = this.backend.importKey(nextRaw);
      this.nextRaw = this.backend.rawKey === undefined ? nextRaw : undefined;
    }
    return this.nextKey;
  }

  /** Moves to the next epoch. */
  advance(): void {
    const key = this.next();
    this.raw = this.nextRaw;
    this.key = key;
    this.nextRaw = undefined;
    this.nextKey = undefined;
  }

  private rawOf(key: K, raw: Uint8Array | undefined): Uint8Array {
    const rawKey = this.backend.rawKey;
    if (rawKey !== undefined) return rawKey(key);
    if (raw === undefined) throw new Error('unreachable: raw bytes are kept when the backend has no rawKey');
    return raw;
  }
}

/** The async twin of SyncKeyChain: same derivation, keys as promises. */
export class AsyncKeyChain<K> {
  private raw: Promise<Uint8Array>;
  private key: Promise<K>;
  private nextRaw: Promise<Uint8Array> | undefined;
  private nextKey: Promise<K> | undefined;

  constructor(
    private readonly backend: AsyncBackend<K>,
    raw: Uint8Array,
  ) {
    this.raw = Promise.resolve(raw);
    this.key = backend.importKey(raw);
  }

  /** The current epoch's key. */
  get current(): Promise<K> {
    return this.key;
  }

  /** The next epoch's key (derivation starts on first use). */
  next(): Promise<K> {
    if (this.nextKey === undefined) {
      const nextRaw = this.raw.then((raw) => this.backend.hkdf(raw, EMPTY_SALT, REKEY_INFO, KEY_LENGTH));
      this.nextRaw = nextRaw;
      this.nextKey = nextRaw.then((raw) => this.backend.importKey(raw));
    }
    return this.nextKey;
  }

  /** Moves to the next epoch. */
  advance(): void {
    const key = this.next();
    this.raw = this.nextRaw as Promise<Uint8Array>;
    this.key = key;
    this.nextRaw = undefined;
    this.nextKey = undefined;
  }
}
