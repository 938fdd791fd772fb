// A stand-in for an Atlas node, for testing a game server without running one: it
// opens a link with the real handshake (and pre-shared-key proof), then lets a test
// send server-link messages and wait for what the game server sends back.
import * as E from 'fp-ts/lib/Either.js';
import WebSocket from 'ws';
import {
  LinkOpener,
  LATEST_VERSION,
  decodeServerFrame,
  encodeServerFrame,
  createServerBatchWriter,
  type Encoding,
  type Frame,
  type LinkHandshakeOutput,
  type LinkWelcome,
  type ServerSingleMessage,
} from '@atlas/protocol';
import { createLinkAuth, type LinkPsk } from '@atlas/crypto/node';

/** How the test node introduces itself. */
export interface TestNodeOptions {
  readonly nodeId?: string;
  readonly serverId?: string;
  readonly psk?: LinkPsk;
  readonly encoding?: Encoding;
  /** Answer the game server's Ping automatically (default true). */
  readonly answerPings?: boolean;
  /** The protocol version LinkHello announces (default the newest; 1 plays an older node). */
  readonly version?: number;
}

/** Why a test node could not link. */
export interface TestNodeError {
  readonly kind: 'test-node';
  readonly code: number;
  readonly message: string;
}

/** An open link, seen from the node's side. */
export interface TestNode {
  readonly welcome: LinkWelcome;
  /** Every message received since the handshake (Batches flattened), in order. */
  readonly received: ServerSingleMessage[];
  /** WebSocket messages received since the handshake (to check batching). */
  readonly frames: number;
  /** The header (version) byte of every binary frame received since the handshake. */
  readonly frameVersions: readonly number[];
  /** Sends messages in one frame (a Batch when there are several). */
  send(...messages: ServerSingleMessage[]): void;
  /** Sends raw bytes or text as one frame (for malformed-frame tests). */
  sendRaw(frame: Frame): void;
  /** Resolves with the first received message (past or future) matching `match`. */
  next<T extends ServerSingleMessage['type']>(type: T, match?: (m: Extract<ServerSingleMessage, { type: T }>) => boolean, timeoutMs?: number): Promise<Extract<ServerSingleMessage, { type: T }>>;
  /** Resolves when the socket closes. */
  readonly closed: Promise<{ readonly code: number; readonly reason: string }>;
  /** Closes the link (default code 1000). */
  close(code?: number): Promise<{ readonly code: number; readonly reason: string }>;
}

/** Opens a link to a game server at `url` (e.g. `server.url`). */
export function connectTestNode(url: string, options: TestNodeOptions = {}): Promise<E.Either<TestNodeError, TestNode>> {
  const auth = createLinkAuth(options.psk);
  if (E.isLeft(auth)) return Promise.resolve(E.left({ kind: 'test-node', code: 0, message: auth.left.message }));
  const nodeId = options.nodeId ?? 'test-node';
  const serverId = options.serverId ?? 'test-server';
  const encoding = options.encoding ?? 'binary';
  const nonce = auth.right.nonce();
  const announce = options.version ?? LATEST_VERSION;
  const opener = new LinkOpener({ nodeId, serverId, nonce, proof: auth.right.helloProof(nonce, nodeId, serverId, announce), encoding, version: announce });
  const ws = new WebSocket(url, { perMessageDeflate: false });
  const received: ServerSingleMessage[] = [];
  const waiters: { test: (m: ServerSingleMessage) => boolean; resolve: (m: ServerSingleMessage) => void }[] = [];
  let frames = 0;
  const frameVersions: number[] = [];
  let welcome: LinkWelcome | undefined;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  const writer = createServerBatchWriter();

  const linkVersion = (): number => welcome?.version ?? announce;

  const node: TestNode = {
    get welcome() {
      return welcome as LinkWelcome;
    },
    received,
    get frames() {
      return frames;
    },
    frameVersions,
    send(...messages) {
      if (encoding === 'json') {
        for (const m of messages) ws.send(encodeServerFrame(m, 'json', linkVersion()));
        return;
      }
      writer.reset(linkVersion());
      for (const m of messages) writer.add(m);
      ws.send((writer.finish() as Uint8Array).slice());
      writer.reset();
    },
    sendRaw(frame) {
      ws.send(frame);
    },
    next(type, match, timeoutMs = 5000) {
      type M = Extract<ServerSingleMessage, { type: typeof type }>;
      const test = (m: ServerSingleMessage): boolean => m.type === type && (match === undefined || match(m as M));
      const found = received.find(test);
      if (found !== undefined) return Promise.resolve(found as M);
      return new Promise<M>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type} within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ test, resolve: (m) => (clearTimeout(timer), resolve(m as M)) });
      });
    },
    closed,
    close(code = 1000) {
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(code);
      return closed;
    },
  };

  const deliver = (m: ServerSingleMessage): void => {
    if (m.type === 'Ping' && options.answerPings !== false) ws.send(encodeServerFrame({ type: 'Pong', timestamp: m.timestamp }, encoding, linkVersion()));
    received.push(m);
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i];
      if (w !== undefined && w.test(m)) {
        waiters.splice(i, 1);
        w.resolve(m);
      }
    }
  };

  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: E.Either<TestNodeError, TestNode>): void => {
      if (!settled) {
        settled = true;
        resolve(result);
      }
    };
    const drive = (outs: LinkHandshakeOutput[]): void => {
      for (const o of outs) {
        if (o.kind === 'send') ws.send(o.frame);
        else if (o.kind === 'close') ws.close(o.code, o.reason);
        else if (o.kind === 'failed') finish(E.left({ kind: 'test-node', code: o.code, message: o.message }));
        else if (o.kind === 'verify' && o.welcome !== undefined) {
          const ok = auth.right.verifyWelcome(o.hello, o.welcome);
          drive(E.isLeft(ok) ? opener.reject(4016, ok.left.message, Date.now()) : opener.confirm(Date.now()));
        } else if (o.kind === 'established') {
          welcome = o.welcome;
          finish(E.right(node));
        }
      }
    };
    ws.on('open', () => drive(opener.start(Date.now())));
    ws.on('error', (error) => finish(E.left({ kind: 'test-node', code: 0, message: error.message })));
    ws.on('close', (code, reason) => drive(opener.closed(code, reason.toString())));
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      const frame: Frame = isBinary ? new Uint8Array(data.buffer, data.byteOffset, data.length) : data.toString('utf8');
      if (welcome === undefined) {
        drive(opener.receive(frame, Date.now()));
        return;
      }
      frames++;
      if (typeof frame !== 'string') frameVersions.push(frame[0] as number);
      const decoded = decodeServerFrame(frame);
      if (E.isLeft(decoded)) return;
      const m = decoded.right;
      if (m.type === 'Batch') for (const inner of m.messages) deliver(inner as ServerSingleMessage);
      else deliver(m);
    });
  });
}
