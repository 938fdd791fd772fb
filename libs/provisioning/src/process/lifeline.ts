// The lifeline: one small watchdog process per process provider. The provider holds
// the write end of its stdin and tells it each child's pid. When that pipe closes
// (the node exited, crashed or was killed with -9: the kernel closes it either way),
// the watchdog sends SIGTERM to every child's process group, SIGKILL after a grace
// period, and exits. Children need no cooperation; sim-server also exits by itself
// on EOF of its own stdin (`--exit-on-stdin-eof`).
import { spawn, type ChildProcess } from 'node:child_process';

/** The watchdog program, run with `node -e` so it needs no file on disk (bundles, images). */
export const LIFELINE_SOURCE = `
const grace = Number(process.argv[1]) || 2000;
const pids = new Set();
let buffered = '';
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => undefined);
const signal = (pid, sig) => { try { process.kill(-pid, sig); } catch { try { process.kill(pid, sig); } catch {} } };
const alive = (pid) => { try { process.kill(-pid, 0); return true; } catch { return false; } };
const release = () => {
  for (const pid of pids) signal(pid, 'SIGTERM');
  const started = Date.now();
  const poll = setInterval(() => {
    const left = [...pids].filter(alive);
    if (left.length === 0 || Date.now() - started >= grace) {
      for (const pid of left) signal(pid, 'SIGKILL');
      clearInterval(poll);
      process.exit(0);
    }
  }, 50);
};
process.stdin.on('data', (d) => {
  buffered += d;
  const lines = buffered.split('\\n');
  buffered = lines.pop();
  for (const line of lines) {
    const pid = Number(line.slice(1));
    if (line[0] === '+') pids.add(pid); else if (line[0] === '-') pids.delete(pid);
  }
});
process.stdin.on('end', release);
process.stdin.on('error', release);
process.stdout.write('ready\\n');
`;

/** The node's side of the lifeline. */
export class Lifeline {
  private readonly child: ChildProcess;
  /** Resolves once the watchdog is reading (so a pid told to it is never missed). */
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;

  constructor(graceMs: number) {
    // Detached: a terminal's Ctrl-C or a kill of the node's process group leaves it to clean up.
    this.child = spawn(process.execPath, ['-e', LIFELINE_SOURCE, String(graceMs)], { stdio: ['pipe', 'pipe', 'ignore'], detached: true });
    // Referenced until the watchdog answers, so a process that only waits for it stays up.
    this.ready = new Promise<void>((resolve) => {
      this.child.stdout?.once('data', () => resolve());
      this.child.once('exit', () => resolve());
    }).then(() => {
      unrefStream(this.child.stdout);
      this.child.unref();
    });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin?.on('error', () => undefined);
    unrefStream(this.child.stdin);
  }

  /** The watchdog's pid (tests). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Child `pid` (a process group leader) is to be killed if the node dies. */
  watch(pid: number): void {
    this.child.stdin?.write(`+${pid}\n`);
  }

  /** Child `pid` exited: forget it (pids are reused). */
  unwatch(pid: number): void {
    this.child.stdin?.write(`-${pid}\n`);
  }

  /** Closes the pipe (the watchdog kills what is still listed, then exits) and waits for it. */
  async close(): Promise<void> {
    this.child.stdin?.end();
    await this.exited;
  }
}

function unrefStream(stream: unknown): void {
  (stream as { unref?: () => void } | null)?.unref?.();
}
