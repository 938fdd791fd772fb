// The wire of a link the node dials: a `ws` client socket (no permessage-deflate).
import { publicUrl } from '@atlas/config';
import type { Frame } from '@atlas/protocol';
import WebSocket from 'ws';
import type { LinkWire, WireEvents } from './link-wire';

/** How to dial. */
export interface DialOptions {
  /** Largest frame accepted from the server. */
  readonly maxFrameBytes: number;
  /** Time for the WebSocket upgrade, ms. */
  readonly handshakeTimeoutMs: number;
}

/** Close code reported when the socket failed without a close frame (as browsers report it). */
const ABNORMAL_CLOSURE = 1006;

/**
 * Dials `address`; the socket's events go to what `eventsFor` gives for its wire. Left: the
 * address cannot be dialled (its reason names no secret).
 */
export function dialWire(address: string, options: DialOptions, eventsFor: (wire: LinkWire) => WireEvents): { readonly wire: LinkWire } | { readonly error: string } {
  let ws: WebSocket;
  try {
    ws = new WebSocket(address, { perMessageDeflate: false, maxPayload: options.maxFrameBytes, handshakeTimeout: options.handshakeTimeoutMs });
  } catch (e) {
    // The library's message quotes the URL, secrets and all.
    return { error: `bad address ${publicUrl(address)} (${(e as Error).name})` };
  }
  ws.binaryType = 'nodebuffer';
  const wire: LinkWire = {
    send(frame: Frame): boolean {
      if (ws.readyState !== WebSocket.OPEN) return false;
      // `ws` may hold the buffer until the socket drains: hand it a copy of the caller's view.
      ws.send(typeof frame === 'string' ? frame : frame.slice(), { binary: typeof frame !== 'string', compress: false });
      return true;
    },
    bufferedAmount: () => ws.bufferedAmount,
    close(code: number, reason: string): void {
      try {
        ws.close(code, reason);
      } catch {
        ws.terminate();
      }
      // A peer that never answers the close must not keep the process alive.
      setTimeout(() => ws.terminate(), 1000).unref();
    },
    terminate: () => ws.terminate(),
  };
  const events = eventsFor(wire);
  let closed = false;
  const closedOnce = (code: number, reason: string): void => {
    if (closed) return;
    closed = true;
    events.closed(code, reason);
  };
  ws.on('open', () => events.open());
  ws.on('message', (data: Buffer, isBinary: boolean) => events.frame(isBinary ? data : data.toString('utf8')));
  ws.on('close', (code: number, reason: Buffer) => closedOnce(code, `closed ${code} ${reason.toString()}`));
  ws.on('error', (e: Error) => closedOnce(ABNORMAL_CLOSURE, e.message));
  return { wire };
}
