// No orphans: a parent running the process provider is killed with SIGKILL (no
// handler of its own runs); its game-server children, which ignore both stdin and
// SIGTERM, must still be gone, checked by PID.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the lifeline', () => {
  it('kills every child, SIGTERM-proof ones included, when the parent is killed with -9', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-orphans-'));
    const stubborn = join(dir, 'stubborn.js');
    writeFileSync(stubborn, "process.on('SIGTERM', () => undefined); setInterval(() => undefined, 1000);\n");
    const parent = join(dir, 'parent.js');
    await build({ entryPoints: [join(__dirname, '..', 'testing', 'orphan-parent.ts')], outfile: parent, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' });
    const child = spawn(process.execPath, [parent, stubborn, '3'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0] as string);
      });
      child.once('exit', (code) => reject(new Error(`parent exited ${code}`)));
    });
    const { children } = JSON.parse(line) as { children: number[] };
    expect(children).toHaveLength(3);
    expect(children.every(alive)).toBe(true);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const deadline = Date.now() + 5000;
    while (children.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(children.filter(alive)).toEqual([]);
  });
});
