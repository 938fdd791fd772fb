// Small helpers around uWebSockets.js apps.
import uWS from 'uWebSockets.js';

/** Listens on host:port; resolves with the listen socket, or false when binding failed. */
export function listen(app: uWS.TemplatedApp, host: string, port: number): Promise<uWS.us_listen_socket | false> {
  return new Promise((resolve) => app.listen(host, port, (socket) => resolve(socket)));
}

/** Closes every socket of a uWS app (native since uWS 20.x, missing from the 20.30 typings). */
export function closeApp(app: uWS.TemplatedApp): void {
  const close = (app as unknown as { close?: () => void }).close;
  if (typeof close === 'function') close.call(app);
}
