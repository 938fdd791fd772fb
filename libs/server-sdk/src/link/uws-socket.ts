// Adapts a uWebSockets.js WebSocket to the LinkSocket a NodeLink writes to. Sends are
// corked (one syscall for the frame), and a dropped send (status 2) is reported.
import type { UwsWebSocket } from './uws';
import type { Frame } from '@atlas/protocol';
import type { LinkSocket } from './node-link';

/** Status uWS returns when a send was dropped because the backpressure limit was hit. */
const DROPPED = 2;

/** The LinkSocket over one uWS socket; never call it after the socket's close event. */
export function uwsSocket<T>(ws: UwsWebSocket<T>): LinkSocket {
  return {
    send(frame: Frame): boolean {
      let status = 0;
      ws.cork(() => {
        status = typeof frame === 'string' ? ws.send(frame, false) : ws.send(frame, true);
      });
      return status !== DROPPED;
    },
    end(code: number, reason: string): void {
      ws.end(code, reason);
    },
  };
}
