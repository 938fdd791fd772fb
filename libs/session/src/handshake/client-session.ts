// The client side of the glue around protocol's ClientHandshake: what PlayerConnect
// offers, and, once Welcome is in, the session's keys, channel and frame pipeline.
import * as E from 'fp-ts/lib/Either.js';
import { describeCryptoError, verifyNodeSignature } from '@atlas/crypto';
import { CloseCode, Codec, nodeSignedBytes, type ClientEstablished } from '@atlas/protocol';
import { isSealed, sessionCodecs, type SessionCodecs } from '../codecs/codec-names';
import { FrameCodec } from '../pipeline/frame-codec';
import type { ClientCrypto, ClientKeyShare, SessionSealer } from './client-crypto';

/** What opening a client session needs besides the handshake's result. */
export interface ClientSessionParams {
  readonly maxFrameBytes?: number | undefined;
  readonly compressionThreshold?: number | undefined;
  /** A derived pre-shared key, mixed in when the server chose `psk-aes256gcm`. */
  readonly psk?: Uint8Array | undefined;
  readonly keyRotationSeconds?: number | undefined;
  /**
   * Pinned node identity keys (raw Ed25519, see `parseNodeKey`): when any is given, the
   * Welcome must be version 2 and signed by one of them, or the session is refused with
   * 4018 NodeUnverified. Empty or absent: the node is not authenticated (as before).
   */
  readonly nodeKeys?: readonly Uint8Array[] | undefined;
}

/** An open client session: its codecs, its pipeline (unsealed half) and its sealer when encrypted. */
export interface OpenClientSession {
  readonly codecs: SessionCodecs;
  readonly codec: FrameCodec;
  readonly sealer: SessionSealer | undefined;
}

/** Why a client could not open the session the server chose (a close code for the socket). */
export interface SessionRefusal {
  readonly code: number;
  readonly message: string;
}

/** Derives the keys (when the server chose encryption) and builds the pipeline. */
export async function openClientSession(
  crypto: ClientCrypto,
  share: ClientKeyShare | undefined,
  established: Pick<ClientEstablished, 'welcome' | 'transcript' | 'encoding'>,
  p: ClientSessionParams = {},
): Promise<E.Either<SessionRefusal, OpenClientSession>> {
  if (p.nodeKeys !== undefined && p.nodeKeys.length > 0) {
    const { welcome, transcript } = established;
    const verified = await verifyNodeSignature(p.nodeKeys, nodeSignedBytes(transcript.hello, welcome), welcome.nodeSignature);
    if (E.isLeft(verified)) return E.left({ code: CloseCode.NodeUnverified, message: describeCryptoError(verified.left) });
  }
  const codecs = sessionCodecs(established.welcome.codecs);
  let sealer: SessionSealer | undefined;
  if (isSealed(codecs.encryption)) {
    if (share === undefined) return E.left({ code: CloseCode.UnsupportedCodec, message: 'node chose encryption the client did not offer' });
    const psk = codecs.encryption === Codec.PskAes256Gcm ? p.psk : undefined;
    const channel = await crypto.channel(share, established.welcome.serverKeyShare, established.transcript, p.keyRotationSeconds, psk);
    if (E.isLeft(channel)) return E.left({ code: CloseCode.DecryptFailed, message: `key exchange failed: ${channel.left}` });
    sealer = channel.right;
  }
  const codec = new FrameCodec(established.encoding, codecs, p.maxFrameBytes, p.compressionThreshold, null, established.welcome.version);
  return E.right({ codecs, codec, sealer });
}
