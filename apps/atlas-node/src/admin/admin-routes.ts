/**
 * The admin endpoints: `/admin` (the live map), `/admin/map.js`, `/admin/state` (what
 * the map polls) and `/servers`, all behind `security.admin_token` (Bearer or
 * `?token=`; loopback-only while it is empty), plus unauthenticated `/health` and
 * `/metrics` for probes. `listenAdmin` serves them on `[admin]` address and port.
 */
import * as E from 'fp-ts/lib/Either.js';
import uWS, { type TemplatedApp } from 'uWebSockets.js';
import { checkAdminAuth } from '../http/auth';
import type { HttpDeps } from '../http/deps';
import { jsonReply, textReply, type HttpReply } from '../http/reply';
import { mountFallbackRoute, trackRoutes } from '../http/fallback';
import { healthReply, metricsReply, serversReply } from '../http/routes';
import { uwsRoute, type RouteOptions } from '../http/uws-io';
import { listen, listenFailure } from '../edge/uws-app';
import { ADMIN_HTML } from './admin-page';
import { adminScript } from './admin-script';
import { buildAdminState } from './admin-state';

const PAGE_HEADERS = {
  // The token may sit in the URL: never send it on as a referrer, never frame the page.
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

function adminGuard(deps: HttpDeps): NonNullable<RouteOptions['guard']> {
  return (ctx) => {
    const token = new URLSearchParams(ctx.query).get('token') ?? '';
    return checkAdminAuth(deps.config().security.admin_token, ctx.header('authorization'), token, ctx.peer);
  };
}

/** `GET /admin/state` body. */
export async function adminStateReply(deps: HttpDeps): Promise<HttpReply> {
  return jsonReply(200, await buildAdminState(deps));
}

/** Options of {@link mountAdminRoutes}. */
export interface AdminRouteOptions {
  /** Also mount `/servers` (token-protected), `/health` and `/metrics`. Default true; pass false on an app that already has `mountHttpRoutes`. */
  readonly statusRoutes?: boolean;
}

/** Mounts the admin page, its script and state (and by default `/servers`, `/health`, `/metrics`) on `app`. */
export function mountAdminRoutes(app: TemplatedApp, deps: HttpDeps, options: AdminRouteOptions = {}): void {
  const logger = deps.logger.child({ component: 'admin' });
  const guard = adminGuard(deps);
  // Read (or, from sources, built) now: a missing bundle fails the node's start, not a page load.
  const script = adminScript();
  app.get('/admin', uwsRoute(logger, () => textReply(200, ADMIN_HTML, 'text/html; charset=utf-8', PAGE_HEADERS), { guard }));
  app.get('/admin/', uwsRoute(logger, () => textReply(200, ADMIN_HTML, 'text/html; charset=utf-8', PAGE_HEADERS), { guard }));
  // The script is static and holds nothing secret, so it needs no token (the page loads it without one).
  app.get('/admin/map.js', uwsRoute(logger, () => textReply(200, script, 'text/javascript; charset=utf-8', { 'X-Content-Type-Options': 'nosniff' })));
  app.get('/admin/state', uwsRoute(logger, () => adminStateReply(deps), { guard }));
  if (options.statusRoutes === false) return;
  app.get('/servers', uwsRoute(logger, () => serversReply(deps), { guard }));
  app.get('/health', uwsRoute(logger, () => healthReply()));
  app.get('/metrics', uwsRoute(logger, () => metricsReply(deps)));
}

/** A running admin listener. */
export interface AdminListener {
  /** The bound port (useful with `admin.port = 0`). */
  readonly port: number;
  /** `http://<address>:<port>/admin` */
  readonly url: string;
  /** Stops accepting connections. */
  close(): void;
}

/** Serves the admin routes on `config.admin.address`/`port` on their own uWS app. */
export function listenAdmin(deps: HttpDeps): Promise<E.Either<string, AdminListener>> {
  const { address, port } = deps.config().admin;
  const app = uWS.App();
  const tracked = trackRoutes(app);
  mountAdminRoutes(tracked.app, deps);
  mountFallbackRoute(tracked, deps.logger);
  return listen(app, address, port).then((socket): E.Either<string, AdminListener> => {
    if (socket === false) return E.left(listenFailure('the admin listener (admin.address, admin.port)', address, port));
    const bound = uWS.us_socket_local_port(socket);
    const host = address.includes(':') ? `[${address}]` : address;
    deps.logger.child({ component: 'admin' }).info('admin listener started', { url: `http://${host}:${bound}/admin` });
    return E.right({ port: bound, url: `http://${host}:${bound}/admin`, close: () => uWS.us_listen_socket_close(socket) });
  });
}

