// A minimal game server on @atlas/server-sdk: one room owning the square 0..1000 on x/y.
// A player's action (tag 1, "say") is echoed to them and broadcast (tag 2, "heard") to
// every other player within RADIUS of where they stand; so is each move (tag 3, "at").
//
//   node examples/game-server/room.mjs http://127.0.0.1:8080     # the node's HTTP address
import { actionMessage, createGameServer, registerWithNode } from '@atlas/server-sdk';

const NODE = process.argv[2] ?? 'http://127.0.0.1:8080';
const RADIUS = 300;
const SAY = 1;
const HEARD = 2;
const AT = 3;
const encode = (text) => new TextEncoder().encode(text);

const server = createGameServer({ port: Number(process.env.PORT ?? 0) });
server.on('attach', (player) => console.log(`+ ${player.playerId}`));
server.on('detach', (player) => console.log(`- ${player.playerId}`));
server.on('action', (player, action) => {
  if (action.tag !== SAY) return;
  server.send(player, actionMessage(SAY, action.data));
  // Prefix the speaker's id so listeners know who spoke: "<id>:<text>".
  const said = encode(`${player.playerId}:${new TextDecoder().decode(action.data)}`);
  server.deliver({ center: player.position, radius: RADIUS }, actionMessage(HEARD, said), { exclude: player });
});
server.on('move', (player) => {
  const { x, y } = player.position;
  server.deliver({ center: player.position, radius: RADIUS }, actionMessage(AT, encode(`${player.playerId}:${x},${y}`)), { exclude: player });
});

const port = await server.listen();
if (port._tag === 'Left') throw new Error(port.left.message);
const registration = await registerWithNode(
  NODE,
  {
    name: 'example-room',
    address: server.url,
    regionCoord: { x: 0, y: 0, z: 0 },
    center: { x: 500, y: 500, z: 0 },
    bounds: { min: { x: 0, y: 0, z: -1000 }, max: { x: 1000, y: 1000, z: 1000 } },
    capacity: 100,
    version: '1',
  },
  { status: () => server.heartbeatStatus(), secret: process.env.ATLAS_REGISTRATION_SECRET },
);
if (registration._tag === 'Left') throw new Error(registration.left.message);
console.log(`room listening on ${server.url}, registered with ${NODE}`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await registration.right.stop();
    server.close();
    process.exit(0);
  });
}
