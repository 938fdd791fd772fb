/** What a route answers, independent of uWS, so handlers are plain functions tests can call. */

/** A complete HTTP answer. */
export interface HttpReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

const STATUS_LINES: Readonly<Record<number, string>> = {
  200: '200 OK',
  201: '201 Created',
  204: '204 No Content',
  400: '400 Bad Request',
  401: '401 Unauthorized',
  403: '403 Forbidden',
  404: '404 Not Found',
  405: '405 Method Not Allowed',
  409: '409 Conflict',
  413: '413 Payload Too Large',
  415: '415 Unsupported Media Type',
  426: '426 Upgrade Required',
  500: '500 Internal Server Error',
  503: '503 Service Unavailable',
};

/** The status line uWS wants (`writeStatus('404 Not Found')`). */
export function statusLine(status: number): string {
  return STATUS_LINES[status] ?? String(status);
}

const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT_TYPE = 'text/plain; charset=utf-8';

/** A JSON answer (never cached: every body here is live state). */
export function jsonReply(status: number, body: unknown, headers?: Readonly<Record<string, string>>): HttpReply {
  return { status, contentType: JSON_TYPE, body: JSON.stringify(body), headers: { 'Cache-Control': 'no-store', ...headers } };
}

/** A plain-text answer. */
export function textReply(status: number, body: string, contentType = TEXT_TYPE, headers?: Readonly<Record<string, string>>): HttpReply {
  return { status, contentType, body, headers: { 'Cache-Control': 'no-store', ...headers } };
}

/** The error shape of every `/api/v1` route: Horizon's `{success, message}` plus every reason. */
export function apiError(status: number, message: string, errors: readonly string[] = [], headers?: Readonly<Record<string, string>>): HttpReply {
  return jsonReply(status, { success: false, message, errors: errors.length > 0 ? errors : [message] }, headers);
}
