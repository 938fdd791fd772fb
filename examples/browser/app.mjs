// The browser page's script (bundled by serve.mjs with esbuild): one player on
// @atlas/client that walks a circle in the example room, drawn in blue, and every player
// the room reports nearby (tag 3, "<id>:x,y"), drawn in orange. ?url= picks the node.
import { createAtlasClient } from '@atlas/client';

const AT = 3;
const SCALE = 0.5; // the room's 1000 x 1000 units on a 500 px canvas
const url = new URLSearchParams(location.search).get('url') ?? `ws://${location.hostname}:8080/ws`;
const canvas = document.getElementById('world');
const ctx = canvas.getContext('2d');
const status = document.getElementById('status');
const view = { me: { x: 500, y: 500 }, others: new Map(), frames: 0, playerId: null };
window.__example = view; // for the example's browser test

const client = createAtlasClient({ url, token: '' });
client.on('action', (a) => {
  if (a.tag !== AT) return;
  const [id, at] = new TextDecoder().decode(a.data).split(':');
  const [x, y] = at.split(',').map(Number);
  view.others.set(id, { x, y, seen: Date.now() });
});
client.on('close', ({ code }) => (status.textContent = `closed (${code})`));

function dot(p, colour) {
  ctx.fillStyle = colour;
  ctx.beginPath();
  ctx.arc(p.x * SCALE, canvas.height - p.y * SCALE, 6, 0, Math.PI * 2);
  ctx.fill();
}

function draw() {
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  for (const [id, p] of view.others) {
    if (Date.now() - p.seen > 3000) view.others.delete(id);
    else dot(p, 'rgb(255, 140, 0)');
  }
  dot(view.me, 'rgb(30, 107, 255)');
  view.frames++;
  requestAnimationFrame(draw);
}

const session = await client.connect();
if (session._tag === 'Left') {
  status.textContent = `could not connect: ${session.left.message}`;
} else {
  view.playerId = session.right.playerId;
  status.textContent = `connected as ${view.playerId} (blue); orange: players nearby`;
  let t = 0;
  setInterval(() => {
    t += 0.1;
    view.me = { x: 500 + 150 * Math.cos(t), y: 500 + 150 * Math.sin(t) };
    client.move({ ...view.me, z: 0 }, { x: 0, y: 0, z: 0 });
  }, 100);
  requestAnimationFrame(draw);
}
