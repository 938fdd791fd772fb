// A game server in its own process (for kill -9 tests): echoes actions, registers with
// the node, prints "ready <port>" once listening. Args: nodeHttp name port x0 y0 x1 y1.
import * as E from 'fp-ts/lib/Either.js';
import { createGameServer, registerWithNode } from '@atlas/server-sdk';

async function main(): Promise<void> {
  const [nodeHttp = '', name = 'child', port = '0', x0 = '0', y0 = '0', x1 = '100', y1 = '100'] = process.argv.slice(2);
  const server = createGameServer({ port: Number(port), heartbeatMs: 500 });
  server.on('action', (p, a) => server.send(p, a));
  const listened = await server.listen();
  if (E.isLeft(listened)) {
    process.stderr.write(`listen failed: ${JSON.stringify(listened.left)}\n`);
    process.exit(1);
  }
  const bounds = { min: { x: Number(x0), y: Number(y0), z: -100 }, max: { x: Number(x1), y: Number(y1), z: 100 } };
  const reg = await registerWithNode(nodeHttp, {
    name,
    address: server.url,
    regionCoord: { x: 0, y: 0, z: 0 },
    center: { x: (bounds.min.x + bounds.max.x) / 2, y: (bounds.min.y + bounds.max.y) / 2, z: 0 },
    bounds,
    capacity: 1000,
    version: 'test',
  }, { heartbeatIntervalMs: 200 });
  if (E.isLeft(reg)) {
    process.stderr.write(`register failed: ${reg.left.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`ready ${server.port}\n`);
}

void main();
