// Runs in headless Chromium: the client SDK with the browser's own WebSocket and WebCrypto.
import { createAtlasClient } from '@atlas/client';

declare global {
  interface Window {
    runClient(url: string): Promise<unknown>;
  }
}

window.runClient = async (url: string) => {
  const client = createAtlasClient({ url, token: 'browser-player' });
  const opened = await client.connect();
  if (opened._tag === 'Left') return { error: opened.left };
  const echoes: string[] = [];
  client.on('action', (a) => echoes.push(`${a.tag}:${new TextDecoder().decode(a.data)}`));
  client.move({ x: 1, y: 2, z: 3 });
  for (let i = 0; i < 5; i++) client.action(i, new TextEncoder().encode(`hi-${i}`));
  const end = Date.now() + 5000;
  while (echoes.length < 5 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  const result = { session: opened.right, echoes, sequence: client.stats().sequence };
  await client.close();
  return result;
};
