// The client's half of the key exchange and its session channel, over WebCrypto (the
// default, async) or an injected synchronous backend (`@atlas/crypto/node`, for load
// generators that run thousands of clients in one Node process, and Node test clients).
import * as E from 'fp-ts/lib/Either.js';
import {
  KeyExchangeSuites,
  Roles,
  createKeyShare,
  createWebCryptoChannel,
  derivePreSharedKey,
  deriveSessionKeys,
  describeCryptoError,
  handshakeTranscript,
  type ChannelError,
  type CryptoError,
  type KeyExchangeSuite,
  type PreSharedKeyConfig,
  type WebKeyShare,
} from '@atlas/crypto';
import { Codec, type Transcript } from '@atlas/protocol';
import { openSyncChannel, type SyncKeyBackend } from './session-keys';

/**
 * A synchronous crypto backend: pass `@atlas/crypto/node` itself
 * (`import * as nodeCrypto from '@atlas/crypto/node'`), whose functions have these names.
 */
export interface SyncCryptoBackend extends SyncKeyBackend<never> {
  createKeyShareSync(suite?: KeyExchangeSuite): E.Either<unknown, { readonly suite: KeyExchangeSuite; readonly keyShare: Uint8Array }>;
  /** Optional: PBKDF2 without blocking on WebCrypto (`@atlas/crypto/node` has it). */
  derivePreSharedKeySync?(config: PreSharedKeyConfig): E.Either<unknown, Uint8Array>;
}

/** A pre-shared key (closed deployments): derived bytes, or the PBKDF2 settings (`security.psk`, `psk_salt`, `pbkdf2_iterations`). */
export type ClientPsk = Uint8Array | PreSharedKeyConfig;

/** Seals and opens the frames of one session (sync backends return values, WebCrypto promises). */
export interface SessionSealer {
  seal(plaintext: Uint8Array): Uint8Array | Promise<Uint8Array>;
  open(frame: Uint8Array): E.Either<ChannelError, Uint8Array> | Promise<E.Either<ChannelError, Uint8Array>>;
}

/** An ephemeral key share made for one handshake. */
export interface ClientKeyShare {
  readonly keyShare: Uint8Array;
  /** The encryption codec matching the share's suite. */
  readonly codec: string;
  readonly secret: unknown;
}

/** Key exchange and channel creation for one client. */
export interface ClientCrypto {
  createKeyShare(): Promise<E.Either<string, ClientKeyShare>>;
  /** The session channel; `psk` is mixed into the keys (the `psk-aes256gcm` codec). */
  channel(share: ClientKeyShare, peerKeyShare: Uint8Array, transcript: Transcript, rotationSeconds?: number, psk?: Uint8Array): Promise<E.Either<string, SessionSealer>>;
  /** Derives a pre-shared key from its PBKDF2 settings (bytes pass through). */
  preSharedKey(psk: ClientPsk): Promise<E.Either<string, Uint8Array>>;
}

const NO_WEBCRYPTO = 'WebCrypto is not available (browsers expose it only on https:// or localhost pages); pass `syncCrypto` in Node';

/** True when the runtime has SubtleCrypto. */
function hasWebCrypto(): boolean {
  return typeof globalThis.crypto?.subtle?.generateKey === 'function';
}

/** A WebCrypto step's result with its error described (and a rejection caught). */
async function described<A>(step: Promise<E.Either<CryptoError, A>>): Promise<E.Either<string, A>> {
  try {
    const r = await step;
    return E.isLeft(r) ? E.left(describeCryptoError(r.left)) : E.right(r.right);
  } catch (error) {
    return E.left(`WebCrypto failed: ${String(error)}`);
  }
}

const codecOf = (suite: KeyExchangeSuite): string => (suite === KeyExchangeSuites.X25519 ? Codec.X25519Aes256Gcm : Codec.P256Aes256Gcm);

let sharedWeb: ClientCrypto | undefined;
/** One ClientCrypto per sync backend: it holds no per-client state, and load generators run thousands of clients. */
const sharedSync = new WeakMap<SyncCryptoBackend, ClientCrypto>();

/** WebCrypto (browsers, and Node's globalThis.crypto); stateless, so one object serves every client. */
export function webClientCrypto(): ClientCrypto {
  sharedWeb ??= makeWebClientCrypto();
  return sharedWeb;
}

function makeWebClientCrypto(): ClientCrypto {
  return {
    async createKeyShare() {
      if (!hasWebCrypto()) return E.left(NO_WEBCRYPTO);
      const share = await described(createKeyShare());
      if (E.isLeft(share)) return share;
      return E.right({ keyShare: share.right.keyShare, codec: codecOf(share.right.suite), secret: share.right });
    },
    async channel(share, peerKeyShare, transcript, rotationSeconds, psk) {
      const keys = await described(
        deriveSessionKeys({ role: Roles.Client, local: share.secret as WebKeyShare, peerKeyShare, transcript: handshakeTranscript(transcript.hello, transcript.welcome), psk }),
      );
      if (E.isLeft(keys)) return keys;
      try {
        const channel = await createWebCryptoChannel({ keys: keys.right, role: Roles.Client, keyRotationIntervalSeconds: rotationSeconds });
        return E.right(channel);
      } catch (error) {
        return E.left(`channel: ${String(error)}`);
      }
    },
    async preSharedKey(psk) {
      if (psk instanceof Uint8Array) return E.right(psk);
      if (!hasWebCrypto()) return E.left(NO_WEBCRYPTO);
      return described(derivePreSharedKey(psk));
    },
  };
}

/** A synchronous backend (node:crypto): about 10x cheaper per frame than WebCrypto. Shared per backend. */
export function syncClientCrypto(backend: SyncCryptoBackend): ClientCrypto {
  let made = sharedSync.get(backend);
  if (made === undefined) {
    made = makeSyncClientCrypto(backend);
    sharedSync.set(backend, made);
  }
  return made;
}

function makeSyncClientCrypto(backend: SyncCryptoBackend): ClientCrypto {
  const web = webClientCrypto();
  return {
    async createKeyShare() {
      const share = backend.createKeyShareSync();
      if (E.isLeft(share)) return E.left('key share: unsupported suite');
      return E.right({ keyShare: share.right.keyShare, codec: codecOf(share.right.suite), secret: share.right });
    },
    async channel(share, peerKeyShare, transcript, rotationSeconds, psk) {
      const channel = openSyncChannel(backend, Roles.Client, share.secret as never, peerKeyShare, transcript, psk, rotationSeconds);
      return E.isLeft(channel) ? E.left('key exchange failed') : channel;
    },
    async preSharedKey(psk) {
      if (psk instanceof Uint8Array) return E.right(psk);
      if (backend.derivePreSharedKeySync === undefined) return web.preSharedKey(psk);
      const key = backend.derivePreSharedKeySync(psk);
      return E.isLeft(key) ? E.left('pre-shared key: weak parameters') : E.right(key.right);
    },
  };
}
