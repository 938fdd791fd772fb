import * as E from 'fp-ts/lib/Either.js';
import { concatBytes, lengthPrefixed, utf8 } from './bytes';
import { Directions, type Direction, type ParameterError, weakParameters } from './errors';
import { KeyModes, Labels } from './labels';
import type { KeyExchangeSuite } from './suites';

/** Which end of a connection this is: the client (player, or link initiator) or the server (node). */
export const Roles = { Client: 'client', Server: 'server' } as const;
/** 'client' or 'server'. */
export type Role = (typeof Roles)[keyof typeof Roles];

/** The two directional session keys (32 bytes each); both ends derive the same object. */
export interface SessionKeys {
  readonly suite: KeyExchangeSuite;
  readonly clientToServer: Uint8Array;
  readonly serverToClient: Uint8Array;
}

/** What both ends feed into the session-key derivation. */
export interface DeriveSessionKeysInput<Share> {
  readonly role: Role;
  /** This end's ephemeral key share. */
  readonly local: Share;
  /** The peer's key share exactly as received. */
  readonly peerKeyShare: Uint8Array;
  /** Handshake transcript bytes, identical on both ends (see handshakeTranscript). */
  readonly transcript: Uint8Array;
  /** Optional pre-shared key (closed deployments): without it the peer cannot derive the keys. */
  readonly psk?: Uint8Array;
}

/** Length of every AES-256 key and HKDF output in the key schedule. */
export const KEY_LENGTH = 32;
/** Shortest pre-shared key accepted for mixing into the session keys. */
export const MIN_PSK_LENGTH = 16;

/** Direction of the frames this role sends. */
export function sendDirection(role: Role): Direction {
  return role === Roles.Client ? Directions.ClientToServer : Directions.ServerToClient;
}

/** Direction of the frames this role receives. */
export function receiveDirection(role: Role): Direction {
  return role === Roles.Client ? Directions.ServerToClient : Directions.ClientToServer;
}

/**
 * The handshake transcript from its messages as encoded on the wire (for example the
 * hello and the welcome), each with a u32 little-endian length prefix so that no two
 * different message lists give the same bytes.
 */
export function handshakeTranscript(...messages: readonly Uint8Array[]): Uint8Array {
  return lengthPrefixed(messages);
}

/**
 * SHA-256 of this becomes the HKDF salt: the label, both key shares (client first;
 * their lengths follow from the suite byte) and the caller's transcript. Binding the
 * shares here keeps the keys tied to them even if a transcript left them out.
 */
export function saltInput(clientShare: Uint8Array, serverShare: Uint8Array, transcript: Uint8Array): Uint8Array {
  return concatBytes(utf8(Labels.transcript), new Uint8Array([0]), clientShare, serverShare, transcript);
}

/** HKDF info of one direction's key: label, 0x00, suite byte, mode byte. */
export function sessionKeyInfo(direction: Direction, suite: KeyExchangeSuite, withPsk: boolean): Uint8Array {
  const label = direction === Directions.ClientToServer ? Labels.clientToServer : Labels.serverToClient;
  const mode = withPsk ? KeyModes.EphemeralWithPsk : KeyModes.Ephemeral;
  return concatBytes(utf8(label), new Uint8Array([0, suite, mode]));
}

/** HKDF input key material: the shared secret, followed by the pre-shared key if any. */
export function inputKeyMaterial(shared: Uint8Array, psk: Uint8Array | undefined): E.Either<ParameterError, Uint8Array> {
  if (psk === undefined) return E.right(shared);
  if (psk.length < MIN_PSK_LENGTH) return E.left(weakParameters(`pre-shared key shorter than ${MIN_PSK_LENGTH} bytes`));
  return E.right(concatBytes(shared, psk));
}

/** HKDF info of the re-key step (next epoch's key from the current one). */
export const REKEY_INFO: Uint8Array = utf8(Labels.rekey);

/** Orders the two encoded key shares as (client, server) for this role. */
export function sharesInOrder(role: Role, local: Uint8Array, peer: Uint8Array): [Uint8Array, Uint8Array] {
  return role === Roles.Client ? [local, peer] : [peer, local];
}

/** A key share as deriveSessionKeys needs it, whatever backend holds its private key. */
export interface EncodedKeyShare {
  readonly suite: KeyExchangeSuite;
  /** Suite byte + raw public key, as sent. */
  readonly keyShare: Uint8Array;
}

/** The HKDF inputs of both directions' session keys. */
export interface SessionKeyInputs {
  readonly suite: KeyExchangeSuite;
  readonly ikm: Uint8Array;
  /** SHA-256 of this is the HKDF salt. */
  readonly saltInput: Uint8Array;
  readonly clientToServerInfo: Uint8Array;
  readonly serverToClientInfo: Uint8Array;
}

/**
 * The backend-neutral half of deriveSessionKeys, so node:crypto and WebCrypto derive
 * from the very same bytes: IKM = shared [|| psk], salt input = label || shares in
 * (client, server) order || transcript, info = direction label || suite || mode. A
 * backend then hashes the salt input and runs HKDF-SHA256 once per direction.
 */
export function sessionKeyInputs(
  shared: Uint8Array,
  input: DeriveSessionKeysInput<EncodedKeyShare>,
): E.Either<ParameterError, SessionKeyInputs> {
  const ikm = inputKeyMaterial(shared, input.psk);
  if (E.isLeft(ikm)) return ikm;
  const [client, server] = sharesInOrder(input.role, input.local.keyShare, input.peerKeyShare);
  const withPsk = input.psk !== undefined;
  const suite = input.local.suite;
  return E.right({
    suite,
    ikm: ikm.right,
    saltInput: saltInput(client, server, input.transcript),
    clientToServerInfo: sessionKeyInfo(Directions.ClientToServer, suite, withPsk),
    serverToClientInfo: sessionKeyInfo(Directions.ServerToClient, suite, withPsk),
  });
}
