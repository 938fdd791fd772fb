// A parent process for the orphan test: a process provider that starts `count`
// children that ignore stdin and SIGTERM and live forever, prints
// their pids, then idles until it is killed (with -9, by the test).
import { parseCommand } from '../command';
import { createProcessProvider } from '../process/process-provider';

async function main(): Promise<void> {
  const [script, countText] = process.argv.slice(2);
  const command = parseCommand(`{node} ${script} {name}`);
  if (command._tag === 'Left') throw new Error(command.left);
  const provider = createProcessProvider({ command: command.right, context: { node: process.execPath, nodeUrl: 'http://127.0.0.1:1' }, lifelineGraceMs: 500 })({
    exited: () => undefined,
  });
  const count = Number(countText);
  for (let i = 0; i < count; i++) {
    await provider.launch({ launchId: i + 1, region: { name: `r${i}`, bounds: { min: { x: i, y: 0, z: 0 }, max: { x: i + 1, y: 1, z: 1 } } } });
  }
  process.stdout.write(`${JSON.stringify({ children: provider.pids() })}\n`);
  setInterval(() => undefined, 1000);
}

void main();
