// The client WebSocket endpoint on uWebSockets.js: `/ws`, validated upgrades, the
// connection limit, backpressure drain events, and every callback guarded so that a
// bug in one connection's handling closes that connection, never the node.
import * as E from 'fp-ts/lib/Either.js';
import uWS from 'uWebSockets.js';
import { CloseCode } from '@atlas/protocol';
import type { Outbox } from '../session/outbox';
import { answerInternalError, checkUpgrade } from './upgrade';
import type { SessionHub } from '../session/hub';
import { ClientSession } from '../session/session';
import { sessionNow } from '../session/session-clock';

/** Settings and collaborators of the client endpoint. */
export interface ClientEdgeOptions {
  readonly hub: SessionHub;
  readonly outbox: Outbox;
  /** `server.max_connections`, read per upgrade (reloadable). */
  maxConnections(): number;
  /** True while draining: new clients are turned away. */
  draining(): boolean;
  /** uWS's own hard cap on a message; the product's (smaller, reloadable) limit is enforced in JS. */
  readonly maxPayloadLength: number;
  /** A handler threw (a bug): log it. */
  onError(where: string, e: unknown): void;
  /** The edge closed a client itself (at the connection limit), with this code. */
  closedByNode?(code: number): void;
}

/** Upgrades beyond the limit are still accepted (then closed with ServerFull, a code clients understand) up to this many extra. */
export const OVERFLOW_SLACK = 64;

// uWS drops sends past its maxBackpressure silently; ours (coalesce, then close) acts well below it.
const UWS_MAX_BACKPRESSURE = 1024 * 1024 * 1024;

/** What uWebSockets.js keeps on each socket (copied onto the socket object at upgrade). */
interface SocketData {
  session: ClientSession;
  /** Set when the upgrade was accepted only to be closed with this code at open. */
  refuse?: number;
}

/** Mounts `/ws` on `app`. */
export function mountClientEdge(app: uWS.TemplatedApp, o: ClientEdgeOptions): void {
  const { hub, outbox } = o;
  app.ws<SocketData>('/ws', {
    maxPayloadLength: o.maxPayloadLength,
    idleTimeout: 0,
    maxBackpressure: UWS_MAX_BACKPRESSURE,
    closeOnBackpressureLimit: 0,
    compression: uWS.DISABLED,
    sendPingsAutomatically: false,
    upgrade: (res, req, context) => {
      try {
        const headers = {
          method: req.getMethod(),
          upgrade: req.getHeader('upgrade'),
          connection: req.getHeader('connection'),
          key: req.getHeader('sec-websocket-key'),
          version: req.getHeader('sec-websocket-version'),
        };
        const valid = checkUpgrade(headers);
        if (E.isLeft(valid)) {
          res.cork(() => {
            res.writeStatus(valid.left.status);
            if (valid.left.status.startsWith('426')) res.writeHeader('Sec-WebSocket-Version', '13');
            res.end(valid.left.reason, true);
          });
          return;
        }
        const open = hub.sessions.size;
        const max = o.maxConnections();
        if (o.draining() || open >= max + OVERFLOW_SLACK) {
          res.cork(() => res.writeStatus('503 Service Unavailable').end(o.draining() ? 'node is draining' : 'node is full', true));
          return;
        }
        const data: SocketData = { session: new ClientSession(hub.allocateHandle(), sessionNow()) };
        if (open >= max) data.refuse = CloseCode.ServerFull;
        res.upgrade(data, headers.key, req.getHeader('sec-websocket-protocol'), req.getHeader('sec-websocket-extensions'), context);
      } catch (e) {
        o.onError('upgrade', e);
        answerInternalError(res);
      }
    },
    open: (ws) => {
      const s = ws.getUserData().session;
      try {
        const refuse = ws.getUserData().refuse;
        if (refuse !== undefined) {
          o.closedByNode?.(refuse);
          ws.end(refuse, 'node is at its connection limit');
          return;
        }
        // uWS's WebSocket has the ClientSocket port's shape: handed over as is.
        hub.opened(ws, s);
      } catch (e) {
        fail(o, hub, s, 'open', e);
      }
    },
    message: (ws, message, isBinary) => {
      const s = ws.getUserData().session;
      try {
        hub.received(s, message, isBinary);
      } catch (e) {
        fail(o, hub, s, 'message', e);
      }
    },
    drain: (ws) => {
      const s = ws.getUserData().session;
      try {
        outbox.drained(s);
      } catch (e) {
        fail(o, hub, s, 'drain', e);
      }
    },
    close: (ws, code) => {
      const s = ws.getUserData().session;
      try {
        hub.closed(s, code);
      } catch (e) {
        o.onError('close', e);
      }
    },
  });
}

function fail(o: ClientEdgeOptions, hub: SessionHub, s: ClientSession, where: string, e: unknown): void {
  o.onError(where, e);
  try {
    hub.close(s, CloseCode.InternalError, 'internal error');
  } catch {
    // nothing more to do for this connection
  }
}
