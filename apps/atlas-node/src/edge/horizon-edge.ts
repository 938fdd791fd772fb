// `/horizon` on the node's uWS app: Horizon clients connect here instead of to a Horizon
// server, speaking Horizon's own protocol (JSON text frames). Atlas authenticates them with
// its player token, in the query string (`?token=`) at upgrade, and places them by their
// spawn position (`?x=&y=&z=`, default the origin, where Horizon spawns players).
// Binary frames are not Horizon's: dropped, as Horizon drops them.
import * as E from 'fp-ts/lib/Either.js';
import uWS from 'uWebSockets.js';
import type { HorizonPlayer, HorizonPlayers } from '../routing/horizon-players';
import type { PlayerAuth } from '../session/auth';
import { checkUpgrade } from './upgrade';

/** The documented path of Horizon clients (docs/horizon.md). */
export const HORIZON_CLIENT_PATH = '/horizon';
/** Close code: no Horizon server owns the spawn position. */
export const CLOSE_NO_HORIZON_SERVER = 4404;

/** What the endpoint needs. */
export interface HorizonEdgeOptions {
  readonly players: HorizonPlayers;
  readonly auth: PlayerAuth;
  readonly maxPayloadLength: number;
  /** `limits.max_frame_bytes`, read per message. */
  maxFrameBytes(): number;
  draining(): boolean;
  onError(where: string, e: unknown): void;
  /** A refused or closed client, for logs and metrics. */
  refused(reason: string): void;
}

interface HorizonSocketData {
  playerId: string;
  spawn: { x: number; y: number; z: number };
  player: HorizonPlayer | null;
}

function spawnOf(query: URLSearchParams): { x: number; y: number; z: number } {
  const n = (k: string): number => {
    const v = Number(query.get(k) ?? '0');
    return Number.isFinite(v) ? v : 0;
  };
  return { x: n('x'), y: n('y'), z: n('z') };
}

/** Mounts the Horizon client endpoint on `app`. */
export function mountHorizonEdge(app: uWS.TemplatedApp, o: HorizonEdgeOptions): void {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  app.ws<HorizonSocketData>(HORIZON_CLIENT_PATH, {
    maxPayloadLength: o.maxPayloadLength,
    idleTimeout: 0,
    compression: uWS.DISABLED,
    upgrade: (res, req, context) => {
      try {
        const key = req.getHeader('sec-websocket-key');
        const valid = checkUpgrade({ method: req.getMethod(), upgrade: req.getHeader('upgrade'), connection: req.getHeader('connection'), key, version: req.getHeader('sec-websocket-version') });
        if (E.isLeft(valid)) {
          res.cork(() => res.writeStatus(valid.left.status).end(valid.left.reason, true));
          return;
        }
        if (o.draining()) {
          res.cork(() => res.writeStatus('503 Service Unavailable').end('node is draining', true));
          return;
        }
        const query = new URLSearchParams(req.getQuery() ?? '');
        const identity = o.auth.authenticate(query.get('token') ?? '');
        if (E.isLeft(identity)) {
          o.refused(identity.left.reason);
          res.cork(() => res.writeStatus('401 Unauthorized').end(identity.left.message, true));
          return;
        }
        const data: HorizonSocketData = { playerId: identity.right.playerId, spawn: spawnOf(query), player: null };
        res.upgrade(data, key, req.getHeader('sec-websocket-protocol'), req.getHeader('sec-websocket-extensions'), context);
      } catch (e) {
        o.onError('horizon upgrade', e);
      }
    },
    open: (ws) => {
      try {
        const data = ws.getUserData();
        data.player = o.players.join(data.playerId, { send: (text) => void ws.send(text, false), close: (code, reason) => ws.end(code, reason) }, data.spawn);
        if (data.player === null) {
          o.refused('no_horizon_server');
          ws.end(CLOSE_NO_HORIZON_SERVER, 'no Horizon server owns the spawn position');
        }
      } catch (e) {
        o.onError('horizon open', e);
        ws.end(1011, 'internal error');
      }
    },
    message: (ws, message, isBinary) => {
      try {
        const player = ws.getUserData().player;
        if (player === null || isBinary) return;
        if (message.byteLength > o.maxFrameBytes()) {
          o.refused('frame_too_large');
          ws.end(1009, 'frame too large');
          return;
        }
        let text: string;
        try {
          text = decoder.decode(message);
        } catch {
          o.refused('invalid_utf8');
          ws.end(1007, 'text frame is not UTF-8');
          return;
        }
        o.players.text(player, text);
      } catch (e) {
        o.onError('horizon message', e);
      }
    },
    close: (ws) => {
      try {
        const data = ws.getUserData();
        if (data.player !== null) o.players.leave(data.player);
        data.player = null;
      } catch (e) {
        o.onError('horizon close', e);
      }
    },
  });
}
