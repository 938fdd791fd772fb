// The built apps as child processes for the deployment tests: start a bundle with an
// environment, wait for a line it prints, stop it with a signal and read its exit.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './compose';

/** One running app bundle. */
export interface AppProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Everything it printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** Resolves with the first line (past or future) matching `re`; rejects on exit or after `ms`. */
  waitFor(re: RegExp, ms?: number): Promise<string>;
  /** Resolves with the exit code (or the signal's name). */
  readonly exited: Promise<number | string>;
  /** Sends `signal` (default SIGTERM) and waits for the exit; SIGKILL after `ms`. */
  stop(signal?: NodeJS.Signals, ms?: number): Promise<number | string>;
}

/** The bundle of `app` (apps/<app>/dist/main.js). */
export function bundleOf(app: string): string {
  return join(REPO, 'apps', app, 'dist/main.js');
}

/** Starts `apps/<app>/dist/main.js` with `args` and exactly `env` (plus PATH). */
export function startApp(name: string, app: string, args: readonly string[], env: Readonly<Record<string, string>>): AppProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', bundleOf(app), ...args], {
    cwd: REPO,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: Array<{ re: RegExp; resolve: (line: string) => void }> = [];
  let text = '';
  const take = (chunk: Buffer): void => {
    text += chunk.toString('utf8');
    let at: number;
    while ((at = text.indexOf('\n')) >= 0) {
      const line = text.slice(0, at);
      text = text.slice(at + 1);
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.re.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const output = (): string => [...lines, text].join('\n').slice(-6000);
  return {
    name,
    child,
    output,
    exited,
    waitFor(re, ms = 20_000) {
      const seen = lines.find((l) => re.test(l));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name}: no line matching ${re} within ${ms} ms:\n${output()}`)), ms);
        waiters.push({ re, resolve: (line) => (clearTimeout(timer), resolve(line)) });
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`${name} exited (${code}) before printing ${re}:\n${output()}`));
        });
      });
    },
    async stop(signal = 'SIGTERM', ms = 30_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), ms);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Polls `check` every 100 ms until it returns true; throws `what` after `ms` (a function is asked then, for the state at the timeout). */
export async function until(check: () => boolean | Promise<boolean>, ms: number, what: string | (() => string)): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms: ${typeof what === 'function' ? what() : what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Replaces the value after the first `name` in an argument list (appends the pair when absent). */
export function withArg(args: readonly string[], name: string, value: string): string[] {
  const out = [...args];
  const at = out.indexOf(name);
  if (at < 0) out.push(name, value);
  else out[at + 1] = value;
  return out;
}

/** Drops every `name value` pair from an argument list. */
export function withoutArg(args: readonly string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === name) i++;
    else out.push(args[i]!);
  }
  return out;
}
