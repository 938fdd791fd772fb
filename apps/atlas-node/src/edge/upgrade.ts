// Validation of a WebSocket upgrade request before uWebSockets.js accepts it (it
// answers 101 to some malformed requests on its own): RFC 6455 section 4.2.1.
import * as E from 'fp-ts/lib/Either.js';
import type { HttpResponse } from 'uWebSockets.js';

/** The headers the check reads (lower-case names). */
export interface UpgradeHeaders {
  readonly method: string;
  readonly upgrade: string;
  readonly connection: string;
  readonly key: string;
  readonly version: string;
}

/** A refused upgrade: an HTTP status line and a one-line reason for the body. */
export interface UpgradeRefusal {
  readonly status: string;
  readonly reason: string;
}

const KEY = /^[A-Za-z0-9+/]{22}==$/;

/** Right when the request is a well-formed WebSocket upgrade. */
export function checkUpgrade(h: UpgradeHeaders): E.Either<UpgradeRefusal, void> {
  if (h.method.toLowerCase() !== 'get') return E.left({ status: '405 Method Not Allowed', reason: 'WebSocket upgrades must use GET' });
  if (h.upgrade.toLowerCase() !== 'websocket') return E.left({ status: '426 Upgrade Required', reason: 'expected "Upgrade: websocket"' });
  if (!h.connection.toLowerCase().split(',').some((t) => t.trim() === 'upgrade')) {
    return E.left({ status: '400 Bad Request', reason: 'expected "Connection: Upgrade"' });
  }
  // A 16-byte nonce in base64 is exactly 24 characters ending in "==".
  if (!KEY.test(h.key)) return E.left({ status: '400 Bad Request', reason: 'Sec-WebSocket-Key must be 16 bytes in base64' });
  if (h.version !== '13') return E.left({ status: '426 Upgrade Required', reason: 'Sec-WebSocket-Version must be 13' });
  return E.right(undefined);
}

/** Answers 500 to an upgrade whose handler threw; the request may already be gone. */
export function answerInternalError(res: HttpResponse): void {
  try {
    res.cork(() => res.writeStatus('500 Internal Server Error').end('internal error', true));
  } catch {
    // the request is gone
  }
}
