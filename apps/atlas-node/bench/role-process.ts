// A benchmark re-runs its own script in a child process with a role (server, clients, ...):
// the parent writes one-line commands to the child's stdin and reads one JSON line back per
// answer, so measuring processes never share a heap or an event loop with the harness.
// A role that hosts the node runs with the V8 flags the node ships with, as in production.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../test/support/processes';

/** A child process running this script in one role. */
export interface RoleProcess {
  readonly proc: ChildProcess;
  /** The child's next JSON line. */
  next(): Promise<Record<string, number>>;
}

/** The V8 flags atlas-node ships with (apps/atlas-node/v8-flags.json), for the roles that host the node. */
export function shippedNodeFlags(): string[] {
  return JSON.parse(readFileSync(join(root, 'apps/atlas-node/v8-flags.json'), 'utf8')) as string[];
}

/** Starts `script` in a child with `ATLAS_BENCH_ROLE=role`, under the given node flags. */
export function spawnRole(script: string, role: string, nodeFlags: readonly string[] = [], env: Record<string, string> = {}): RoleProcess {
  const proc = spawn(process.execPath, [...nodeFlags, script], {
    env: { ...process.env, ...env, ATLAS_BENCH_ROLE: role },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const waiters: Array<(line: string) => void> = [];
  let buffered = '';
  proc.stdout?.on('data', (data: Buffer) => {
    buffered += data.toString();
    for (let i = buffered.indexOf('\n'); i >= 0; i = buffered.indexOf('\n')) {
      const line = buffered.slice(0, i);
      buffered = buffered.slice(i + 1);
      const waiter = waiters.shift();
      if (waiter) waiter(line);
      else lines.push(line);
    }
  });
  return {
    proc,
    next: () =>
      new Promise((resolve) => {
        const line = lines.shift();
        if (line !== undefined) resolve(JSON.parse(line));
        else waiters.push((later) => resolve(JSON.parse(later)));
      }),
  };
}
