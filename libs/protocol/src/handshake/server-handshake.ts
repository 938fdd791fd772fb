// The node side of the client-link handshake: PlayerConnect in, the driver verifies the
// token or ticket and makes a key share, then Welcome (or Error + close) out.
import * as E from 'fp-ts/lib/Either.js';
import { decodeClientFrame, encodeClientFrame, encodingOf, type Encoding, type Frame } from '../codec';
import { CloseCode } from '../constants/close-codes';
import { ProtocolVersion, SUPPORTED_VERSIONS, negotiateVersion } from '../constants/version';
import type { PlayerConnect, Welcome } from '../model/client-messages';
import { negotiateCodecs } from './negotiate';
import { nodeSignedBytes } from './node-signature';
import { closeAndFail, frameBytes, send, type CloseOutput, type FailedOutput, type SendOutput, type Transcript } from './outputs';

/** The node's handshake policy. */
export interface ServerHandshakeOptions {
  /** Codec families the node supports, each best first; one codec per family is chosen. */
  readonly codecFamilies: readonly (readonly string[])[];
  /** Heartbeat interval announced in Welcome. */
  readonly heartbeatMs: number;
  /** Time from socket open to Welcome (default 10 s). */
  readonly timeoutMs?: number;
  /**
   * False when the client's PlayerConnect cannot use `codec` (an ephemeral suite whose key
   * share is of another suite): such codecs are left out of the negotiation, so the
   * Welcome's codec name always agrees with the key share it answers.
   */
  readonly agrees?: (codec: string, connect: PlayerConnect) => boolean;
  /** Signs with the node identity key (Ed25519): a version-2 Welcome carries the signature. */
  readonly sign?: (message: Uint8Array) => Uint8Array;
}

/** Verify `connect.token` (or `connect.resumeTicket`), make a key share, then call `accept` or `reject`. */
export interface VerifyOutput {
  readonly kind: 'verify';
  readonly connect: PlayerConnect;
  readonly codecs: readonly string[];
  readonly encoding: Encoding;
  /** The protocol version the session will run at (the newest both ends speak). */
  readonly version: ProtocolVersion;
}

/** The session is open: derive keys from `transcript`. */
export interface ServerEstablished {
  readonly kind: 'established';
  readonly connect: PlayerConnect;
  readonly welcome: Welcome;
  readonly transcript: Transcript;
  readonly encoding: Encoding;
}

/** What the driver decided about a verified PlayerConnect. */
export interface AcceptParams {
  readonly playerId: string;
  readonly sessionId: string;
  readonly serverKeyShare: Uint8Array;
  readonly resumeTicket: string;
  readonly resumed: boolean;
}

/** Everything the node machine may ask of its driver. */
export type ServerHandshakeOutput = SendOutput | CloseOutput | FailedOutput | VerifyOutput | ServerEstablished;

/** Where the node handshake is. */
export type ServerHandshakeState = 'awaiting-connect' | 'verifying' | 'established' | 'failed';

/** Pure node-side handshake; create it when the socket opens. */
export class ServerHandshake {
  private st: ServerHandshakeState = 'awaiting-connect';
  private readonly deadline: number;
  private connect: PlayerConnect | undefined;
  private helloFrame: Frame = '';
  private encoding: Encoding = 'binary';
  private codecs: readonly string[] = [];
  private version: ProtocolVersion = ProtocolVersion.V1;

  constructor(
    private readonly options: ServerHandshakeOptions,
    now: number,
  ) {
    this.deadline = now + (options.timeoutMs ?? 10_000);
  }

  /** Current state. */
  get state(): ServerHandshakeState {
    return this.st;
  }

  /** A frame arrived from the client. */
  receive(frame: Frame, _now: number): ServerHandshakeOutput[] {
    if (this.st === 'established' || this.st === 'failed') return [];
    this.encoding = encodingOf(frame);
    if (this.st === 'verifying') return this.refuse(CloseCode.ProtocolViolation, 'frame before Welcome');
    const decoded = decodeClientFrame(frame);
    if (E.isLeft(decoded)) {
      const e = decoded.left;
      if (e.kind === 'unsupported-version') {
        return this.refuse(CloseCode.UnsupportedVersion, `unsupported protocol version ${e.version}; supported: ${SUPPORTED_VERSIONS.join(', ')}`);
      }
      if (e.kind === 'oversize') return this.refuse(CloseCode.FrameTooLarge, e.message);
      return this.refuse(CloseCode.ProtocolViolation, e.message);
    }
    const m = decoded.right;
    if (m.type !== 'PlayerConnect') return this.refuse(CloseCode.ProtocolViolation, `expected PlayerConnect, got ${m.type}`);
    const version = negotiateVersion(m.version);
    if (version === undefined) return this.refuse(CloseCode.UnsupportedVersion, `unsupported protocol version ${m.version}; supported: ${SUPPORTED_VERSIONS.join(', ')}`);
    const agrees = this.options.agrees;
    const usable = agrees === undefined ? m.codecs : m.codecs.filter((c) => agrees(c, m));
    const codecs = negotiateCodecs(usable, this.options.codecFamilies);
    if (codecs === undefined) {
      const why = usable.length < m.codecs.length ? 'no codec in common that agrees with the key share sent' : 'no codec in common';
      return this.refuse(CloseCode.UnsupportedCodec, why);
    }
    this.st = 'verifying';
    this.connect = m;
    this.helloFrame = frame;
    this.codecs = codecs;
    this.version = version;
    return [{ kind: 'verify', connect: m, codecs, encoding: this.encoding, version }];
  }

  /** The driver verified the client: sends Welcome and opens the session. */
  accept(params: AcceptParams, _now: number): ServerHandshakeOutput[] {
    if (this.st !== 'verifying' || this.connect === undefined) return [];
    const unsigned: Welcome = {
      type: 'Welcome',
      version: this.version,
      playerId: params.playerId,
      sessionId: params.sessionId,
      serverKeyShare: params.serverKeyShare,
      codecs: this.codecs,
      heartbeatMs: this.options.heartbeatMs,
      resumeTicket: params.resumeTicket,
      resumed: params.resumed,
      ...(this.version >= ProtocolVersion.V2 ? { nodeSignature: new Uint8Array(0) } : {}),
    };
    const hello = frameBytes(this.helloFrame);
    const sign = this.options.sign;
    const welcome: Welcome =
      this.version >= ProtocolVersion.V2 && sign !== undefined ? { ...unsigned, nodeSignature: sign(nodeSignedBytes(hello, unsigned)) } : unsigned;
    const frame = encodeClientFrame(welcome, this.encoding);
    this.st = 'established';
    const transcript = { hello, welcome: frameBytes(frame) };
    return [send(frame), { kind: 'established', connect: this.connect, welcome, transcript, encoding: this.encoding }];
  }

  /** The driver refused the client (bad token: `CloseCode.AuthFailed`; bad ticket: `ResumeFailed`; ...). */
  reject(code: number, message: string, _now: number): ServerHandshakeOutput[] {
    if (this.st !== 'verifying' && this.st !== 'awaiting-connect') return [];
    return this.refuse(code, message);
  }

  /** Time passed; closes the socket once the handshake timeout is reached. */
  tick(now: number): ServerHandshakeOutput[] {
    if ((this.st !== 'awaiting-connect' && this.st !== 'verifying') || now < this.deadline) return [];
    this.st = 'failed';
    return closeAndFail(CloseCode.HandshakeTimeout, 'handshake timeout');
  }

  /** Sends an Error saying why, then closes with the same code. */
  private refuse(code: number, message: string): ServerHandshakeOutput[] {
    this.st = 'failed';
    const error = encodeClientFrame({ type: 'Error', code, message }, this.encoding);
    return [send(error), ...closeAndFail(code, message)];
  }
}
