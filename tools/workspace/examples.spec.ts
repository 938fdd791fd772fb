// examples/ run as a user would run them, against a real node (the built atlas-node):
// the room registers itself, two bots a few units apart connect through the node, and
// each hears its own echo and what the other said; the browser page (bundled and served
// by its script) shows its player and a bot moving, in headless Chromium. Needs the apps
// and libs built.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { launchChromium } from './browser';
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

  let port = 0;
  let room: Running;
  beforeAll(async () => {
    const node = run([
      join(WORKSPACE, 'apps/atlas-node/dist/main.js'),
      '--set', 'server.port=0', '--set', 'admin.enabled=false', '--set', 'logging.format=json', '--set', 'logging.level=info',
    ]);
    running.push(node);
    port = (JSON.parse(await node.line(/"message":"node started"/)) as { port: number }).port;
    room = run([join(WORKSPACE, 'examples/game-server/room.mjs'), `http://127.0.0.1:${port}`]);
    running.push(room);
    await room.line(/^room listening on ws:/);
    for (const deadline = Date.now() + 10_000; ; ) {
      const body = (await (await fetch(`http://127.0.0.1:${port}/servers`)).json()) as { servers: Array<{ name: string; link: string | null }> };
      if (body.servers.some((s) => s.name === 'example-room' && s.link === 'up')) break;
      if (Date.now() > deadline) throw new Error('the room never linked');
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 30_000);

  it('the room echoes and broadcasts by radius to two Node bots through a real node', async () => {
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

  it('the browser page shows its player and a bot moving nearby', async () => {
    const page = run([join(WORKSPACE, 'examples/browser/serve.mjs'), '0', `ws://127.0.0.1:${port}/ws`]);
    running.push(page);
    const address = /http:\/\/\S+/.exec(await page.line(/^example page on /))?.[0] ?? '';
    const bot = run([join(WORKSPACE, 'examples/bot/bot.mjs'), `ws://127.0.0.1:${port}/ws`, '500', '560', '10']);
    running.push(bot);
    const botId = /connected as (\S+)/.exec(await bot.line(/^connected as /))?.[1];
    const browser = await launchChromium();
    try {
      const tab = await browser.newPage();
      const errors: string[] = [];
      tab.on('pageerror', (e) => errors.push(e.message));
      await tab.goto(address);
      type View = { playerId: string | null; frames: number; me: { x: number; y: number }; others: Map<string, { x: number; y: number }> };
      await tab.waitForFunction(() => {
        const v = (window as unknown as { __example?: { playerId: string | null; others: Map<string, unknown> } }).__example;
        return v !== undefined && v.playerId !== null && v.others.size > 0;
      }, undefined, { timeout: 15_000 });
      const sample = () =>
        tab.evaluate(() => {
          const v = (window as unknown as { __example: View }).__example;
          const canvas = document.getElementById('world') as HTMLCanvasElement;
          const image = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height).data;
          let blue = 0;
          let orange = 0;
          for (let i = 0; i < image.length; i += 4) {
            if (image[i] === 30 && image[i + 1] === 107 && image[i + 2] === 255) blue++;
            if (image[i] === 255 && image[i + 1] === 140 && image[i + 2] === 0) orange++;
          }
          return { me: v.me, others: [...v.others.entries()].map(([id, p]) => ({ id, x: p.x, y: p.y })), blue, orange, status: document.getElementById('status')?.textContent ?? '' };
        });
      const first = await sample();
      await new Promise((r) => setTimeout(r, 1500));
      const later = await sample();
      expect(first.status).toContain('connected as');
      expect(first.others.map((o) => o.id)).toContain(botId);
      expect(first.blue).toBeGreaterThan(50);
      expect(first.orange).toBeGreaterThan(50);
      // Both move: the page's own player, and the bot as the room reports it.
      expect(later.me).not.toEqual(first.me);
      const botAt = (s: typeof first) => s.others.find((o) => o.id === botId);
      expect(botAt(later)).not.toEqual(botAt(first));
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
