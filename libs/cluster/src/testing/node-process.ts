// A Node script as a child process for process-level tests (nodes, sim-servers, the
// load tester): output kept for assertions and failure messages, a promise for the
// line that says it is ready, and a stop that cannot hang on a child ignoring SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';

/** A spawned `node` child. */
export interface NodeChild {
  readonly process: ChildProcess;
  /** Resolves with the first stdout line matching `ready`; rejects if the child exits first. */
  readonly ready: Promise<string>;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
  /** Everything it wrote to stdout so far. */
  stdout(): string;
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM, then SIGKILL after `graceMs` (default 3000); at once if it has already exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Options of {@link spawnNodeScript}. */
export interface NodeChildOptions {
  /** The stdout line that means ready. */
  readonly ready: RegExp;
  /** Added to this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Default: this process's working directory. */
  readonly cwd?: string;
}

/** Spawns `node script args` with stdout and stderr piped and kept. */
export function spawnNodeScript(script: string, args: readonly string[], options: NodeChildOptions): NodeChild {
  const child = spawn(process.execPath, [script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  const ready = new Promise<string>((res, rej) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => options.ready.test(l));
      if (line !== undefined) res(line);
    });
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    void exited.then((code) => rej(new Error(`${script} exited (${code}) before ready: ${err.slice(-2000)}`)));
  });
  // A test that never awaits `ready` (it waits for `exited`) must not see an unhandled rejection.
  ready.catch(() => undefined);
  return {
    process: child,
    ready,
    exited,
    stdout: () => out,
    stderr: () => err,
    async stop(graceMs = 3000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
