// A game server in its own process (for kill -9 tests): echoes actions, registers with
// the node, prints "ready <port>" once listening (or, with `dial` last, once registered as
// a server that dials the nodes). Args: nodeHttp name port x0 y0 x1 y1 [dial].
import * as E from 'fp-ts/lib/Either.js';
import { createGameServer, registerWithNode } from '@atlas/server-sdk';

async function main(): Promise<void> {
  const [nodeHttp = '', name = 'child', port = '0', x0 = '0', y0 = '0', x1 = '100', y1 = '100', mode = 'listen'] = process.argv.slice(2);
  const dialsNodes = mode === 'dial';
  const server = createGameServer({ port: Number(port), heartbeatMs: 500 });
  server.on('action', (p, a) => server.send(p, a));
  if (!dialsNodes) {
    const listened = await server.listen();
    if (E.isLeft(listened)) {
      process.stderr.write(`listen failed: ${JSON.stringify(listened.left)}\n`);
      process.exit(1);
    }
  }
  const bounds = { min: { x: Number(x0), y: Number(y0), z: -100 }, max: { x: Number(x1), y: Number(y1), z: 100 } };
  const reg = await registerWithNode(nodeHttp, {
    name,
    address: dialsNodes ? '' : server.url,
    dialsNodes,
    regionCoord: { x: 0, y: 0, z: 0 },
    center: { x: (bounds.min.x + bounds.max.x) / 2, y: (bounds.min.y + bounds.max.y) / 2, z: 0 },
    bounds,
    capacity: 1000,
    version: 'test',
  }, { heartbeatIntervalMs: 200, onLinkNodes: (nodes, id) => void server.dialNodes(id, nodes) });
  if (E.isLeft(reg)) {
    process.stderr.write(`register failed: ${reg.left.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`ready ${server.port}\n`);
}

void main();
