// The client side of the client-link handshake: PlayerConnect out, Welcome (or Error) in.
import * as E from 'fp-ts/lib/Either.js';
import { decodeClientFrame, encodeClientFrame, type Encoding, type Frame } from '../codec';
import { CloseCode } from '../constants/close-codes';
import { LATEST_VERSION } from '../constants/version';
import type { PlayerConnect, Welcome } from '../model/client-messages';
import { closeAndFail, failed, send, transcriptOf, type CloseOutput, type FailedOutput, type SendOutput, type Transcript } from './outputs';

/** What the client offers. Key share and token are made by the driver (crypto lib). */
export interface ClientHandshakeOptions {
  readonly token: string;
  readonly keyShare: Uint8Array;
  readonly codecs: readonly string[];
  /** A ticket from an earlier Welcome, to resume that session. */
  readonly resumeTicket?: string;
  /** Frame encoding (default binary). */
  readonly encoding?: Encoding;
  /** How long to wait for Welcome (default 10 s). */
  readonly timeoutMs?: number;
  /** Protocol version to announce (default LATEST_VERSION; a v1 client passes 1). */
  readonly version?: number;
}

/** The session is open: derive keys from `transcript`, then switch to the sealed channel. */
export interface ClientEstablished {
  readonly kind: 'established';
  readonly welcome: Welcome;
  readonly transcript: Transcript;
  readonly encoding: Encoding;
}

/** Everything the client machine may ask of its driver. */
export type ClientHandshakeOutput = SendOutput | CloseOutput | FailedOutput | ClientEstablished;

/** Where the client handshake is. */
export type ClientHandshakeState = 'idle' | 'connecting' | 'established' | 'failed';

/** Pure client handshake: `start`, then feed it frames, ticks and the socket's close. */
export class ClientHandshake {
  private st: ClientHandshakeState = 'idle';
  private deadline = 0;
  private hello: Frame = '';
  private readonly encoding: Encoding;
  private readonly timeoutMs: number;
  private readonly announced: number;

  constructor(private readonly options: ClientHandshakeOptions) {
    this.announced = options.version ?? LATEST_VERSION;
    this.encoding = options.encoding ?? 'binary';
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Current state. */
  get state(): ClientHandshakeState {
    return this.st;
  }

  /** Sends PlayerConnect (call once the socket is open). */
  start(now: number): ClientHandshakeOutput[] {
    if (this.st !== 'idle') return [];
    const connect: PlayerConnect = {
      type: 'PlayerConnect',
      version: this.announced,
      codecs: this.options.codecs,
      token: this.options.token,
      keyShare: this.options.keyShare,
      resumeTicket: this.options.resumeTicket ?? '',
    };
    this.hello = encodeClientFrame(connect, this.encoding);
    this.st = 'connecting';
    this.deadline = now + this.timeoutMs;
    return [send(this.hello)];
  }

  /** A frame arrived. After `established` frames are the driver's business and are ignored here. */
  receive(frame: Frame, _now: number): ClientHandshakeOutput[] {
    if (this.st !== 'connecting') return [];
    const decoded = decodeClientFrame(frame);
    if (E.isLeft(decoded)) return this.fail(CloseCode.ProtocolViolation, `bad handshake frame: ${decoded.left.message}`, true);
    const m = decoded.right;
    if (m.type === 'Error') return this.fail(m.code, m.message, false);
    if (m.type === 'Disconnect') return this.fail(m.code, m.reason, false);
    if (m.type !== 'Welcome') return this.fail(CloseCode.ProtocolViolation, `expected Welcome, got ${m.type}`, true);
    if (m.codecs.some((c) => !this.options.codecs.includes(c))) {
      return this.fail(CloseCode.UnsupportedCodec, 'node chose a codec the client did not offer', true);
    }
    if (m.version > this.announced) return this.fail(CloseCode.UnsupportedVersion, `node answered at version ${m.version}, newer than the ${this.announced} offered`, true);
    if (m.resumed && !this.options.resumeTicket) return this.fail(CloseCode.ProtocolViolation, 'resumed without a ticket', true);
    this.st = 'established';
    const transcript = transcriptOf(this.hello, frame);
    return [{ kind: 'established', welcome: m, transcript, encoding: this.encoding }];
  }

  /** Time passed; fails the handshake once the timeout is reached. */
  tick(now: number): ClientHandshakeOutput[] {
    if (this.st !== 'connecting' || now < this.deadline) return [];
    return this.fail(CloseCode.HandshakeTimeout, 'no Welcome before the handshake timeout', true);
  }

  /** The socket closed (by the peer or the network) with `code`. */
  closed(code: number, reason: string): ClientHandshakeOutput[] {
    if (this.st !== 'connecting' && this.st !== 'idle') return [];
    this.st = 'failed';
    return [failed(code, reason || 'connection closed during the handshake')];
  }

  private fail(code: number, message: string, closeSocket: boolean): ClientHandshakeOutput[] {
    this.st = 'failed';
    return closeSocket ? closeAndFail(code, message) : [failed(code, message)];
  }
}
