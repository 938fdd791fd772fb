// A tiny `ws` echo server for raw-mode tests, with faults on demand: drop every n-th
// frame, send every n-th twice, or swap neighbours, so loss, duplication and
// reordering detection can be checked against known answers.
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

/** How the server misbehaves. */
export interface EchoFaults {
  /** Drop every n-th binary frame per connection. */
  readonly dropEvery?: number;
  /** Echo every n-th binary frame twice. */
  readonly duplicateEvery?: number;
  /** Hold every n-th frame and send it after the next one. */
  readonly swapEvery?: number;
  /** Echo every frame this many ms late (frames stay in order). */
  readonly delayMs?: number;
}

/** A running echo server. */
export interface EchoServer {
  readonly url: string;
  /** Frames received, all connections. */
  received(): number;
  /** The remote address of every connection so far. */
  peers(): readonly string[];
  close(): Promise<void>;
}

/** Starts an echo server on 127.0.0.1, port 0. */
export async function startEchoServer(faults: EchoFaults = {}): Promise<EchoServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  let received = 0;
  const peers: string[] = [];
  wss.on('connection', (ws: WebSocket, req) => {
    peers.push(req.socket.remoteAddress ?? '');
    let n = 0;
    let held: RawData | undefined;
    ws.on('message', (data: RawData, isBinary: boolean) => {
      received++;
      if (faults.delayMs !== undefined) {
        setTimeout(() => ws.readyState === ws.OPEN && ws.send(data, { binary: isBinary }), faults.delayMs);
        return;
      }
      n++;
      if (faults.dropEvery !== undefined && n % faults.dropEvery === 0) return;
      if (faults.swapEvery !== undefined && n % faults.swapEvery === 0 && held === undefined) {
        held = data;
        return;
      }
      ws.send(data, { binary: isBinary });
      if (held !== undefined) {
        ws.send(held, { binary: true });
        held = undefined;
      }
      if (faults.duplicateEvery !== undefined && n % faults.duplicateEvery === 0) ws.send(data, { binary: isBinary });
    });
  });
  const port = (wss.address() as { port: number }).port;
  return {
    url: `ws://127.0.0.1:${port}/`,
    peers: () => peers,
    received: () => received,
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => r());
      }),
  };
}
