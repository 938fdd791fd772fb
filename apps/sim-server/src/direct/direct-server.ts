// Direct mode: game clients connect straight to the sim-server on /ws with the client
// link protocol (same handshake, channel and frames as through atlas-node), so a
// benchmark can measure Atlas against a baseline without it.
import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import * as uWSNamespace from 'uWebSockets.js';
import { codecFamilies, type CompressionCodec } from '@atlas/session';
import { createPlayerTokensSync, createResumeTicketsSync, type PlayerTokensSync, type ResumeTicketsSync } from '@atlas/crypto/node';
import { CloseCode, type ClientSingleMessage, type PlayerConnect } from '@atlas/protocol';
import type { World } from '../sim/world';
import { DirectConnection, type ConnectionHost } from './direct-connection';
import { DirectSession } from './direct-session';

const uWS = ((uWSNamespace as unknown as { default?: typeof uWSNamespace }).default ?? uWSNamespace) as typeof uWSNamespace;

/** Direct-mode settings. */
export interface DirectOptions {
  readonly host: string;
  readonly port: number;
  /** Encrypt sessions (default true). */
  readonly encryption?: boolean;
  readonly compression?: readonly CompressionCodec[];
  /** Verify player tokens with this HMAC secret; without it any token is accepted and names the player. */
  readonly tokenSecret?: string;
  /** Secret for resume tickets (default: random per process). */
  readonly ticketSecret?: string;
  readonly heartbeatMs?: number;
  readonly handshakeTimeoutMs?: number;
  /** How long a dropped session waits for its client to resume (default 30 s). */
  readonly resumeWindowMs?: number;
  readonly maxFrameBytes?: number;
}

/** A running direct endpoint. */
export interface DirectServer {
  readonly port: number;
  readonly url: string;
  /** Sessions by player id (for tests and stats). */
  readonly sessions: ReadonlyMap<string, DirectSession>;
  close(): void;
}

interface SocketData {
  conn?: DirectConnection;
}

const ANON_ID = /^[\w.:-]{1,64}$/;
const text = new TextDecoder();

/** Serves /ws for `world`; resolves once listening. */
export function startDirectServer(world: World, o: DirectOptions): Promise<E.Either<string, DirectServer>> {
  const ticketSecret = o.ticketSecret ?? randomUUID() + randomUUID();
  const tickets = createResumeTicketsSync(ticketSecret);
  if (E.isLeft(tickets)) return Promise.resolve(E.left(`resume tickets: ${tickets.left.kind}`));
  let tokens: PlayerTokensSync | undefined;
  if (o.tokenSecret !== undefined) {
    const t = createPlayerTokensSync(o.tokenSecret);
    if (E.isLeft(t)) return Promise.resolve(E.left(`player tokens: ${t.left.kind}`));
    tokens = t.right;
  }
  const resumeWindowMs = o.resumeWindowMs ?? 30_000;
  const sessions = new Map<string, DirectSession>();
  const connections = new Set<DirectConnection>();
  let anon = 0;
  const host: ConnectionHost = {
    heartbeatMs: o.heartbeatMs ?? 5000,
    handshakeTimeoutMs: o.handshakeTimeoutMs ?? 10_000,
    maxFrameBytes: o.maxFrameBytes ?? 1024 * 1024,
    codecFamilies: codecFamilies({ compression: o.compression, encryption: o.encryption ?? true }),
    admit: (connect) => admit(connect, tokens, tickets.right, sessions, () => `anon-${++anon}`, resumeWindowMs),
    attached: (session, resumed) => {
      if (!resumed || world.get(session.playerId) === undefined) world.join(session.playerId, { x: 0, y: 0, z: 0 }, session);
    },
    message: (session, m: ClientSingleMessage) => {
      if (m.type === 'PlayerMove') world.move(session.playerId, m.position);
      else if (m.type === 'PlayerAction') world.action(session.playerId, m);
    },
    detached: (session, clean) => {
      if (!clean) {
        session.expiresAt = Date.now() + resumeWindowMs;
        return;
      }
      if (sessions.get(session.playerId) === session) sessions.delete(session.playerId);
      world.leave(session.playerId, session);
    },
  };

  const app = uWS.App().ws<SocketData>('/ws', {
    compression: uWS.DISABLED,
    maxPayloadLength: host.maxFrameBytes + 64,
    maxBackpressure: 4 * 1024 * 1024,
    idleTimeout: 0,
    open: (ws) => {
      const conn = new DirectConnection(
        {
          send: (frame) => {
            let status = 0;
            ws.cork(() => (status = typeof frame === 'string' ? ws.send(frame, false) : ws.send(frame, true)));
            return status !== 2;
          },
          end: (code, reason) => ws.end(code, reason),
        },
        host,
        Date.now(),
      );
      ws.getUserData().conn = conn;
      connections.add(conn);
    },
    message: (ws, message, isBinary) => {
      ws.getUserData().conn?.receive(isBinary ? new Uint8Array(message.slice(0)) : text.decode(message), Date.now());
    },
    close: (ws, code) => {
      const conn = ws.getUserData().conn;
      if (conn === undefined) return;
      connections.delete(conn);
      conn.socketClosed(code === 1000);
    },
  });

  return new Promise((resolve) => {
    // 1 = LIBUS_LISTEN_EXCLUSIVE_PORT: without it uWS listens with SO_REUSEPORT and a second
    // server on the port would share it silently (the 20.30 typings lack this overload).
    (app.listen as unknown as (h: string, p: number, options: number, cb: (s: uWSNamespace.us_listen_socket | false) => void) => void).call(app, o.host, o.port, 1, (listen) => {
      if (listen === false) {
        resolve(E.left(`cannot listen on ${o.host}:${o.port}`));
        return;
      }
      const port = uWS.us_socket_local_port(listen as unknown as uWSNamespace.us_socket);
      const sweep = setInterval(() => {
        const now = Date.now();
        for (const c of connections) c.tick(now);
        for (const [id, s] of sessions) {
          if (s.output === undefined && s.expiresAt !== 0 && s.expiresAt <= now) {
            sessions.delete(id);
            world.leave(id, s);
          }
        }
      }, 500);
      resolve(
        E.right({
          port,
          url: `ws://${o.host === '0.0.0.0' ? '127.0.0.1' : o.host}:${port}/ws`,
          sessions,
          close() {
            clearInterval(sweep);
            uWS.us_listen_socket_close(listen);
            for (const c of [...connections]) c.close(1001, 'sim-server shutting down');
          },
        }),
      );
    });
  });
}

/** Token or ticket -> the session to start or continue. */
function admit(
  connect: PlayerConnect,
  tokens: PlayerTokensSync | undefined,
  tickets: ResumeTicketsSync,
  sessions: Map<string, DirectSession>,
  anonymousId: () => string,
  resumeWindowMs: number,
): ReturnType<ConnectionHost['admit']> {
  const issue = (s: DirectSession): string =>
    tickets.issue({ playerId: s.playerId, sessionId: s.sessionId, nodeId: 'sim-direct', expiresInSeconds: Math.ceil(resumeWindowMs / 1000) });
  if (connect.resumeTicket !== '') {
    const t = tickets.verify(connect.resumeTicket);
    if (E.isLeft(t)) return E.left({ code: CloseCode.ResumeFailed, message: `resume ticket refused: ${t.left.kind}` });
    const known = sessions.get(t.right.playerId);
    if (known !== undefined && known.sessionId === t.right.sessionId) return E.right({ session: known, ticket: issue(known), resumed: true });
    const fresh = new DirectSession(t.right.playerId, randomUUID());
    known?.output?.close(CloseCode.Superseded, 'the player connected again');
    sessions.set(fresh.playerId, fresh);
    return E.right({ session: fresh, ticket: issue(fresh), resumed: false });
  }
  let playerId: string;
  if (tokens !== undefined) {
    const v = tokens.verify(connect.token);
    if (E.isLeft(v)) return E.left({ code: CloseCode.AuthFailed, message: `token refused: ${v.left.kind}` });
    playerId = v.right.playerId;
  } else {
    playerId = ANON_ID.test(connect.token) ? connect.token : anonymousId();
  }
  const session = new DirectSession(playerId, randomUUID());
  sessions.get(playerId)?.output?.close(CloseCode.Superseded, 'the player connected again');
  sessions.set(playerId, session);
  return E.right({ session, ticket: issue(session), resumed: false });
}
