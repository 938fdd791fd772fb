import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer } from 'node:net';

/** A private `redis-server` child process for fault tests; stop and start it on the same port. */
export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  /** Whether the child is running. */
  running(): boolean;
  /** Kills the server (SIGKILL: a crash; SIGTERM: a clean shutdown) and waits for it to exit. */
  stop(signal?: 'SIGKILL' | 'SIGTERM'): Promise<void>;
  /** Starts it again on the same port, empty (no persistence), and waits until it answers PING. */
  start(): Promise<void>;
  /** SIGSTOP / SIGCONT: a server that hangs without closing its sockets. */
  freeze(): void;
  thaw(): void;
}

/** Options of {@link startRedisServer}. */
export interface PrivateRedisOptions {
  readonly port?: number;
  /** Default `redis-server` from PATH. */
  readonly binary?: string;
  /** Default 5000 ms. */
  readonly startTimeoutMs?: number;
}

/** Asks the OS for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** Starts `redis-server --port <free port> --save '' --appendonly no` and waits until it answers. */
export async function startRedisServer(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
  const port = options.port ?? (await freePort());
  const binary = options.binary ?? 'redis-server';
  const startTimeoutMs = options.startTimeoutMs ?? 5000;
  let child: ChildProcess | null = null;

  const start = async (): Promise<void> => {
    if (child !== null) return;
    const proc = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    child = proc;
    let failure: Error | null = null;
    proc.once('error', (error) => {
      failure = new Error(`cannot start ${binary}: ${error.message}`);
    });
    proc.once('exit', () => {
      if (child === proc) child = null;
    });
    const deadline = Date.now() + startTimeoutMs;
    while (Date.now() < deadline) {
      if (failure !== null) throw failure;
      if (child !== proc) throw new Error(`${binary} exited while starting on port ${port}`);
      if (await ping(port)) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`${binary} did not answer on port ${port} within ${startTimeoutMs} ms`);
  };

  const stop = async (signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL'): Promise<void> => {
    const proc = child;
    if (proc === null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    if (signal === 'SIGTERM') proc.kill('SIGCONT');
    proc.kill(signal);
    await exited;
    child = null;
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    running: () => child !== null,
    stop,
    start,
    freeze: () => void child?.kill('SIGSTOP'),
    thaw: () => void child?.kill('SIGCONT'),
  };
}
