// Pre-shared-key authentication of a node <-> game-server link, shared by both ends so
// they compute the same bytes: atlas-node uses it for its side, the game-server SDK for
// the other.
//
// The link handshake has two messages. LinkHello carries the opener's nonce and a proof
// over (its nonce twice, version and ids); LinkWelcome carries the acceptor's nonce and a
// proof over (both nonces, the same version and ids). The acceptor remembers recent opener
// nonces so a recorded LinkHello cannot be replayed while this process runs.
//
// A game server that dials a node proves the key before its socket is even upgraded: the
// `x-atlas-link-proof` header (`dialProof`), so no unauthenticated socket reaches the link
// handshake. It is `<unix ms>.<nonce>.<proof>` (base64url), the proof over the nonce twice
// and `atlas link dial\0<server id>\0<unix ms>`; the node takes it within DIAL_PROOF_WINDOW_MS
// of its own clock and remembers the nonce, so a captured header is not taken twice.
import { decodeBase64url, encodeBase64url } from '@atlas/common';
import * as E from 'fp-ts/lib/Either.js';
import { createLinkNonce, LinkRoles, type PreSharedKeyConfig } from '../psk';
import { createLinkProofSync, derivePreSharedKeySync, verifyLinkProofSync } from './psk';

const INITIATOR = LinkRoles.Initiator;
const RESPONDER = LinkRoles.Responder;

/** The fields of `@atlas/protocol`'s LinkHello that the proofs cover (this lib does not import protocol). */
export interface LinkHelloFields {
  readonly version: number;
  readonly nodeId: string;
  readonly serverId: string;
  readonly nonce: Uint8Array;
  readonly proof: Uint8Array;
}

/** The fields of `@atlas/protocol`'s LinkWelcome that the proofs cover. */
export interface LinkWelcomeFields {
  readonly nonce: Uint8Array;
  readonly proof: Uint8Array;
}

/** A pre-shared key: already derived (32 bytes), or the PBKDF2 settings to derive it. */
export type LinkPsk = Uint8Array | PreSharedKeyConfig;

/** Why a link's pre-shared-key check failed. */
export interface LinkAuthError {
  readonly kind: 'link-auth';
  readonly message: string;
}

const encoder = new TextEncoder();
const EMPTY = new Uint8Array(0);

/** Bytes both ends bind into the opener's proof: version, node id and server id. */
function helloContext(version: number, nodeId: string, serverId: string): Uint8Array {
  return encoder.encode(`atlas link hello\0${version}\0${nodeId}\0${serverId}`);
}

/** Proofs for both sides of one link; with no key, proofs are empty and always accepted. */
export interface LinkAuth {
  /** True when a pre-shared key is configured. */
  readonly enabled: boolean;
  /** A fresh opener/acceptor nonce (32 random bytes). */
  nonce(): Uint8Array;
  /** The proof the opener puts in LinkHello. */
  helloProof(nonce: Uint8Array, nodeId: string, serverId: string, version: number): Uint8Array;
  /** The acceptor checks LinkHello's proof. */
  verifyHello(hello: LinkHelloFields): E.Either<LinkAuthError, void>;
  /** The proof the acceptor puts in LinkWelcome, answering `hello`. */
  welcomeProof(hello: LinkHelloFields, nonce: Uint8Array): Uint8Array;
  /** The opener checks LinkWelcome's proof against the LinkHello it sent. */
  verifyWelcome(hello: LinkHelloFields, welcome: LinkWelcomeFields): E.Either<LinkAuthError, void>;
  /** The `x-atlas-link-proof` header a server sends when it dials a node as `serverId` ('' without a key). */
  dialProof(serverId: string, nowMs: number): string;
  /** The node checks a dialling server's header (anything passes without a key). */
  verifyDial(serverId: string, header: string, nowMs: number): E.Either<LinkAuthError, void>;
}

/** How far a dial proof's clock may be from the node's, either way. */
export const DIAL_PROOF_WINDOW_MS = 60_000;

function dialContext(serverId: string, at: number): Uint8Array {
  return encoder.encode(`atlas link dial\0${serverId}\0${at}`);
}

/** Derives the key (PBKDF2 runs here, once: call at start-up) and returns the proof helpers. */
export function createLinkAuth(psk: LinkPsk | undefined): E.Either<LinkAuthError, LinkAuth> {
  if (psk === undefined) return E.right(openAuth);
  let key: Uint8Array;
  if (psk instanceof Uint8Array) {
    if (psk.length < 16) return E.left({ kind: 'link-auth', message: 'pre-shared key must be at least 16 bytes' });
    key = psk;
  } else {
    const derived = derivePreSharedKeySync(psk);
    if (E.isLeft(derived)) return E.left({ kind: 'link-auth', message: `pre-shared key: ${derived.left.kind}` });
    key = derived.right;
  }
  const seen = new RecentNonces(4096);
  const fail = (message: string): E.Either<LinkAuthError, void> => E.left({ kind: 'link-auth', message });
  return E.right({
    enabled: true,
    nonce: createLinkNonce,
    helloProof(nonce, nodeId, serverId, version) {
      const proof = createLinkProofSync(key, {
        role: INITIATOR,
        initiatorNonce: nonce,
        responderNonce: nonce,
        context: helloContext(version, nodeId, serverId),
      });
      return E.isRight(proof) ? proof.right : EMPTY;
    },
    verifyHello(hello) {
      const ok = verifyLinkProofSync(key, hello.proof, {
        role: INITIATOR,
        initiatorNonce: hello.nonce,
        responderNonce: hello.nonce,
        context: helloContext(hello.version, hello.nodeId, hello.serverId),
      });
      if (E.isLeft(ok)) return fail('LinkHello proof does not match the pre-shared key');
      if (!seen.add(hello.nonce)) return fail('LinkHello replayed (nonce already used)');
      return E.right(undefined);
    },
    welcomeProof(hello, nonce) {
      const context = helloContext(hello.version, hello.nodeId, hello.serverId);
      const proof = createLinkProofSync(key, { role: RESPONDER, initiatorNonce: hello.nonce, responderNonce: nonce, context });
      return E.isRight(proof) ? proof.right : EMPTY;
    },
    verifyWelcome(hello, welcome) {
      const ok = verifyLinkProofSync(key, welcome.proof, {
        role: RESPONDER,
        initiatorNonce: hello.nonce,
        responderNonce: welcome.nonce,
        context: helloContext(hello.version, hello.nodeId, hello.serverId),
      });
      return E.isLeft(ok) ? fail('LinkWelcome proof does not match the pre-shared key') : E.right(undefined);
    },
    dialProof(serverId, nowMs) {
      const nonce = createLinkNonce();
      const at = Math.floor(nowMs);
      const proof = createLinkProofSync(key, { role: INITIATOR, initiatorNonce: nonce, responderNonce: nonce, context: dialContext(serverId, at) });
      return E.isRight(proof) ? `${at}.${encodeBase64url(nonce)}.${encodeBase64url(proof.right)}` : '';
    },
    verifyDial(serverId, header, nowMs) {
      const [at, nonceText, proofText, extra] = header.split('.');
      const when = Number(at);
      if (extra !== undefined || nonceText === undefined || proofText === undefined || !/^\d{1,15}$/.test(at ?? '')) return fail('link proof header is not <unix ms>.<nonce>.<proof>');
      if (Math.abs(nowMs - when) > DIAL_PROOF_WINDOW_MS) return fail(`link proof is ${Math.round((nowMs - when) / 1000)} s off this node's clock (at most ${DIAL_PROOF_WINDOW_MS / 1000})`);
      const nonce = decodeBase64url(nonceText);
      const proof = decodeBase64url(proofText);
      if (E.isLeft(nonce) || E.isLeft(proof)) return fail('link proof header is not base64url');
      const ok = verifyLinkProofSync(key, proof.right, { role: INITIATOR, initiatorNonce: nonce.right, responderNonce: nonce.right, context: dialContext(serverId, when) });
      if (E.isLeft(ok)) return fail('link proof does not match the pre-shared key');
      if (!seen.add(nonce.right)) return fail('link proof replayed (nonce already used)');
      return E.right(undefined);
    },
  });
}

/** No key configured: for trusted networks and demos only. */
const openAuth: LinkAuth = {
  enabled: false,
  nonce: createLinkNonce,
  helloProof: () => EMPTY,
  verifyHello: () => E.right(undefined),
  welcomeProof: () => EMPTY,
  verifyWelcome: () => E.right(undefined),
  dialProof: () => '',
  verifyDial: () => E.right(undefined),
};

/** A bounded set of recently seen nonces (oldest forgotten first). */
class RecentNonces {
  private readonly set = new Set<string>();
  constructor(private readonly capacity: number) {}

  /** False when `nonce` was seen before. */
  add(nonce: Uint8Array): boolean {
    let key = '';
    for (let i = 0; i < nonce.length; i++) key += String.fromCharCode(nonce[i] as number);
    if (this.set.has(key)) return false;
    this.set.add(key);
    if (this.set.size > this.capacity) {
      const oldest = this.set.values().next().value;
      if (oldest !== undefined) this.set.delete(oldest);
    }
    return true;
  }
}
