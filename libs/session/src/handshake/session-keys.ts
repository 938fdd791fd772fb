// The key-exchange glue both ends run after the handshake machine says `established`:
// derive the session keys from the ephemeral shares and the transcript (plus the
// pre-shared key for `psk-aes256gcm`), then open the AES-256-GCM channel. The cipher is
// injected: Node ends pass `@atlas/crypto/node` (synchronous), so this lib imports no
// Node built-in.
import * as E from 'fp-ts/lib/Either.js';
import { handshakeTranscript, type ChannelOptions, type DeriveSessionKeysInput, type Role, type SessionKeys, type SyncChannel } from '@atlas/crypto';
import { Codec, type PlayerConnect, type Transcript } from '@atlas/protocol';
import { sealModeOf, sessionCodecs } from '../codecs/codec-names';

/** A synchronous key schedule and channel: `@atlas/crypto/node` has these functions under these names. */
export interface SyncKeyBackend<Share> {
  deriveSessionKeysSync(input: DeriveSessionKeysInput<Share>): E.Either<unknown, SessionKeys>;
  createNodeChannel(options: ChannelOptions): SyncChannel;
}

/** A server's synchronous crypto: its key share made for the client's suite, then the keys. */
export interface ServerCryptoBackend<Share extends { readonly keyShare: Uint8Array }> extends SyncKeyBackend<Share> {
  createKeyShareForSync(peerKeyShare: Uint8Array): E.Either<{ readonly kind: string }, Share>;
}

/** What opening a channel needs besides the shares. */
export interface ChannelParams {
  /** Mixed into the keys; used only when the chosen codec is `psk-aes256gcm`. */
  readonly psk?: Uint8Array | undefined;
  readonly keyRotationSeconds?: number | undefined;
}

/** Derives the session keys and opens this end's channel. */
export function openSyncChannel<Share>(
  backend: SyncKeyBackend<Share>,
  role: Role,
  local: Share,
  peerKeyShare: Uint8Array,
  transcript: Transcript,
  psk?: Uint8Array,
  keyRotationSeconds?: number,
): E.Either<string, SyncChannel> {
  const keys = backend.deriveSessionKeysSync({ role, local, peerKeyShare, transcript: handshakeTranscript(transcript.hello, transcript.welcome), psk });
  if (E.isLeft(keys)) return E.left(`key derivation failed: ${describe(keys.left)}`);
  return E.right(backend.createNodeChannel({ keys: keys.right, role, keyRotationIntervalSeconds: keyRotationSeconds }));
}

/** The key-share suite byte each ephemeral codec needs (the share's first byte, `@atlas/crypto`'s format). */
const SUITE_OF_CODEC: Readonly<Record<string, number>> = { [Codec.X25519Aes256Gcm]: 1, [Codec.P256Aes256Gcm]: 2 };

/**
 * True when `connect`'s key share can be used with `codec`: an ephemeral codec needs a
 * share of its own suite (X25519 or P-256); other codecs take any share. The node passes
 * this to its handshake machine, so a Welcome never names a suite the share is not of.
 */
export function keyShareAgrees(codec: string, connect: PlayerConnect): boolean {
  const suite = SUITE_OF_CODEC[codec];
  return suite === undefined || connect.keyShare[0] === suite;
}

/** The server's key share for a verified PlayerConnect; undefined when the chosen encryption codec seals nothing. */
export function serverKeyShare<Share extends { readonly keyShare: Uint8Array }>(
  backend: ServerCryptoBackend<Share>,
  connect: PlayerConnect,
  encryptionCodec: string,
): E.Either<string, Share | undefined> {
  if (sealModeOf(encryptionCodec) === 'none') return E.right(undefined);
  if (!keyShareAgrees(encryptionCodec, connect)) return E.left(`key share refused: its suite does not match ${encryptionCodec}`);
  const share = backend.createKeyShareForSync(connect.keyShare);
  return E.isLeft(share) ? E.left(`key share refused: ${share.left.kind}`) : E.right(share.right);
}

/** The server's channel for an established session (null when it is not sealed). */
export function serverChannel<Share extends { readonly keyShare: Uint8Array }>(
  backend: ServerCryptoBackend<Share>,
  established: { readonly connect: PlayerConnect; readonly welcome: { readonly codecs: readonly string[] }; readonly transcript: Transcript },
  share: Share | undefined,
  params: ChannelParams = {},
): E.Either<string, SyncChannel | null> {
  const mode = sealModeOf(sessionCodecs(established.welcome.codecs).encryption);
  if (mode === 'none') return E.right(null);
  if (share === undefined) return E.left('no key share');
  const psk = mode === 'psk' ? params.psk : undefined;
  return openSyncChannel(backend, 'server', share, established.connect.keyShare, established.transcript, psk, params.keyRotationSeconds);
}

function describe(error: unknown): string {
  return typeof error === 'object' && error !== null && 'kind' in error ? String((error as { kind: unknown }).kind) : 'unknown';
}
