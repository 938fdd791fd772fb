import * as E from 'fp-ts/lib/Either.js';
import { concatBytes, randomBytes, secretBytes, utf8 } from './bytes';
import { type ParameterError, weakParameters } from './errors';
import { Labels } from './labels';

/** PBKDF2 iteration floor (OWASP's 2023 advice for HMAC-SHA256 is 600,000; 100,000 is the hard minimum here). */
export const MIN_PBKDF2_ITERATIONS = 100_000;
/** PBKDF2 iteration ceiling: a config typo must not stall start-up for minutes. */
export const MAX_PBKDF2_ITERATIONS = 10_000_000;
/** Shortest salt accepted (128 bits). */
export const MIN_PSK_SALT_LENGTH = 16;
/** Length of the derived pre-shared key. */
export const PRE_SHARED_KEY_LENGTH = 32;

/**
 * Pre-shared-key settings for closed deployments and node <-> server links. Both come
 * from the deployment's config: the salt is per deployment, never a constant in code.
 */
export interface PreSharedKeyConfig {
  /** The shared secret (a passphrase or random bytes). */
  readonly secret: string | Uint8Array;
  /** Per-deployment salt, at least 16 bytes. */
  readonly salt: string | Uint8Array;
  /** PBKDF2 iterations, at least 100,000. */
  readonly iterations: number;
}

/** A validated config as bytes. */
export interface ValidatedPskConfig {
  readonly secret: Uint8Array;
  readonly salt: Uint8Array;
  readonly iterations: number;
}

/** Checks the PBKDF2 policy: non-empty secret, salt >= 16 bytes, 100,000..10,000,000 iterations. */
export function validatePskConfig(config: PreSharedKeyConfig): E.Either<ParameterError, ValidatedPskConfig> {
  const secret = secretBytes(config.secret);
  const salt = secretBytes(config.salt);
  const { iterations } = config;
  if (secret.length === 0) return E.left(weakParameters('pre-shared secret is empty'));
  if (salt.length < MIN_PSK_SALT_LENGTH) {
    return E.left(weakParameters(`PBKDF2 salt must be at least ${MIN_PSK_SALT_LENGTH} bytes`));
  }
  if (!Number.isInteger(iterations) || iterations < MIN_PBKDF2_ITERATIONS || iterations > MAX_PBKDF2_ITERATIONS) {
    return E.left(
      weakParameters(`PBKDF2 iterations must be an integer in ${MIN_PBKDF2_ITERATIONS}..${MAX_PBKDF2_ITERATIONS}`),
    );
  }
  return E.right({ secret, salt, iterations });
}

/** Who speaks first on a node <-> server link: the initiator sends the link hello. */
export const LinkRoles = { Initiator: 'initiator', Responder: 'responder' } as const;
/** 'initiator' or 'responder'. */
export type LinkRole = (typeof LinkRoles)[keyof typeof LinkRoles];

/** Length of the nonces createLinkNonce makes. */
export const LINK_NONCE_LENGTH = 32;
/** Accepted nonce lengths (a peer's nonce is untrusted input). */
export const MIN_LINK_NONCE_LENGTH = 16;
/** Longest nonce accepted. */
export const MAX_LINK_NONCE_LENGTH = 255;

/** What a link proof covers: the prover's role, both fresh nonces and optional context. */
export interface LinkProofInput {
  /** The role of the side that computes (or computed) this proof. */
  readonly role: LinkRole;
  readonly initiatorNonce: Uint8Array;
  readonly responderNonce: Uint8Array;
  /** Extra bytes both sides know, e.g. the encoded link hello (binds ids and version). */
  readonly context?: Uint8Array;
}

/** A fresh random link nonce (32 bytes). */
export function createLinkNonce(): Uint8Array {
  return randomBytes(LINK_NONCE_LENGTH);
}

/** HKDF info of the link-proof HMAC key. */
export const LINK_KEY_INFO: Uint8Array = utf8(Labels.linkKey);

/**
 * The HMAC input: label, 0x00, role byte (1 initiator, 2 responder), each nonce with a
 * u8 length, then the context with a u32 length. The role byte stops a proof from
 * being reflected back to its sender.
 */
export function linkProofMessage(input: LinkProofInput): E.Either<ParameterError, Uint8Array> {
  for (const nonce of [input.initiatorNonce, input.responderNonce]) {
    if (nonce.length < MIN_LINK_NONCE_LENGTH || nonce.length > MAX_LINK_NONCE_LENGTH) {
      return E.left(weakParameters(`link nonces must be ${MIN_LINK_NONCE_LENGTH}..${MAX_LINK_NONCE_LENGTH} bytes`));
    }
  }
  const context = input.context ?? new Uint8Array(0);
  const contextLength = new Uint8Array(4);
  new DataView(contextLength.buffer).setUint32(0, context.length, true);
  return E.right(
    concatBytes(
      utf8(Labels.linkProof),
      Uint8Array.of(0, input.role === LinkRoles.Initiator ? 1 : 2, input.initiatorNonce.length),
      input.initiatorNonce,
      Uint8Array.of(input.responderNonce.length),
      input.responderNonce,
      contextLength,
      context,
    ),
  );
}
