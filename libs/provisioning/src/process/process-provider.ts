// The process provider: one child process per region from the command template,
// each the leader of its own process group (so a wrapper's children go with it),
// watched by the lifeline so none outlives the node, even after kill -9.
import { spawn, type ChildProcess } from 'node:child_process';
import * as E from 'fp-ts/lib/Either.js';
import { expandCommand, type CommandContext, type CommandTemplate } from '../command';
import { provisionError } from '../errors';
import type { GameServerProvider, LaunchSpec, ProviderEvents } from '../provider';
import { boundsText } from '../region';
import { Lifeline } from './lifeline';

/** How the process provider runs commands. */
export interface ProcessProviderOptions {
  readonly command: CommandTemplate;
  readonly context: CommandContext;
  /** Passed to children as `ATLAS_REGISTRATION_SECRET` (never on the command line, where `ps` shows it). */
  readonly registrationSecret?: string;
  /** Extra environment for children. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** How long the lifeline waits between SIGTERM and SIGKILL when the node dies (default 2000 ms). */
  readonly lifelineGraceMs?: number;
  /** Each child's stderr line (default: dropped; the last lines are kept for the exit reason). */
  readonly stderr?: (name: string, line: string) => void;
}

interface Running {
  readonly child: ChildProcess;
  readonly name: string;
  stderrTail: string;
}

/** Builds a process provider (see {@link ProcessProviderOptions}). */
export function createProcessProvider(options: ProcessProviderOptions): (events: ProviderEvents) => GameServerProvider & { pids(): number[] } {
  return (events) => {
    const running = new Map<number, Running>();
    let lifeline: Lifeline | undefined;

    const signal = (launchId: number, sig: NodeJS.Signals): void => {
      const pid = running.get(launchId)?.child.pid;
      if (pid === undefined) return;
      try {
        process.kill(-pid, sig);
      } catch {
        // Already gone; its exit event follows.
      }
    };

    return {
      kind: 'process',
      pids: () => [...running.values()].flatMap((r) => (r.child.pid === undefined ? [] : [r.child.pid])),
      launch: async (spec: LaunchSpec) => {
        lifeline ??= new Lifeline(options.lifelineGraceMs ?? 2000);
        await lifeline.ready;
        const [file, ...args] = expandCommand(options.command, spec.region, options.context) as [string, ...string[]];
        const env = {
          ...process.env,
          ...options.env,
          ATLAS_SERVER_NAME: spec.region.name,
          ATLAS_REGION: boundsText(spec.region.bounds),
          ATLAS_NODE_URL: options.context.nodeUrl,
          ...(options.registrationSecret ? { ATLAS_REGISTRATION_SECRET: options.registrationSecret } : {}),
        };
        const child = spawn(file, args, { stdio: ['pipe', 'ignore', 'pipe'], detached: true, env });
        const spawned = await new Promise<E.Either<string, number>>((resolve) => {
          child.once('spawn', () => resolve(E.right(child.pid as number)));
          child.once('error', (e) => resolve(E.left(e.message)));
        });
        if (E.isLeft(spawned)) return E.left(provisionError('launch_failed', `cannot run ${file}: ${spawned.left}`));
        const pid = spawned.right;
        lifeline.watch(pid);
        const entry: Running = { child, name: spec.region.name, stderrTail: '' };
        running.set(spec.launchId, entry);
        // Its stdin stays open and unwritten: EOF there means this process is gone.
        child.stdin?.on('error', () => undefined);
        child.stderr?.setEncoding('utf8');
        child.stderr?.on('data', (d: string) => {
          entry.stderrTail = (entry.stderrTail + d).slice(-2000);
          if (options.stderr) for (const line of d.split('\n')) if (line !== '') options.stderr(spec.region.name, line);
        });
        child.once('exit', (code, sig) => {
          running.delete(spec.launchId);
          lifeline?.unwatch(pid);
          const tail = entry.stderrTail.trim().split('\n').slice(-3).join(' | ');
          events.exited(spec.launchId, `${sig === null ? `exit code ${code}` : `signal ${sig}`}${tail === '' ? '' : `: ${tail}`}`);
        });
        return E.right(undefined);
      },
      terminate: (launchId) => signal(launchId, 'SIGTERM'),
      kill: (launchId) => signal(launchId, 'SIGKILL'),
      close: async () => {
        const exits = [...running.values()].map((r) => new Promise<void>((resolve) => r.child.once('exit', () => resolve())));
        for (const launchId of running.keys()) signal(launchId, 'SIGKILL');
        await Promise.all(exits);
        await lifeline?.close();
        lifeline = undefined;
      },
    };
  };
}
