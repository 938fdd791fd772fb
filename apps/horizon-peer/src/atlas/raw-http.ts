/**
 * Horizon's HTTP client: one TCP connection per request, a hand-written HTTP/1.1 request
 * with `Connection: close`, the answer read to EOF, split at the first blank line; the
 * status line must contain "200" or "201". No chunked decoding, no redirects, no TLS.
 *
 * Followed: Far-Beyond-Dev/Horizon `crates/game_server/src/atlas_client.rs` (b11774f)
 * lines 296-345 (`http_request`), timeouts from lines 44-52 (10 s read and write).
 */
import { connect } from 'node:net';
import * as E from 'fp-ts/lib/Either.js';

/** Horizon's `AtlasConfig::timeout`. */
export const HORIZON_HTTP_TIMEOUT_MS = 10_000;

/** Splits `host:port` (Horizon's `HORIZON_ATLAS_URL` with `http://` trimmed). */
export function splitHostPort(address: string): E.Either<string, { host: string; port: number }> {
  const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(address);
  const port = Number(match?.[2]);
  if (match === null || port < 1 || port > 65535) return E.left(`expected host:port, got ${JSON.stringify(address)}`);
  return E.right({ host: match[1] ?? '', port });
}

/** The request text exactly as atlas_client.rs:306-316 formats it. */
export function requestText(method: string, path: string, hostHeader: string, body: string | undefined): string {
  return body === undefined
    ? `${method} ${path} HTTP/1.1\r\nHost: ${hostHeader}\r\nConnection: close\r\n\r\n`
    : `${method} ${path} HTTP/1.1\r\nHost: ${hostHeader}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/** Applies Horizon's status rule to a raw response; Right is the body text. */
export function judgeResponse(response: string): E.Either<string, string> {
  const at = response.indexOf('\r\n\r\n');
  if (at < 0) return E.left('Invalid HTTP response');
  const statusLine = response.slice(0, at).split('\n')[0] ?? '';
  const body = response.slice(at + 4);
  if (statusLine.includes('200') || statusLine.includes('201')) return E.right(body);
  if (statusLine.includes('404')) return E.left('Not found');
  if (statusLine.includes('409')) return E.left(`Conflict: ${body}`);
  return E.left(`HTTP error: ${statusLine.trim()}`);
}

/** One request the way Horizon makes it; Left is Horizon's error text. */
export function horizonRequest(atlas: string, method: string, path: string, body?: string): Promise<E.Either<string, string>> {
  const target = splitHostPort(atlas);
  if (E.isLeft(target)) return Promise.resolve(E.left(`Failed to connect to Atlas: ${target.left}`));
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const done = (result: E.Either<string, string>): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(result);
    };
    const socket = connect({ host: target.right.host, port: target.right.port }, () => {
      socket.write(requestText(method, path, atlas, body));
    });
    // read_to_string: a read that stalls for the timeout is an error, not a short body.
    socket.setTimeout(HORIZON_HTTP_TIMEOUT_MS, () => done(E.left('Failed to read response: timed out')));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => done(judgeResponse(Buffer.concat(chunks).toString('utf8'))));
    socket.on('error', (error) => done(E.left(`${chunks.length === 0 ? 'Failed to connect to Atlas' : 'Failed to read response'}: ${error.message}`)));
  });
}
