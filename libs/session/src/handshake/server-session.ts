// The server side of a client-link handshake for ends that run one object per socket
// (sim-server's direct mode, test fakes): protocol's ServerHandshake plus the key
// exchange. Sans-IO like the machine it wraps: frames and time in, outputs out. The
// caller verifies the token or ticket (`verify`), then calls `accept` or `reject`; on
// `open` the session's frame pipeline is ready. The node runs the same steps
// (`serverKeyShare`, `serverChannel`) from its own driver, which keeps no object per socket.
import * as E from 'fp-ts/lib/Either.js';
import {
  CloseCode,
  ServerHandshake,
  type AcceptParams,
  type CloseOutput,
  type FailedOutput,
  type Frame,
  type SendOutput,
  type ServerEstablished,
  type ServerHandshakeOptions,
  type ServerHandshakeOutput,
  type VerifyOutput,
} from '@atlas/protocol';
import { sessionCodecs } from '../codecs/codec-names';
import { FrameCodec } from '../pipeline/frame-codec';
import { serverChannel, serverKeyShare, type ChannelParams, type ServerCryptoBackend } from './session-keys';

/** Settings of one server-side session handshake. */
export interface ServerSessionOptions<Share extends { readonly keyShare: Uint8Array }> extends ServerHandshakeOptions, ChannelParams {
  /** The synchronous cipher (`@atlas/crypto/node`). */
  readonly crypto: ServerCryptoBackend<Share>;
  readonly maxFrameBytes?: number;
  readonly compressionThreshold?: number;
}

/** The session is open: its pipeline (sealing with the session channel) and what the handshake settled. */
export interface OpenOutput {
  readonly kind: 'open';
  readonly established: ServerEstablished;
  readonly codec: FrameCodec;
}

/** What the server handshake asks of its caller. */
export type ServerSessionOutput = SendOutput | CloseOutput | FailedOutput | VerifyOutput | OpenOutput;

/** One socket's server-side handshake and key exchange. */
export class ServerSessionHandshake<Share extends { readonly keyShare: Uint8Array }> {
  private readonly machine: ServerHandshake;
  private share: Share | undefined;

  constructor(
    private readonly o: ServerSessionOptions<Share>,
    now: number,
  ) {
    this.machine = new ServerHandshake(o, now);
  }

  /** A frame from the client (before `open`). */
  receive(frame: Frame, now: number): ServerSessionOutput[] {
    return this.step(this.machine.receive(frame, now), now);
  }

  /** Time passed (the handshake timeout). */
  tick(now: number): ServerSessionOutput[] {
    return this.step(this.machine.tick(now), now);
  }

  /** The caller admitted the player: Welcome goes out and the session opens. */
  accept(params: Omit<AcceptParams, 'serverKeyShare'>, now: number): ServerSessionOutput[] {
    return this.step(this.machine.accept({ ...params, serverKeyShare: this.share?.keyShare ?? new Uint8Array(0) }, now), now);
  }

  /** The caller refused the player: an Error saying why, then the close. */
  reject(code: number, message: string, now: number): ServerSessionOutput[] {
    return this.step(this.machine.reject(code, message, now), now);
  }

  private step(outs: readonly ServerHandshakeOutput[], now: number): ServerSessionOutput[] {
    const result: ServerSessionOutput[] = [];
    for (const o of outs) {
      if (o.kind === 'verify') {
        // The key share is made before the caller admits anyone, so a bad share costs no session.
        const share = serverKeyShare(this.o.crypto, o.connect, sessionCodecs(o.codecs).encryption);
        if (E.isLeft(share)) result.push(...this.reject(CloseCode.UnsupportedCodec, share.left, now));
        else {
          this.share = share.right;
          result.push(o);
        }
      } else if (o.kind === 'established') result.push(this.open(o));
      else result.push(o);
    }
    return result;
  }

  private open(o: ServerEstablished): OpenOutput | CloseOutput {
    const channel = serverChannel(this.o.crypto, o, this.share, this.o);
    this.share = undefined;
    if (E.isLeft(channel)) return { kind: 'close', code: CloseCode.DecryptFailed, reason: `key exchange failed: ${channel.left}` };
    const codec = new FrameCodec(o.encoding, sessionCodecs(o.welcome.codecs), this.o.maxFrameBytes, this.o.compressionThreshold, channel.right, o.welcome.version);
    return { kind: 'open', established: o, codec };
  }
}
