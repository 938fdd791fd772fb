// Child processes of the harness (sim-servers, atlas-node, nginx, the echo server):
// spawned with piped output kept for error messages, stopped by their own pid, and
// killed if the harness itself exits first, so a failed run leaves nothing behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { get } from 'node:http';

/** A running child. */
export interface Child {
  readonly name: string;
  readonly pid: number;
  readonly process: ChildProcess;
  /** The last lines it printed (stdout and stderr), for error messages. */
  readonly tail: string[];
  /** Resolves with the first output line that `match` accepts (rejects on exit or timeout). */
  waitForLine(match: (line: string) => boolean, timeoutMs: number): Promise<string>;
  /** Sends `signal` (default SIGTERM), waits up to `graceMs`, then SIGKILL. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

const running = new Set<Child>();
let hooked = false;

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const c of running) {
      try {
        process.kill(c.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

/** Starts `command args` as a child named `name`. */
export function spawnChild(name: string, command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Child {
  hookExit();
  const proc = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (proc.pid === undefined) throw new Error(`${name}: cannot start ${command}`);
  const tail: string[] = [];
  const listeners = new Set<(line: string) => void>();
  const onData = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line === '') continue;
      tail.push(line);
      if (tail.length > 40) tail.shift();
      for (const l of listeners) l(line);
    }
  };
  proc.stdout?.on('data', onData);
  proc.stderr?.on('data', onData);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const child: Child = {
    name,
    pid: proc.pid,
    process: proc,
    tail,
    waitForLine(match, timeoutMs) {
      const seen = tail.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const done = (): void => {
          listeners.delete(listener);
          clearTimeout(timer);
          proc.off('exit', onExit);
        };
        const listener = (line: string): void => {
          if (!match(line)) return;
          done();
          resolve(line);
        };
        const onExit = (code: number | null, signal: string | null): void => {
          done();
          reject(new Error(`${name} exited (${signal ?? code}) before it was ready:\n  ${tail.join('\n  ')}`));
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${name} not ready after ${timeoutMs} ms:\n  ${tail.join('\n  ')}`));
        }, timeoutMs);
        listeners.add(listener);
        proc.once('exit', onExit);
      });
    },
    async stop(signal = 'SIGTERM', graceMs = 5000) {
      if (proc.exitCode !== null || proc.signalCode !== null) {
        running.delete(child);
        return;
      }
      proc.kill(signal);
      const timer = new Promise<'late'>((r) => setTimeout(() => r('late'), graceMs).unref());
      if ((await Promise.race([exited, timer])) === 'late') {
        proc.kill('SIGKILL');
        await exited;
      }
      running.delete(child);
    },
  };
  running.add(child);
  proc.once('exit', () => running.delete(child));
  return child;
}

/** GET `url`: status and body (undefined when the connection fails). */
export function httpGet(url: string, timeoutMs = 2000): Promise<{ status: number; body: string } | undefined> {
  return new Promise((resolve) => {
    const req = get(url, { timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}

/** Polls `check` every 100 ms until it returns true; throws `what` after `timeoutMs`. */
export async function waitUntil(what: string, timeoutMs: number, check: () => Promise<boolean> | boolean): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
