// The node <-> game-server link handshake, mutual and pre-shared-key authenticated:
// the opener sends LinkHello (nonce + proof), the acceptor checks it and answers
// LinkWelcome (its own nonce + proof), the opener checks that. Proofs are opaque here:
// the driver computes and verifies them (e.g. HMAC-SHA256 with a PBKDF2-derived key).
import * as E from 'fp-ts/lib/Either.js';
import { decodeServerFrame, encodeServerFrame, encodingOf, type Encoding, type Frame } from '../codec';
import { CloseCode } from '../constants/close-codes';
import { LATEST_VERSION, PROTOCOL_VERSION } from '../constants/version';
import type { LinkHello, LinkWelcome, ServerMessage } from '../model/server-messages';
import { closeAndFail, failed, send, transcriptOf, type CloseOutput, type FailedOutput, type SendOutput, type Transcript } from './outputs';

/** Check the peer's proof, then call `confirm` (or `accept` on the acceptor) or `reject`. */
export interface LinkVerifyOutput {
  readonly kind: 'verify';
  readonly hello: LinkHello;
  /** Present on the opener's side: the acceptor's answer to check. */
  readonly welcome?: LinkWelcome;
}

/** The link is up. */
export interface LinkEstablished {
  readonly kind: 'established';
  readonly hello: LinkHello;
  readonly welcome: LinkWelcome;
  readonly transcript: Transcript;
}

/** Everything a link machine may ask of its driver. */
export type LinkHandshakeOutput = SendOutput | CloseOutput | FailedOutput | LinkVerifyOutput | LinkEstablished;

/** Where a link handshake is. */
export type LinkHandshakeState = 'idle' | 'awaiting-hello' | 'awaiting-welcome' | 'verifying' | 'established' | 'failed';

/** Why a link side refuses a frame: the close code and message for both ends' logs. */
interface LinkRefusal {
  readonly code: number;
  readonly message: string;
}

/** Decodes the one message a link side waits for; Left says how to close instead. */
function expectLinkMessage<T extends 'LinkHello' | 'LinkWelcome'>(frame: Frame, type: T): E.Either<LinkRefusal, Extract<ServerMessage, { type: T }>> {
  const decoded = decodeServerFrame(frame);
  if (E.isLeft(decoded)) {
    const code = decoded.left.kind === 'unsupported-version' ? CloseCode.UnsupportedVersion : CloseCode.ProtocolViolation;
    return E.left({ code, message: decoded.left.message });
  }
  const m = decoded.right;
  const expected = (message: ServerMessage): message is Extract<ServerMessage, { type: T }> => message.type === type;
  return expected(m) ? E.right(m) : E.left({ code: CloseCode.ProtocolViolation, message: `expected ${type}, got ${m.type}` });
}

/** The state a side is in while it waits for the peer's message. */
const AWAITING = { LinkHello: 'awaiting-hello', LinkWelcome: 'awaiting-welcome' } as const;

/**
 * What both ends of a link do alike. Until the link is up or has failed a side is pending:
 * it awaits the peer's one message, or the driver's verdict on that message's proof. A
 * pending side fails, closing the socket, when the driver rejects or the deadline passes.
 */
export abstract class LinkSide {
  protected st: LinkHandshakeState;
  protected deadline = 0;

  protected constructor(
    initial: LinkHandshakeState,
    /** The one message this side waits for. */
    private readonly awaited: 'LinkHello' | 'LinkWelcome',
  ) {
    this.st = initial;
  }

  /** Current state. */
  get state(): LinkHandshakeState {
    return this.st;
  }

  /** The driver found the peer's proof wrong (usually `CloseCode.LinkAuthFailed`). */
  reject(code: number, message: string, _now: number): LinkHandshakeOutput[] {
    if (!this.pending()) return [];
    return this.fail(code, message);
  }

  /** Time passed. */
  tick(now: number): LinkHandshakeOutput[] {
    if (!this.pending() || now < this.deadline) return [];
    return this.fail(CloseCode.HandshakeTimeout, `no ${this.awaited} before the handshake timeout`);
  }

  protected fail(code: number, message: string): LinkHandshakeOutput[] {
    this.st = 'failed';
    return closeAndFail(code, message);
  }

  private pending(): boolean {
    return this.st === 'verifying' || this.st === AWAITING[this.awaited];
  }
}

/** The side that opened the WebSocket. */
export interface LinkOpenerOptions {
  readonly nodeId: string;
  readonly serverId: string;
  readonly nonce: Uint8Array;
  readonly proof: Uint8Array;
  readonly encoding?: Encoding;
  readonly timeoutMs?: number;
  readonly version?: number;
}

/** The opener of a node <-> server link. */
export class LinkOpener extends LinkSide {
  private hello: LinkHello | undefined;
  private helloFrame: Frame = '';
  private welcome: LinkWelcome | undefined;
  private welcomeFrame: Frame = '';

  constructor(private readonly options: LinkOpenerOptions) {
    super('idle', 'LinkWelcome');
  }

  /** Sends LinkHello. */
  start(now: number): LinkHandshakeOutput[] {
    if (this.st !== 'idle') return [];
    const o = this.options;
    this.hello = { type: 'LinkHello', version: o.version ?? PROTOCOL_VERSION, nodeId: o.nodeId, serverId: o.serverId, nonce: o.nonce, proof: o.proof };
    this.helloFrame = encodeServerFrame(this.hello, o.encoding ?? 'binary');
    this.st = 'awaiting-welcome';
    this.deadline = now + (o.timeoutMs ?? 10_000);
    return [send(this.helloFrame)];
  }

  /** A frame arrived from the acceptor. */
  receive(frame: Frame, _now: number): LinkHandshakeOutput[] {
    if (this.st !== 'awaiting-welcome' || this.hello === undefined) return this.st === 'verifying' ? this.fail(CloseCode.ProtocolViolation, 'frame before the link was confirmed') : [];
    const welcome = expectLinkMessage(frame, 'LinkWelcome');
    if (E.isLeft(welcome)) return this.fail(welcome.left.code, welcome.left.message);
    const m = welcome.right;
    if (m.nodeId !== this.hello.nodeId || m.serverId !== this.hello.serverId) {
      return this.fail(CloseCode.LinkAuthFailed, 'LinkWelcome names another node or server');
    }
    this.st = 'verifying';
    this.welcome = m;
    this.welcomeFrame = frame;
    return [{ kind: 'verify', hello: this.hello, welcome: m }];
  }

  /** The driver checked the acceptor's proof: the link is up. */
  confirm(_now: number): LinkHandshakeOutput[] {
    if (this.st !== 'verifying' || this.hello === undefined || this.welcome === undefined) return [];
    this.st = 'established';
    const transcript = transcriptOf(this.helloFrame, this.welcomeFrame);
    return [{ kind: 'established', hello: this.hello, welcome: this.welcome, transcript }];
  }

  /** The socket closed. */
  closed(code: number, reason: string): LinkHandshakeOutput[] {
    if (this.st === 'established' || this.st === 'failed') return [];
    this.st = 'failed';
    return [failed(code, reason || 'link closed during the handshake')];
  }
}

/** The side that accepted the WebSocket. */
export interface LinkAcceptorOptions {
  readonly heartbeatMs: number;
  readonly timeoutMs?: number;
}

/** The acceptor of a node <-> server link. */
export class LinkAcceptor extends LinkSide {
  private hello: LinkHello | undefined;
  private helloFrame: Frame = '';
  private encoding: Encoding = 'binary';

  constructor(
    private readonly options: LinkAcceptorOptions,
    now: number,
  ) {
    super('awaiting-hello', 'LinkHello');
    this.deadline = now + (options.timeoutMs ?? 10_000);
  }

  /** A frame arrived from the opener. */
  receive(frame: Frame, _now: number): LinkHandshakeOutput[] {
    if (this.st === 'verifying') return this.fail(CloseCode.ProtocolViolation, 'frame before LinkWelcome');
    if (this.st !== 'awaiting-hello') return [];
    this.encoding = encodingOf(frame);
    const hello = expectLinkMessage(frame, 'LinkHello');
    if (E.isLeft(hello)) return this.fail(hello.left.code, hello.left.message);
    const m = hello.right;
    this.st = 'verifying';
    this.hello = m;
    this.helloFrame = frame;
    return [{ kind: 'verify', hello: m }];
  }

  /** The driver checked the opener's proof: answers with its own nonce and proof. */
  accept(params: { readonly nonce: Uint8Array; readonly proof: Uint8Array }, _now: number): LinkHandshakeOutput[] {
    if (this.st !== 'verifying' || this.hello === undefined) return [];
    const welcome: LinkWelcome = {
      type: 'LinkWelcome',
      // The link speaks the older of the two ends' versions (a version 1 opener gets 1).
      version: Math.min(this.hello.version, LATEST_VERSION),
      nodeId: this.hello.nodeId,
      serverId: this.hello.serverId,
      nonce: params.nonce,
      proof: params.proof,
      heartbeatMs: this.options.heartbeatMs,
    };
    const frame = encodeServerFrame(welcome, this.encoding);
    this.st = 'established';
    const transcript = transcriptOf(this.helloFrame, frame);
    return [send(frame), { kind: 'established', hello: this.hello, welcome, transcript }];
  }

}
