// A small protocol-level game client for end-to-end tests: the real handshake
// (ClientHandshake + X25519/HKDF + AES-256-GCM via @atlas/crypto/node) and the client
// end of @atlas/session's pipeline (optional compression, batched sends), with a log of
// everything received and sequence checks.
import * as E from 'fp-ts/lib/Either.js';
import WebSocket from 'ws';
import * as nodeCrypto from '@atlas/crypto/node';
import type { KeyExchangeSuite } from '@atlas/crypto';
import { Codec, ClientHandshake, SequenceTracker, isSequenced, type ClientHandshakeOutput, type ClientSingleMessage, type Encoding, type Frame, type Welcome } from '@atlas/protocol';
import { FrameCodec, isSealed, openSyncChannel, sessionCodecs, wrapPayload, type FrameChannel } from '@atlas/session';

/** How a test client connects. */
export interface TestClientOptions {
  readonly token?: string;
  readonly codecs?: readonly string[];
  readonly resumeTicket?: string;
  readonly encoding?: Encoding;
  /** For a resumed session: the last node -> client seq received before (sent in Resume). */
  readonly lastReceivedSeq?: number;
  /** Do not read from the socket after the handshake (slow-consumer tests). */
  readonly pauseAfterHandshake?: boolean;
  readonly psk?: Uint8Array;
  /** The key-exchange suite of the client's share (default X25519). */
  readonly suite?: KeyExchangeSuite;
  /** The protocol version PlayerConnect announces (default the newest; 1 plays a v1 client). */
  readonly version?: number;
  /** Raw frames received after Welcome, before decoding (to check version bytes). */
  readonly rawFrames?: Frame[];
}

/** A closed socket. */
export interface Closed {
  readonly code: number;
  readonly reason: string;
}

/** A connected client. */
export interface TestClient {
  readonly welcome: Welcome;
  readonly ws: WebSocket;
  /** Every single message received after Welcome (Batches flattened). */
  readonly received: ClientSingleMessage[];
  /** Frames received after Welcome. */
  frames: number;
  /** Node -> client sequence check of everything sequenced received so far. */
  readonly tracker: SequenceTracker;
  /** Sends messages in one frame (a Batch when several). */
  send(...messages: ClientSingleMessage[]): void;
  /** Sends raw bytes/text as a frame, bypassing the codec and channel. */
  sendRaw(frame: Frame): void;
  /** Seals arbitrary bytes with the session channel (or sends them as they are without one). */
  sendSealed(bytes: Uint8Array): void;
  /** Resolves with the first received message (past or future) of `type` matching `match`. */
  next<T extends ClientSingleMessage['type']>(type: T, match?: (m: Extract<ClientSingleMessage, { type: T }>) => boolean, timeoutMs?: number): Promise<Extract<ClientSingleMessage, { type: T }>>;
  readonly closed: Promise<Closed>;
  close(code?: number): Promise<Closed>;
}

/** The codecs a test client offers by default: raw + X25519. */
export const DEFAULT_CODECS = [Codec.Raw, Codec.X25519Aes256Gcm, Codec.Plaintext];

/** Frames the test client sends compress from this size (the node's default is 1024), so small tests exercise compression too. */
const COMPRESSION_THRESHOLD = 64;

/** Connects and completes the handshake; rejects with the close code when refused. */
export function connectClient(url: string, options: TestClientOptions = {}): Promise<TestClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const share = nodeCrypto.createKeyShareSync(options.suite);
    if (E.isLeft(share)) {
      reject(new Error('key share'));
      return;
    }
    const hs = new ClientHandshake({
      token: options.token ?? '',
      keyShare: share.right.keyShare,
      codecs: options.codecs ?? DEFAULT_CODECS,
      resumeTicket: options.resumeTicket,
      encoding: options.encoding,
      version: options.version,
    });
    let codec: FrameCodec | undefined;
    let client: TestClient | undefined;
    const received: ClientSingleMessage[] = [];
    const waiters: Array<() => void> = [];
    const tracker = new SequenceTracker();
    let closedResolve: (c: Closed) => void = () => undefined;
    const closed = new Promise<Closed>((r) => (closedResolve = r));
    ws.on('close', (code, reason) => {
      closedResolve({ code, reason: reason.toString() });
      if (client === undefined) reject(Object.assign(new Error(`closed ${code} ${reason.toString()}`), { code }));
      for (const w of waiters.splice(0)) w();
    });
    ws.on('error', () => undefined);
    const run = (outs: ClientHandshakeOutput[]): void => {
      for (const o of outs) {
        if (o.kind === 'send') ws.send(o.frame);
        else if (o.kind === 'close') ws.close(o.code, o.reason);
        else if (o.kind === 'established') {
          const codecs = sessionCodecs(o.welcome.codecs);
          let channel: FrameChannel | null = null;
          if (isSealed(codecs.encryption)) {
            const psk = codecs.encryption === Codec.PskAes256Gcm ? options.psk : undefined;
            const opened = openSyncChannel(nodeCrypto, 'client', share.right, o.welcome.serverKeyShare, o.transcript, psk);
            if (E.isLeft(opened)) throw new Error(opened.left);
            channel = opened.right;
          }
          const open = new FrameCodec(o.encoding, codecs, undefined, COMPRESSION_THRESHOLD, channel, o.welcome.version);
          codec = open;
          client = makeClient(o.welcome, open);
          if (options.resumeTicket !== undefined && options.resumeTicket !== '') {
            client.send({ type: 'Resume', lastReceivedSeq: options.lastReceivedSeq ?? 0 });
          }
          if (options.pauseAfterHandshake) ws.pause();
          resolve(client);
        }
      }
    };
    const onData = (data: Buffer, isBinary: boolean): void => {
      const frame: Frame = isBinary ? new Uint8Array(data) : data.toString('utf8');
      if (client === undefined || codec === undefined) {
        run(hs.receive(frame, Date.now()));
        return;
      }
      client.frames++;
      options.rawFrames?.push(frame);
      const list = codec.receive(frame);
      if (E.isLeft(list)) throw new Error(`${list.left.kind}: ${list.left.message}`);
      for (const x of list.right) {
        if (isSequenced(x)) tracker.observe(x.seq);
        received.push(x);
      }
      for (const w of waiters.splice(0)) w();
    };
    ws.on('message', onData);
    ws.on('open', () => run(hs.start(Date.now())));

    const makeClient = (welcome: Welcome, open: FrameCodec): TestClient => ({
      welcome,
      ws,
      received,
      frames: 0,
      tracker,
      send(...messages) {
        for (const m of messages) open.add(m);
        const frame = open.take();
        if (frame !== undefined && ws.readyState === WebSocket.OPEN) ws.send(frame);
      },
      sendRaw(frame) {
        if (ws.readyState === WebSocket.OPEN) ws.send(frame);
      },
      sendSealed(bytes) {
        const frame = wrapPayload(open, bytes);
        if (ws.readyState === WebSocket.OPEN) ws.send(frame);
      },
      next(type, match, timeoutMs = 5000) {
        type M = Extract<ClientSingleMessage, { type: typeof type }>;
        return new Promise<M>((res, rej) => {
          const deadline = Date.now() + timeoutMs;
          let at = 0;
          const check = (): void => {
            for (; at < received.length; at++) {
              const m = received[at] as ClientSingleMessage;
              if (m.type === type && (match === undefined || match(m as M))) return res(m as M);
            }
            if (ws.readyState === WebSocket.CLOSED) return rej(new Error(`closed while waiting for ${type}`));
            if (Date.now() > deadline) return rej(new Error(`timed out waiting for ${type}`));
            waiters.push(check);
            setTimeout(check, Math.max(1, deadline - Date.now() + 1)).unref();
          };
          check();
        });
      },
      closed,
      close(code = 1000) {
        if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(code);
        return closed;
      },
    });
  });
}
