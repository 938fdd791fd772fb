// uWebSockets.js is a CommonJS module whose exports Node's ESM loader cannot see by
// name, so an ESM build gets everything under `default`; this works in both formats.
import * as uWSNamespace from 'uWebSockets.js';

type UWS = typeof uWSNamespace;

/** The uWebSockets.js module, whichever way it was loaded. */
export const uWS: UWS = ((uWSNamespace as unknown as { default?: UWS }).default ?? uWSNamespace) as UWS;

export type { TemplatedApp, WebSocket as UwsWebSocket, us_listen_socket, us_socket } from 'uWebSockets.js';
