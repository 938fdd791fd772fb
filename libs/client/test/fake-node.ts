// A scripted stand-in for atlas-node's client edge, for the client's tests: the real
// ServerHandshake, key exchange (node:crypto) and frame pipeline, but the test decides
// what the "node" sends and when it drops the socket.
import * as E from 'fp-ts/lib/Either.js';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import { Roles, handshakeTranscript, type SyncChannel } from '@atlas/crypto';
import { createKeyShareForSync, createNodeChannel, deriveSessionKeysSync } from '@atlas/crypto/node';
import { Codec, ServerHandshake, type ClientSingleMessage, type Frame, type PlayerConnect } from '@atlas/protocol';
import { FrameCodec, sessionCodecs } from '../src';

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
    const hs = new ServerHandshake({ codecFamilies: families, heartbeatMs: o.heartbeatMs ?? 60_000, timeoutMs: 5000 }, Date.now());
    let channel: SyncChannel | undefined;
    let codec: FrameCodec | undefined;
    let session: FakeSession | undefined;
    const write = (payload: Frame): void => {
      ws.send(channel === undefined || typeof payload === 'string' ? payload : channel.seal(payload));
    };
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      const frame: Frame = isBinary ? new Uint8Array(data.buffer, data.byteOffset, data.length).slice() : data.toString();
      if (codec === undefined) {
        if (o.silent) return;
        for (const out of hs.receive(frame, Date.now())) {
          if (out.kind === 'send') ws.send(out.frame);
          else if (out.kind === 'close') ws.close(out.code, out.reason);
          else if (out.kind === 'verify') {
            const c = out.connect;
            const sealed = sessionCodecs(out.codecs).encryption !== Codec.Plaintext;
            const share = sealed ? createKeyShareForSync(c.keyShare) : undefined;
            if (share !== undefined && E.isLeft(share)) {
              for (const r of hs.reject(4014, 'bad key share', Date.now())) if (r.kind === 'send') ws.send(r.frame);
              ws.close(4014);
              return;
            }
            const resumed = c.resumeTicket.startsWith('ticket:');
            const sessionId = resumed ? sessionIdOf(c.resumeTicket) : `s-${nextSession++}`;
            const outs = hs.accept({ playerId: c.token, sessionId, serverKeyShare: share?.right.keyShare ?? new Uint8Array(0), resumeTicket: `ticket:${sessionId}`, resumed }, Date.now());
            for (const a of outs) {
              if (a.kind === 'send') ws.send(a.frame);
              if (a.kind !== 'established') continue;
              const codecs = sessionCodecs(a.welcome.codecs);
              if (share !== undefined) {
                const keys = deriveSessionKeysSync({
                  role: Roles.Server,
                  local: share.right,
                  peerKeyShare: c.keyShare,
                  transcript: handshakeTranscript(a.transcript.hello, a.transcript.welcome),
                  psk: codecs.encryption === Codec.PskAes256Gcm ? o.psk : undefined,
                });
                if (E.isLeft(keys)) throw new Error('keys');
                channel = createNodeChannel({ keys: keys.right, role: Roles.Server });
              }
              codec = new FrameCodec(a.encoding, codecs);
              const s: FakeSession = {
                connect: c,
                codecs: a.welcome.codecs,
                resumed,
                received: [],
                frames: 0,
                send: (...ms) => {
                  for (const m of ms) codec?.add(m);
                  const p = codec?.take();
                  if (p !== undefined) write(p);
                },
                sendRaw: (f) => ws.send(f),
                close: (code, reason) => (code === undefined ? ws.terminate() : ws.close(code, reason)),
              };
              session = s;
              node.sessions.push(s);
            }
          }
        }
        return;
      }
      const s = session as FakeSession;
      s.frames++;
      let payload: Frame = frame;
      if (channel !== undefined && typeof frame !== 'string') {
        const opened = channel.open(frame);
        if (E.isLeft(opened)) return void ws.close(4011);
        payload = opened.right;
      }
      const decoded = codec.decode(payload);
      if (E.isLeft(decoded)) return;
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
