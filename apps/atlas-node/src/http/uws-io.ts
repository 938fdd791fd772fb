/**
 * The only place that touches uWS request/response objects for the HTTP routes.
 * uWS rules kept here: the request object is valid only during the synchronous part
 * of the handler (headers, params and peer are copied first); an async answer needs
 * `onAborted` first and must check it before writing; writes after the handler's
 * synchronous part are corked; body chunks are copied (their buffers are reused).
 */
import type { HttpRequest, HttpResponse } from 'uWebSockets.js';
import type { Logger } from 'winston';
import { jsonNestsDeeper, MAX_JSON_DEPTH } from './json-depth';
import { LogLimiter } from './log-limiter';
import { normalisePeer } from './peer';
import { apiError, statusLine, type HttpReply } from './reply';

/** What a handler sees of a request: copied out of uWS, valid for as long as needed. */
export interface RequestContext {
  readonly method: string;
  readonly url: string;
  /** The raw query string (without `?`). */
  readonly query: string;
  /** Peer address, normalised (`127.0.0.1`, `::1`, ...). */
  readonly peer: string;
  /** URL parameters in route order, percent-decoded. */
  readonly params: readonly string[];
  /** A request header by lower-case name ('' if absent). */
  header(name: string): string;
  /** The parsed JSON body (`undefined` for routes that take none). */
  readonly body: unknown;
}

/** A route's logic: plain, uWS-free, sync or async. */
export type RouteHandler = (ctx: RequestContext) => HttpReply | Promise<HttpReply>;

/** How a route reads its request. */
export interface RouteOptions {
  /** Read a JSON body of at most this many bytes (413 above, 415 for other content types). */
  readonly jsonBody?: { readonly maxBytes: number };
  /** How many URL parameters the route pattern has. */
  readonly params?: number;
  /** Runs before any body is read; a reply refuses the request (auth). */
  readonly guard?: (ctx: Omit<RequestContext, 'body'>) => HttpReply | null;
}

function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function isJsonType(contentType: string): boolean {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

function write(res: HttpResponse, reply: HttpReply, close: boolean, head: boolean): void {
  res.writeStatus(statusLine(reply.status));
  res.writeHeader('Content-Type', reply.contentType);
  for (const [key, value] of Object.entries(reply.headers ?? {})) res.writeHeader(key, value);
  // HEAD: the headers (and length) a GET would get, no body.
  if (head) res.endWithoutBody(Buffer.byteLength(reply.body), close);
  else res.end(reply.body, close);
}

/** A refused body is logged at most once per peer per this interval. */
export const REFUSAL_LOG_INTERVAL_MS = 60_000;

/** Wraps a {@link RouteHandler} as a uWS route handler. */
export function uwsRoute(logger: Logger, handler: RouteHandler, options: RouteOptions = {}): (res: HttpResponse, req: HttpRequest) => void {
  const refusals = new LogLimiter(REFUSAL_LOG_INTERVAL_MS);
  return (res, req) => {
    const headers = new Map<string, string>();
    req.forEach((key, value) => headers.set(key, value));
    const params: string[] = [];
    for (let i = 0; i < (options.params ?? 0); i++) params.push(decodeParam(req.getParameter(i)));
    const base = {
      method: req.getMethod().toUpperCase(),
      url: req.getUrl(),
      query: req.getQuery() ?? '',
      peer: normalisePeer(Buffer.from(res.getRemoteAddressAsText()).toString()),
      params,
      header: (name: string) => headers.get(name) ?? '',
    };

    let finished = false;
    res.onAborted(() => {
      finished = true;
    });
    const finish = (reply: HttpReply, close = false): void => {
      if (finished) return; // the client went away, or we already answered
      finished = true;
      res.cork(() => write(res, reply, close, base.method === 'HEAD'));
    };
    const run = (body: unknown): void => {
      let result: HttpReply | Promise<HttpReply>;
      try {
        result = handler({ ...base, body });
      } catch (error) {
        result = Promise.reject(error);
      }
      Promise.resolve(result).then(finish, (error: unknown) => {
        logger.error('http handler failed', { method: base.method, url: base.url, error });
        finish(apiError(500, 'internal error'));
      });
    };

    // A bad body is the sender's problem: answered every time, logged once per peer per interval.
    const refuseBody = (status: number, problem: string, close: boolean): void => {
      finish(apiError(status, status === 400 ? 'invalid body' : problem, [status === 400 ? `body: ${problem}` : problem]), close);
      const suppressed = refusals.take(base.peer);
      if (suppressed !== undefined) logger.warn('request body refused', { method: base.method, url: base.url, peer: base.peer, status, problem, suppressed });
    };

    const refusal = options.guard?.(base) ?? null;
    if (refusal !== null) {
      // Close after refusing: never read a body from someone who may not send one.
      finish(refusal, options.jsonBody !== undefined);
      return;
    }
    const limit = options.jsonBody?.maxBytes;
    if (limit === undefined) {
      run(undefined);
      return;
    }
    if (!isJsonType(base.header('content-type'))) {
      refuseBody(415, `expected Content-Type: application/json, got ${JSON.stringify(base.header('content-type').slice(0, 100))}`, true);
      return;
    }
    const declared = Number(base.header('content-length') || '0');
    if (declared > limit) {
      refuseBody(413, `body of ${declared} bytes exceeds the limit of ${limit} bytes`, true);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    res.onData((chunk, isLast) => {
      if (finished) return;
      size += chunk.byteLength;
      if (size > limit) {
        refuseBody(413, `body exceeds the limit of ${limit} bytes`, true);
        return;
      }
      chunks.push(Buffer.from(new Uint8Array(chunk))); // copy: uWS reuses the chunk's memory
      if (!isLast) return;
      const text = Buffer.concat(chunks, size).toString('utf8');
      if (text.trim() === '') {
        refuseBody(400, 'empty, expected a JSON object', false);
        return;
      }
      if (jsonNestsDeeper(text, MAX_JSON_DEPTH)) {
        refuseBody(400, `JSON nested deeper than ${MAX_JSON_DEPTH} levels`, false);
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch (error) {
        refuseBody(400, `not valid JSON (${error instanceof Error ? error.message : String(error)})`, false);
        return;
      }
      run(body);
    });
  };
}
