/**
 * `mountHttpRoutes(app, deps)`: the node's operational HTTP endpoints and the game
 * server registration API, on the node's main uWS app. See docs/http-api.md.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { TemplatedApp } from 'uWebSockets.js';
import type { HttpDeps } from './deps';
import { checkRegistrationAuth } from './auth';
import { deregisterServer, heartbeatServer, registerServer } from './registration';
import { jsonReply, textReply, type HttpReply } from './reply';
import { publicMetadataKeys, serversView } from './servers-view';
import { registrationAccess, type RegistrationAccess } from './horizon-heartbeat';
import { uwsRoute, type RequestContext, type RouteOptions } from './uws-io';

/** Largest registration or heartbeat body accepted (metadata included). */
export const MAX_API_BODY_BYTES = 64 * 1024;

/** `GET /health`: the process answers. */
export function healthReply(): HttpReply {
  return textReply(200, 'OK');
}

/** `GET /ready`: 200 while the node serves and admits players (a store outage alone does not end that), else 503. */
export function readyReply(deps: HttpDeps): HttpReply {
  return deps.isReady() ? textReply(200, 'READY') : textReply(503, 'NOT READY');
}

/** `GET /metrics`: Prometheus text exposition. */
export async function metricsReply(deps: HttpDeps): Promise<HttpReply> {
  return textReply(200, await deps.metrics.render(), deps.metrics.contentType);
}

/** `GET /servers`: the registry joined with this node's links; marked `stale` while it is the last view kept through a store outage. */
export async function serversReply(deps: HttpDeps): Promise<HttpReply> {
  const list = await deps.servers.list();
  if (E.isLeft(list)) return jsonReply(503, { error: 'cluster store unavailable' }, { 'Retry-After': '1' });
  return jsonReply(
    200,
    serversView(list.right, deps.snapshot(), deps.isReady(), publicMetadataKeys(deps.config().game_servers.public_metadata_keys), deps.registryFreshness?.(), deps.regionMap?.()),
  );
}

function registrationGuard(deps: HttpDeps): NonNullable<RouteOptions['guard']> {
  return (ctx) => {
    // Horizon sends no credentials: its source network lets it reach the handler, which accepts only Horizon requests then.
    if (registrationAccess(deps, ctx.header('authorization'), ctx.peer) !== null) return null;
    const refusal = checkRegistrationAuth(deps.config().security.registration_secret, ctx.header('authorization'), ctx.peer);
    if (refusal !== null) {
      deps.logger.child({ component: 'http' }).warn('registration API request refused', { url: ctx.url, peer: ctx.peer, status: refusal.status });
    }
    return refusal;
  };
}

/** Mounts the read-only endpoints shared by the main and the admin listener. */
export function mountStatusRoutes(app: TemplatedApp, deps: HttpDeps): void {
  const logger = deps.logger.child({ component: 'http' });
  app.get('/health', uwsRoute(logger, () => healthReply()));
  app.head('/health', uwsRoute(logger, () => healthReply()));
  app.get('/ready', uwsRoute(logger, () => readyReply(deps)));
  app.head('/ready', uwsRoute(logger, () => readyReply(deps)));
  app.get('/metrics', uwsRoute(logger, () => metricsReply(deps)));
  app.get('/servers', uwsRoute(logger, () => serversReply(deps)));
}

/** Mounts /health, /ready, /metrics, /servers and the /api/v1 registration API on `app`. */
export function mountHttpRoutes(app: TemplatedApp, deps: HttpDeps): void {
  const logger = deps.logger.child({ component: 'http' });
  mountStatusRoutes(app, deps);
  const guard = registrationGuard(deps);
  const body = { jsonBody: { maxBytes: MAX_API_BODY_BYTES }, guard };
  const access = (ctx: RequestContext): RegistrationAccess => registrationAccess(deps, ctx.header('authorization'), ctx.peer) ?? 'credentials';
  app.post('/api/v1/servers/register', uwsRoute(logger, (ctx) => traced(deps, () => registerServer(deps, ctx.body, ctx.peer, access(ctx))), body));
  app.put('/api/v1/servers/:id/heartbeat', uwsRoute(logger, (ctx) => heartbeatServer(deps, ctx.params[0] ?? '', ctx.body, access(ctx), ctx.peer), { ...body, params: 1 }));
  app.del('/api/v1/servers/:id', uwsRoute(logger, (ctx) => deregisterServer(deps, ctx.params[0] ?? '', access(ctx), ctx.peer), { guard, params: 1 }));
}

/** Runs a registration inside its span, when the node traces. */
function traced(deps: HttpDeps, run: () => Promise<HttpReply>): Promise<HttpReply> {
  return deps.tracing === undefined ? run() : deps.tracing.registration(run);
}
