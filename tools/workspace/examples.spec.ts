// examples/ run as a user would run them, against a real node (the built atlas-node):
// the room registers itself, two bots a few units apart connect through the node, and
// each hears its own echo and what the other said. Needs the apps and libs built.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { WORKSPACE } from './scratch-workspace';

interface Running {
  readonly child: ChildProcess;
  /** Resolves with the first stdout line matching `pattern`. */
  line(pattern: RegExp): Promise<string>;
  /** Everything printed so far. */
  output(): string;
  readonly exited: Promise<number | null>;
}

function run(args: readonly string[]): Running {
  const child = spawn(process.execPath, args, { cwd: WORKSPACE, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of waiters.splice(0)) w();
  });
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const line = (pattern: RegExp): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const found = out.split('\n').find((l) => pattern.test(l));
        if (found !== undefined) resolve(found);
        else waiters.push(check);
      };
      child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code} before ${pattern}: ${err}`)));
      check();
    });
  return { child, line, output: () => out, exited };
}

describe('examples', () => {
  const running: Running[] = [];
  afterAll(async () => {
    for (const r of running.reverse()) {
      r.child.kill('SIGINT');
      await r.exited;
    }
  });

  it('the room echoes and broadcasts by radius to two Node bots through a real node', async () => {
    const node = run([
      join(WORKSPACE, 'apps/atlas-node/dist/main.js'),
      '--set', 'server.port=0', '--set', 'admin.enabled=false', '--set', 'logging.format=json', '--set', 'logging.level=info',
    ]);
    running.push(node);
    const { port } = JSON.parse(await node.line(/"message":"node started"/)) as { port: number };
    const room = run([join(WORKSPACE, 'examples/game-server/room.mjs'), `http://127.0.0.1:${port}`]);
    running.push(room);
    await room.line(/^room listening on ws:/);
    for (const deadline = Date.now() + 10_000; ; ) {
      const body = (await (await fetch(`http://127.0.0.1:${port}/servers`)).json()) as { servers: Array<{ name: string; link: string | null }> };
      if (body.servers.some((s) => s.name === 'example-room' && s.link === 'up')) break;
      if (Date.now() > deadline) throw new Error('the room never linked');
      await new Promise((r) => setTimeout(r, 100));
    }
    const bots = [run([join(WORKSPACE, 'examples/bot/bot.mjs'), `ws://127.0.0.1:${port}/ws`, '500', '500', '4']), run([join(WORKSPACE, 'examples/bot/bot.mjs'), `ws://127.0.0.1:${port}/ws`, '560', '500', '4'])];
    const codes = await Promise.all(bots.map((b) => b.exited));
    expect(codes).toEqual([0, 0]);
    const ids = bots.map((b) => /^connected as (\S+)/m.exec(b.output())?.[1]);
    expect(ids.every((id) => id !== undefined)).toBe(true);
    for (const [k, bot] of bots.entries()) {
      expect(bot.output()).toMatch(/^echo hello #\d+$/m);
      // The other bot stands 60 units away, inside the room's 300-unit radius.
      expect(bot.output()).toContain(`heard ${ids[1 - k]}:hello #`);
    }
    expect(room.output()).toContain(`+ ${ids[0]}`);
  }, 60_000);
});
