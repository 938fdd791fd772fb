// Small helpers around uWebSockets.js apps.
import uWS from 'uWebSockets.js';

/**
 * uWS's `LIBUS_LISTEN_EXCLUSIVE_PORT`. By default uWS listens with SO_REUSEPORT, so a second
 * node started on a busy port also listens and the kernel splits players between the two;
 * exclusively, the second listen fails (whether or not the first used the flag).
 */
export const LISTEN_EXCLUSIVE_PORT = 1;

type ListenWithOptions = (host: string, port: number, options: number, cb: (socket: uWS.us_listen_socket | false) => void) => uWS.TemplatedApp;

/** Listens on host:port exclusively; resolves with the listen socket, or false when binding failed. */
export function listen(app: uWS.TemplatedApp, host: string, port: number): Promise<uWS.us_listen_socket | false> {
  // The 20.30 typings lack the (host, port, options, cb) overload the native code has.
  const listenWith = app.listen.bind(app) as unknown as ListenWithOptions;
  return new Promise((resolve) => listenWith(host, port, LISTEN_EXCLUSIVE_PORT, (socket) => resolve(socket)));
}

/** Why a listen failed, for the operator: uWS reports no errno, so name the likely causes. */
export function listenFailure(what: string, host: string, port: number): string {
  return `${what} cannot listen on ${host}:${port}: the port is in use (another atlas-node?) or the address is not on this machine`;
}

/** Closes every socket of a uWS app (native since uWS 20.x, missing from the 20.30 typings). */
export function closeApp(app: uWS.TemplatedApp): void {
  const close = (app as unknown as { close?: () => void }).close;
  if (typeof close === 'function') close.call(app);
}
