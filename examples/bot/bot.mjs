// A Node bot on @atlas/client: connects to a node, walks a small circle around (X, Y),
// says something once a second, and prints what comes back: its own echo and what
// players nearby said (examples/game-server/room.mjs).
//
//   node examples/bot/bot.mjs ws://127.0.0.1:8080/ws [x] [y] [seconds]
import { createAtlasClient } from '@atlas/client';
import WebSocket from 'ws';

const [url = 'ws://127.0.0.1:8080/ws', x = '500', y = '500', seconds = '5'] = process.argv.slice(2);
const SAY = 1;
const HEARD = 2;
const text = (data) => new TextDecoder().decode(data);

// An empty token: the node's default `security.allow_anonymous = true` gives the bot a player id.
const client = createAtlasClient({ url, token: process.env.ATLAS_PLAYER_TOKEN ?? '', WebSocket });
client.on('action', (a) => {
  if (a.tag === SAY) console.log(`echo ${text(a.data)}`);
  if (a.tag === HEARD) console.log(`heard ${text(a.data)}`);
});
client.on('transfer', (t) => console.log(`transfer ${t.fromServer} -> ${t.toServer}`));
const session = await client.connect();
if (session._tag === 'Left') throw new Error(session.left.message);
console.log(`connected as ${session.right.playerId}`);

let turn = 0;
const tick = setInterval(() => {
  turn++;
  const angle = turn / 4;
  client.move({ x: Number(x) + 20 * Math.cos(angle), y: Number(y) + 20 * Math.sin(angle), z: 0 }, { x: 0, y: 0, z: 0 });
  client.action(SAY, new TextEncoder().encode(`hello #${turn}`));
}, 1000);
setTimeout(() => {
  clearInterval(tick);
  client.close();
}, Number(seconds) * 1000);
