// The part of the WebSocket API the client uses: the browser's WebSocket and the `ws`
// package's both fit, so Node code passes `ws`'s class (Node 20 has no global one).

/** A WebSocket constructor (`globalThis.WebSocket`, or `WebSocket` from the `ws` package). */
export type WebSocketConstructor = new (url: string) => unknown;

/** What the client calls on a socket. */
export interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: Uint8Array | string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onclose: ((event: { readonly code: number; readonly reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/** readyState of an open socket. */
export const OPEN = 1;

/** Opens a socket with `WebSocketImpl`, or fails with a message when none is available. */
export function openSocket(WebSocketImpl: WebSocketConstructor | undefined, url: string): SocketLike | string {
  const Impl = WebSocketImpl ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (Impl === undefined) return 'no WebSocket implementation: pass the `WebSocket` option (e.g. the `ws` package in Node)';
  try {
    const socket = new Impl(url) as SocketLike;
    socket.binaryType = 'arraybuffer';
    return socket;
  } catch (error) {
    return `cannot open ${url}: ${String(error)}`;
  }
}

/** A received message's data as a frame: bytes for binary messages, text for text messages. */
export function frameOf(data: unknown): Uint8Array | string | undefined {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return undefined;
}
