/**
 * What a listener answers when no route took a request: uWS otherwise drops it without a
 * word. `trackRoutes` records every route mounted on an app, so the fallback can tell an
 * unknown path (404) from a wrong method (405 with `Allow`) and a plain GET of a WebSocket
 * path (426), always with a JSON body. See docs/http-api.md.
 */
import type { TemplatedApp } from 'uWebSockets.js';
import type { Logger } from 'winston';
import { jsonReply, type HttpReply } from './reply';
import { uwsRoute } from './uws-io';

/** A route as mounted: the HTTP method it answers and its uWS pattern (`/api/v1/servers/:id`). */
export interface KnownRoute {
  readonly method: string;
  readonly pattern: string;
  /** A WebSocket route: a GET without `Upgrade: websocket` is not for it. */
  readonly upgrade: boolean;
}

/** An app whose route-mounting calls are recorded, and what was recorded. */
export interface TrackedApp {
  readonly app: TemplatedApp;
  readonly routes: readonly KnownRoute[];
}

const METHODS: Readonly<Record<string, string>> = { get: 'GET', post: 'POST', put: 'PUT', del: 'DELETE', patch: 'PATCH', head: 'HEAD', options: 'OPTIONS', ws: 'GET' };

/** Wraps `app` so that `get`/`post`/.../`ws` calls are recorded before they reach uWS. */
export function trackRoutes(app: TemplatedApp): TrackedApp {
  const routes: KnownRoute[] = [];
  const tracked: TemplatedApp = new Proxy(app, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop);
      if (typeof value !== 'function') return value;
      const method = typeof prop === 'string' ? METHODS[prop] : undefined;
      if (method === undefined) return value.bind(target);
      return (pattern: string, ...rest: unknown[]) => {
        routes.push({ method, pattern, upgrade: prop === 'ws' });
        value.call(target, pattern, ...rest);
        return tracked;
      };
    },
  });
  return { app: tracked, routes };
}

function matches(pattern: string, path: string): boolean {
  const want = pattern.split('/');
  const got = path.split('/');
  for (let i = 0; i < want.length; i++) {
    const part = want[i] ?? '';
    if (part === '*') return true;
    if (i >= got.length) return false;
    if (part.startsWith(':') ? got[i] === '' : part !== got[i]) return false;
  }
  return want.length === got.length;
}

/** The answer to a request no route took: 426, 405 (with `Allow`) or 404. */
export function unmatchedReply(method: string, path: string, routes: readonly KnownRoute[]): HttpReply {
  const here = routes.filter((r) => matches(r.pattern, path));
  if (method === 'GET' && here.some((r) => r.upgrade)) {
    return jsonReply(426, { error: `${path} is a WebSocket endpoint: send Upgrade: websocket` }, { Upgrade: 'websocket', 'Sec-WebSocket-Version': '13' });
  }
  const allowed = [...new Set(here.map((r) => r.method))];
  if (allowed.length > 0) {
    return jsonReply(405, { error: `method ${method} not allowed on ${path}`, allow: allowed }, { Allow: allowed.join(', ') });
  }
  return jsonReply(404, { error: `no route for ${method} ${path}` });
}

/** Mounts the fallback (`any /*`) on a tracked app; specific routes still win in uWS's router. */
export function mountFallbackRoute(tracked: TrackedApp, logger: Logger): void {
  tracked.app.any('/*', uwsRoute(logger.child({ component: 'http' }), (ctx) => unmatchedReply(ctx.method, ctx.url, tracked.routes)));
}
