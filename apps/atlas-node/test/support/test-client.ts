// A small protocol-level game client for end-to-end tests: the real handshake
// (ClientHandshake + X25519/HKDF + AES-256-GCM via @atlas/crypto/node), optional
// compression, batched sends, and a log of everything received, with sequence checks.
import * as E from 'fp-ts/Either';
import WebSocket from 'ws';
import { createCompressor, type Compressor } from '@atlas/compression';
import { handshakeTranscript, type SyncChannel } from '@atlas/crypto';
import { createKeyShareSync, createNodeChannel, deriveSessionKeysSync } from '@atlas/crypto/node';
import {
  Codec,
  ClientHandshake,
  SequenceTracker,
  createClientBatchWriter,
  decodeClientFrame,
  encodeClientJson,
  type ClientHandshakeOutput,
  type ClientSingleMessage,
  type Encoding,
  type Frame,
  type Welcome,
} from '@atlas/protocol';

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

const writer = createClientBatchWriter();
const utf8 = new TextEncoder();
const text = new TextDecoder();

/** Connects and completes the handshake; rejects with the close code when refused. */
export function connectClient(url: string, options: TestClientOptions = {}): Promise<TestClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const share = createKeyShareSync();
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
    });
    let channel: SyncChannel | null = null;
    let compressor: Compressor | null = null;
    let encoding: Encoding = options.encoding ?? 'binary';
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
          encoding = o.encoding;
          const [comp = Codec.Raw, enc = Codec.Plaintext] = o.welcome.codecs;
          if (comp === Codec.Lz4 || comp === Codec.Deflate) compressor = createCompressor({ algorithm: comp, threshold: 64 });
          if (enc !== Codec.Plaintext) {
            const keys = deriveSessionKeysSync({
              role: 'client',
              local: share.right,
              peerKeyShare: o.welcome.serverKeyShare,
              transcript: handshakeTranscript(o.transcript.hello, o.transcript.welcome),
              psk: enc === Codec.PskAes256Gcm ? options.psk : undefined,
            });
            if (E.isLeft(keys)) throw new Error('keys');
            channel = createNodeChannel({ keys: keys.right, role: 'client' });
          }
          client = makeClient(o.welcome);
          if (options.resumeTicket !== undefined && options.resumeTicket !== '') {
            client.send({ type: 'Resume', lastReceivedSeq: options.lastReceivedSeq ?? 0 });
          }
          if (options.pauseAfterHandshake) ws.pause();
          resolve(client);
        }
      }
    };
    const onData = (data: Buffer, isBinary: boolean): void => {
      if (client === undefined) {
        run(hs.receive(isBinary ? new Uint8Array(data) : data.toString('utf8'), Date.now()));
        return;
      }
      client.frames++;
      let payload: Uint8Array | string = isBinary ? new Uint8Array(data) : data.toString('utf8');
      if (typeof payload !== 'string') {
        if (channel !== null) {
          const opened = channel.open(payload);
          if (E.isLeft(opened)) throw new Error(`decrypt failed: ${opened.left.kind}`);
          payload = opened.right;
        }
        if (compressor !== null) {
          const d = compressor.decompress(payload);
          if (E.isLeft(d)) throw new Error('decompress');
          payload = d.right;
        }
        if (encoding === 'json') payload = text.decode(payload);
      }
      const m = decodeClientFrame(payload);
      if (E.isLeft(m)) throw new Error(`decode: ${m.left.message}`);
      const list = m.right.type === 'Batch' ? m.right.messages : [m.right];
      for (const x of list) {
        if (x.type === 'Batch') continue;
        if (x.type === 'PlayerMove' || x.type === 'PlayerAction' || x.type === 'ServerTransfer' || x.type === 'StateSync') tracker.observe(x.seq);
        received.push(x);
      }
      for (const w of waiters.splice(0)) w();
    };
    ws.on('message', onData);
    ws.on('open', () => run(hs.start(Date.now())));

    const makeClient = (welcome: Welcome): TestClient => ({
      welcome,
      ws,
      received,
      frames: 0,
      tracker,
      send(...messages) {
        let payload: Uint8Array | string;
        if (encoding === 'json') {
          const t = encodeClientJson(messages.length === 1 ? (messages[0] as ClientSingleMessage) : { type: 'Batch', messages });
          payload = channel === null && compressor === null ? t : utf8.encode(t);
        } else {
          writer.reset();
          for (const m of messages) writer.add(m);
          payload = (writer.finish() as Uint8Array).slice();
        }
        if (typeof payload !== 'string') {
          if (compressor !== null) payload = compressor.compress(payload);
          if (channel !== null) payload = channel.seal(payload);
        }
        if (ws.readyState === WebSocket.OPEN) ws.send(payload);
      },
      sendRaw(frame) {
        if (ws.readyState === WebSocket.OPEN) ws.send(frame);
      },
      sendSealed(bytes) {
        let payload = bytes;
        if (compressor !== null) payload = compressor.compress(payload);
        if (channel !== null) payload = channel.seal(payload);
        if (ws.readyState === WebSocket.OPEN) ws.send(payload);
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
