// The node <-> game-server link handshake, mutual and pre-shared-key authenticated:
// the opener sends LinkHello (nonce + proof), the acceptor checks it and answers
// LinkWelcome (its own nonce + proof), the opener checks that. Proofs are opaque here:
// the driver computes and verifies them (e.g. HMAC-SHA256 with a PBKDF2-derived key).
import * as E from 'fp-ts/lib/Either.js';
import { decodeServerFrame, encodeServerFrame, encodingOf, type Encoding, type Frame } from '../codec';
import { CloseCode } from '../constants/close-codes';
import { LATEST_VERSION, ProtocolVersion, negotiateVersion } from '../constants/version';
import type { LinkHello, LinkWelcome } from '../model/server-messages';
import { close, failed, frameBytes, send, type CloseOutput, type FailedOutput, type SendOutput, type Transcript } from './outputs';

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
  /** The version the link runs at (LinkWelcome's): send only messages it has (`serverSendable`). */
  readonly version: ProtocolVersion;
}

/** Everything a link machine may ask of its driver. */
export type LinkHandshakeOutput = SendOutput | CloseOutput | FailedOutput | LinkVerifyOutput | LinkEstablished;

/** Where a link handshake is. */
export type LinkHandshakeState = 'idle' | 'awaiting-hello' | 'awaiting-welcome' | 'verifying' | 'established' | 'failed';

/** The side that opened the WebSocket. */
export interface LinkOpenerOptions {
  readonly nodeId: string;
  readonly serverId: string;
  readonly nonce: Uint8Array;
  readonly proof: Uint8Array;
  readonly encoding?: Encoding;
  readonly timeoutMs?: number;
  /** The version to announce (default LATEST_VERSION; an opener retries with 1 after a 4001 from an older acceptor). */
  readonly version?: number;
}

/** The opener of a node <-> server link. */
export class LinkOpener {
  private st: LinkHandshakeState = 'idle';
  private deadline = 0;
  private hello: LinkHello | undefined;
  private helloFrame: Frame = '';
  private welcome: LinkWelcome | undefined;
  private welcomeFrame: Frame = '';

  constructor(private readonly options: LinkOpenerOptions) {}

  /** Current state. */
  get state(): LinkHandshakeState {
    return this.st;
  }

  /** Sends LinkHello. */
  start(now: number): LinkHandshakeOutput[] {
    if (this.st !== 'idle') return [];
    const o = this.options;
    this.hello = { type: 'LinkHello', version: o.version ?? LATEST_VERSION, nodeId: o.nodeId, serverId: o.serverId, nonce: o.nonce, proof: o.proof };
    this.helloFrame = encodeServerFrame(this.hello, o.encoding ?? 'binary');
    this.st = 'awaiting-welcome';
    this.deadline = now + (o.timeoutMs ?? 10_000);
    return [send(this.helloFrame)];
  }

  /** A frame arrived from the acceptor. */
  receive(frame: Frame, _now: number): LinkHandshakeOutput[] {
    if (this.st !== 'awaiting-welcome' || this.hello === undefined) return this.st === 'verifying' ? this.fail(CloseCode.ProtocolViolation, 'frame before the link was confirmed') : [];
    const decoded = decodeServerFrame(frame);
    if (E.isLeft(decoded)) {
      const code = decoded.left.kind === 'unsupported-version' ? CloseCode.UnsupportedVersion : CloseCode.ProtocolViolation;
      return this.fail(code, decoded.left.message);
    }
    const m = decoded.right;
    if (m.type !== 'LinkWelcome') return this.fail(CloseCode.ProtocolViolation, `expected LinkWelcome, got ${m.type}`);
    if (m.version > this.hello.version) return this.fail(CloseCode.UnsupportedVersion, `LinkWelcome at version ${m.version}, newer than the ${this.hello.version} offered`);
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
    const transcript = { hello: frameBytes(this.helloFrame), welcome: frameBytes(this.welcomeFrame) };
    return [{ kind: 'established', hello: this.hello, welcome: this.welcome, transcript, version: this.welcome.version as ProtocolVersion }];
  }

  /** The driver found the acceptor's proof wrong. */
  reject(code: number, message: string, _now: number): LinkHandshakeOutput[] {
    if (this.st !== 'verifying' && this.st !== 'awaiting-welcome') return [];
    return this.fail(code, message);
  }

  /** Time passed. */
  tick(now: number): LinkHandshakeOutput[] {
    if ((this.st !== 'awaiting-welcome' && this.st !== 'verifying') || now < this.deadline) return [];
    return this.fail(CloseCode.HandshakeTimeout, 'no LinkWelcome before the handshake timeout');
  }

  /** The socket closed. */
  closed(code: number, reason: string): LinkHandshakeOutput[] {
    if (this.st === 'established' || this.st === 'failed') return [];
    this.st = 'failed';
    return [failed(code, reason || 'link closed during the handshake')];
  }

  private fail(code: number, message: string): LinkHandshakeOutput[] {
    this.st = 'failed';
    return [close(code, message), failed(code, message)];
  }
}

/** The side that accepted the WebSocket. */
export interface LinkAcceptorOptions {
  readonly heartbeatMs: number;
  readonly timeoutMs?: number;
}

/** The version an acceptor answers a LinkHello of `offered` with: the newest both speak. */
export function linkVersion(offered: number): ProtocolVersion {
  return negotiateVersion(offered) ?? ProtocolVersion.V1;
}

/** The acceptor of a node <-> server link. */
export class LinkAcceptor {
  private st: LinkHandshakeState = 'awaiting-hello';
  private readonly deadline: number;
  private hello: LinkHello | undefined;
  private helloFrame: Frame = '';
  private encoding: Encoding = 'binary';

  constructor(
    private readonly options: LinkAcceptorOptions,
    now: number,
  ) {
    this.deadline = now + (options.timeoutMs ?? 10_000);
  }

  /** Current state. */
  get state(): LinkHandshakeState {
    return this.st;
  }

  /** A frame arrived from the opener. */
  receive(frame: Frame, _now: number): LinkHandshakeOutput[] {
    if (this.st === 'verifying') return this.fail(CloseCode.ProtocolViolation, 'frame before LinkWelcome');
    if (this.st !== 'awaiting-hello') return [];
    this.encoding = encodingOf(frame);
    const decoded = decodeServerFrame(frame);
    if (E.isLeft(decoded)) {
      const code = decoded.left.kind === 'unsupported-version' ? CloseCode.UnsupportedVersion : CloseCode.ProtocolViolation;
      return this.fail(code, decoded.left.message);
    }
    const m = decoded.right;
    if (m.type !== 'LinkHello') return this.fail(CloseCode.ProtocolViolation, `expected LinkHello, got ${m.type}`);
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
      version: linkVersion(this.hello.version),
      nodeId: this.hello.nodeId,
      serverId: this.hello.serverId,
      nonce: params.nonce,
      proof: params.proof,
      heartbeatMs: this.options.heartbeatMs,
    };
    const frame = encodeServerFrame(welcome, this.encoding);
    this.st = 'established';
    const transcript = { hello: frameBytes(this.helloFrame), welcome: frameBytes(frame) };
    return [send(frame), { kind: 'established', hello: this.hello, welcome, transcript, version: welcome.version as ProtocolVersion }];
  }

  /** The driver refused the opener (usually `CloseCode.LinkAuthFailed`). */
  reject(code: number, message: string, _now: number): LinkHandshakeOutput[] {
    if (this.st !== 'verifying' && this.st !== 'awaiting-hello') return [];
    return this.fail(code, message);
  }

  /** Time passed. */
  tick(now: number): LinkHandshakeOutput[] {
    if ((this.st !== 'awaiting-hello' && this.st !== 'verifying') || now < this.deadline) return [];
    return this.fail(CloseCode.HandshakeTimeout, 'no LinkHello before the handshake timeout');
  }

  private fail(code: number, message: string): LinkHandshakeOutput[] {
    this.st = 'failed';
    return [close(code, message), failed(code, message)];
  }
}
