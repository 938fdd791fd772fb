// A bare uWebSockets.js echo server, run as a child process (this same bundle with
// `--role echo PORT`): the endpoint of the load tester's raw mode, so the generator's
// own send rate per core is measured against a server that costs it nothing extra.
import { spawnChild, type Child } from './processes';

/** Serves ws://127.0.0.1:PORT/ echoing every message; never returns. */
export function runEchoServer(port: number): void {
  const uWS = require('uWebSockets.js') as typeof import('uWebSockets.js');
  uWS
    .App()
    .ws('/*', {
      compression: uWS.DISABLED,
      maxPayloadLength: 1 << 20,
      idleTimeout: 0,
      message: (ws, message, isBinary) => {
        ws.send(message, isBinary);
      },
    })
    .listen('127.0.0.1', port, (ok) => {
      process.stdout.write(ok === false ? `echo: cannot listen on ${port}\n` : `echo: listening on ${port}\n`);
      if (ok === false) process.exit(1);
    });
}

/** Starts the echo server child on `port`. */
export async function startEcho(port: number): Promise<Child> {
  const child = spawnChild('echo', process.execPath, [__filename, '--role', 'echo', String(port)]);
  await child.waitForLine((l) => l.startsWith('echo: listening'), 10_000);
  return child;
}
