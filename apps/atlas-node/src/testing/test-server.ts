/** Boots a real uWS app on 127.0.0.1 and a free port for tests; `close()` frees the port. */
import { request as httpRequest } from 'node:http';
import uWS from 'uWebSockets.js';

/** A listening test app. */
export interface BootedApp {
  readonly app: uWS.TemplatedApp;
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  close(): void;
}

/** Creates an app, lets `mount` add routes, listens on port 0. */
export function bootApp(mount: (app: uWS.TemplatedApp) => void, host = '127.0.0.1'): Promise<BootedApp> {
  const app = uWS.App();
  mount(app);
  return new Promise((resolve, reject) => {
    app.listen(host, 0, (socket) => {
      if (socket === false) {
        reject(new Error('uWS could not listen'));
        return;
      }
      const port = uWS.us_socket_local_port(socket);
      resolve({
        app,
        port,
        url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
        // uWS 20.30 has no app.close(): closing the listen socket stops new connections;
        // idle keep-alive connections close when their peer (fetch's pool) lets go.
        close: () => uWS.us_listen_socket_close(socket),
      });
    });
  });
}

/**
 * A `fetch`-shaped client that closes its connection after each request. Jest runs
 * tests in a vm context whose `fetch` pools connections in the outer realm, where a
 * test cannot close them, so they would keep uWS (and Jest) alive after a suite.
 */
export function request(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method ?? 'GET', headers: init.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const headers = new Headers();
        for (const [key, value] of Object.entries(res.headers)) {
          if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
        }
        const status = res.statusCode ?? 0;
        const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
        resolve(new Response(body, { status, headers }));
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}
