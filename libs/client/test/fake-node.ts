// A scripted stand-in for atlas-node's client edge, for the client's tests: the real
// server-side session of @atlas/session (ServerHandshake, node:crypto key exchange and
// frame pipeline), but the test decides what the "node" sends and when it drops the socket.
import * as E from 'fp-ts/lib/Either.js';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import * as nodeCrypto from '@atlas/crypto/node';
import { Codec, type ClientSingleMessage, type Frame, type PlayerConnect } from '@atlas/protocol';
import { ServerSessionHandshake, type FrameCodec, type ServerSessionOutput } from '@atlas/session';

/** How the fake node behaves. */
export interface FakeNodeOptions {
  readonly families?: string[][];
  readonly psk?: Uint8Array;
  /** Never answer PlayerConnect (handshake timeouts). */
  readonly silent?: boolean;
  /** Answer a resumed session with its own Resume naming this last client seq (default: what it received). */
  readonly sendResume?: boolean;
  readonly heartbeatMs?: number;
  /** Echo the client's Heartbeats (default true). */
  readonly echoHeartbeats?: boolean;
}

/** One accepted client session as the test sees it. */
export interface FakeSession {
  readonly connect: PlayerConnect;
  readonly codecs: readonly string[];
  readonly resumed: boolean;
  /** Messages received after Welcome, Batches flattened. */
  readonly received: ClientSingleMessage[];
  /** Frames received after Welcome. */
  frames: number;
  /** Sends messages in one frame. */
  send(...ms: ClientSingleMessage[]): void;
  /** Sends bytes as they are (after the handshake: bypassing the channel). */
  sendRaw(frame: Frame): void;
  /** Closes with a code (or drops the TCP connection when `code` is undefined). */
  close(code?: number, reason?: string): void;
}

/** A listening fake node. */
export interface FakeNode {
  readonly url: string;
  readonly sessions: FakeSession[];
  /** Connections opened (handshake or not). */
  connections: number;
  stop(): Promise<void>;
}

const sessionIdOf = (ticket: string): string => ticket.replace(/^ticket:/, '');

/** Starts a fake node on port 0. */
export async function startFakeNode(o: FakeNodeOptions = {}): Promise<FakeNode> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const families = o.families ?? [[Codec.Lz4, Codec.Deflate, Codec.Raw], [Codec.X25519Aes256Gcm, Codec.P256Aes256Gcm]];
  let nextSession = 1;
  const node: FakeNode = {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ws`,
    sessions: [],
    connections: 0,
    stop: () =>
      new Promise((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => r());
      }),
  };
  wss.on('connection', (ws: WebSocket) => {
    node.connections++;
    const hs = new ServerSessionHandshake({ codecFamilies: families, heartbeatMs: o.heartbeatMs ?? 60_000, timeoutMs: 5000, crypto: nodeCrypto, psk: o.psk }, Date.now());
    let codec: FrameCodec | undefined;
    let session: FakeSession | undefined;
    const run = (outs: ServerSessionOutput[]): void => {
      for (const out of outs) {
        if (out.kind === 'send') ws.send(out.frame);
        else if (out.kind === 'close') ws.close(out.code, out.reason);
        else if (out.kind === 'verify') {
          const c = out.connect;
          const resumed = c.resumeTicket.startsWith('ticket:');
          const sessionId = resumed ? sessionIdOf(c.resumeTicket) : `s-${nextSession++}`;
          run(hs.accept({ playerId: c.token, sessionId, resumeTicket: `ticket:${sessionId}`, resumed }, Date.now()));
        } else if (out.kind === 'open') {
          const open = out.codec;
          codec = open;
          session = {
            connect: out.established.connect,
            codecs: out.established.welcome.codecs,
            resumed: out.established.welcome.resumed,
            received: [],
            frames: 0,
            send: (...ms) => {
              for (const m of ms) open.add(m);
              const f = open.take();
              if (f !== undefined) ws.send(f);
            },
            sendRaw: (f) => ws.send(f),
            close: (code, reason) => (code === undefined ? ws.terminate() : ws.close(code, reason)),
          };
          node.sessions.push(session);
        }
      }
    };
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      const frame: Frame = isBinary ? new Uint8Array(data.buffer, data.byteOffset, data.length).slice() : data.toString();
      if (codec === undefined) {
        if (!o.silent) run(hs.receive(frame, Date.now()));
        return;
      }
      const s = session as FakeSession;
      s.frames++;
      const decoded = codec.receive(frame);
      if (E.isLeft(decoded)) {
        if (decoded.left.kind === 'decrypt') ws.close(4011);
        return;
      }
      for (const m of decoded.right) {
        s.received.push(m);
        if (m.type === 'Resume' && s.resumed && o.sendResume !== false) {
          const last = Math.max(0, ...node.sessions.flatMap((x) => x.received.flatMap((r) => (r.type === 'PlayerAction' || r.type === 'PlayerMove' ? [r.seq] : []))));
          s.send({ type: 'Resume', lastReceivedSeq: last });
        }
        if (m.type === 'Heartbeat' && m.echo === 0 && o.echoHeartbeats !== false) s.send({ type: 'Heartbeat', timestamp: Date.now(), echo: m.timestamp });
      }
    });
  });
  return node;
}
