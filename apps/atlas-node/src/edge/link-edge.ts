// The endpoint game servers dial the node at, `/atlas/link?server=<id>`, on uWebSockets.js:
// so a link costs the node what a client socket costs, not a `ws` socket and Node streams.
// Only a server that proves the pre-shared key in its upgrade request (when one is set),
// and that the registry holds as one that dials in with no live link, is upgraded; the
// link handshake on the socket is then the same as on a link the node dials (the node
// sends LinkHello, the server proves the key again), see docs/protocol.md §8.
import * as E from 'fp-ts/lib/Either.js';
import uWS from 'uWebSockets.js';
import { CloseCode, type Frame } from '@atlas/protocol';
import type { LinkWire, WireEvents } from '../upstream/link-wire';
import { MAX_LINK_BUFFERED_BYTES } from '../upstream/upstream-link';
import { answerInternalError, checkUpgrade } from './upgrade';

/** Where game servers dial in. */
export const LINK_PATH = '/atlas/link';
/** The upgrade header with the dialling server's pre-shared-key proof (lower case, as uWS reads headers). */
export const LINK_PROOF_HEADER = 'x-atlas-link-proof';

/** What the endpoint needs from the node. */
export interface LinkEdgeOptions {
  /** Checks the upgrade's `x-atlas-link-proof` header for `serverId` (Left: why it fails). */
  verifyDial(serverId: string, header: string): E.Either<{ readonly message: string }, void>;
  /** `yes` when `serverId` is registered, dials the node and has no live link; why not otherwise. */
  awaits(serverId: string): 'yes' | 'no-server' | 'live';
  /** Opens the server's link on the socket; undefined: the link is gone (the socket is closed). */
  accept(serverId: string, wire: LinkWire): WireEvents | undefined;
  /** uWS's hard cap on one frame from a server. */
  readonly maxPayloadLength: number;
  /** An upgrade was refused: `status` is the HTTP status line. */
  refused?(status: string, why: string): void;
  /** A handler threw (a bug): log it. */
  onError(where: string, e: unknown): void;
}

interface SocketData {
  readonly serverId: string;
  events?: WireEvents;
  closed: boolean;
}

/** Status uWS returns when a send was dropped at the backpressure limit. */
const DROPPED = 2;
const text = new TextDecoder();

/** Mounts `LINK_PATH` on `app` (the node's private link listener, or its public port when links need the PSK). */
export function mountLinkEdge(app: uWS.TemplatedApp, o: LinkEdgeOptions): void {
  app.ws<SocketData>(LINK_PATH, {
    maxPayloadLength: o.maxPayloadLength,
    idleTimeout: 0,
    // The link fails itself above MAX_LINK_BUFFERED_BYTES; uWS must not drop a frame before that.
    maxBackpressure: 2 * MAX_LINK_BUFFERED_BYTES,
    closeOnBackpressureLimit: 0,
    compression: uWS.DISABLED,
    sendPingsAutomatically: false,
    upgrade: (res, req, context) => {
      const refuse = (status: string, why: string): void => {
        o.refused?.(status, why);
        res.cork(() => res.writeStatus(status).end(why, true));
      };
      try {
        const key = req.getHeader('sec-websocket-key');
        const valid = checkUpgrade({ method: req.getMethod(), upgrade: req.getHeader('upgrade'), connection: req.getHeader('connection'), key, version: req.getHeader('sec-websocket-version') });
        if (E.isLeft(valid)) return refuse(valid.left.status, valid.left.reason);
        const serverId = new URLSearchParams(req.getQuery() ?? '').get('server') ?? '';
        if (serverId === '') return refuse('400 Bad Request', 'the link URL needs ?server=<the id registration gave>');
        // Before anything about the registry is said: an unauthenticated dialler learns nothing.
        const proven = o.verifyDial(serverId, req.getHeader(LINK_PROOF_HEADER));
        if (E.isLeft(proven)) return refuse('401 Unauthorized', proven.left.message);
        const verdict = o.awaits(serverId);
        if (verdict === 'no-server') return refuse('404 Not Found', 'no game server with this id is registered to dial this node');
        if (verdict === 'live') return refuse('409 Conflict', 'this server has a live link: dial again once it is down');
        const data: SocketData = { serverId, closed: false };
        res.upgrade(data, key, req.getHeader('sec-websocket-protocol'), req.getHeader('sec-websocket-extensions'), context);
      } catch (e) {
        o.onError('link upgrade', e);
        answerInternalError(res);
      }
    },
    open: (ws) => {
      const data = ws.getUserData();
      try {
        data.events = o.accept(data.serverId, uwsWire(ws, data));
        if (data.events === undefined) ws.end(CloseCode.DuplicateLink, 'this node no longer links to the server');
      } catch (e) {
        o.onError('link open', e);
        ws.end(CloseCode.InternalError, 'internal error');
      }
    },
    message: (ws, message, isBinary) => {
      try {
        // The frame outlives this callback (uWS reuses `message`): the link gets a copy.
        const frame: Frame = isBinary ? new Uint8Array(message.slice(0)) : text.decode(message);
        ws.getUserData().events?.frame(frame);
      } catch (e) {
        o.onError('link message', e);
      }
    },
    close: (ws, code, message) => {
      const data = ws.getUserData();
      data.closed = true;
      try {
        data.events?.closed(code, `closed ${code} ${text.decode(message)}`);
      } catch (e) {
        o.onError('link close', e);
      }
    },
  });
}

/** The LinkWire over one accepted uWS socket; inert once its close event ran (uWS forbids touching it then). */
function uwsWire(ws: uWS.WebSocket<SocketData>, data: SocketData): LinkWire {
  return {
    send(frame: Frame): boolean {
      if (data.closed) return false;
      let status = 0;
      // Sends come from timers and setImmediate, outside uWS's callbacks: cork makes each one syscall.
      ws.cork(() => {
        status = typeof frame === 'string' ? ws.send(frame, false, false) : ws.send(frame, true, false);
      });
      return status !== DROPPED;
    },
    bufferedAmount: () => (data.closed ? 0 : ws.getBufferedAmount()),
    close(code: number, reason: string): void {
      if (!data.closed) ws.end(code, reason);
    },
    terminate(): void {
      if (!data.closed) ws.close();
    },
  };
}
