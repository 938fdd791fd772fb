import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { NodeDialer, type DialledLink } from './node-dialer';
import { until } from '@atlas/common/testing';

/** A stand-in node: a `ws` server that records each upgrade's URL and keeps the sockets. */
async function fakeNode(status = 0): Promise<{ url: string; paths: string[]; proofs: unknown[]; sockets: WebSocket[]; close(): Promise<void> }> {
  const paths: string[] = [];
  const proofs: unknown[] = [];
  const sockets: WebSocket[] = [];
  const wss = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    verifyClient: (info, done) => {
      paths.push(info.req.url ?? '');
      proofs.push(info.req.headers['x-atlas-link-proof']);
      if (status === 0) done(true);
      else done(false, status);
    },
  });
  await new Promise((r) => wss.once('listening', r));
  wss.on('connection', (ws) => sockets.push(ws));
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/atlas/link`,
    paths,
    proofs,
    sockets,
    close: () => new Promise((r) => wss.close(() => r(undefined))),
  };
}

function dialer(): { d: NodeDialer; opened: number[]; closed: number[]; failed: string[] } {
  const opened: number[] = [];
  const closed: number[] = [];
  const failed: string[] = [];
  const d = new NodeDialer(
    {
      opened: (): DialledLink => {
        opened.push(Date.now());
        return { up: true, receive: () => undefined };
      },
      closed: (_l, code) => closed.push(code),
      failed: (_u, m) => failed.push(m),
    },
    { maxFrameBytes: 1 << 20, maxBackpressureBytes: 1 << 20, handshakeTimeoutMs: 1000, backoffMs: { initial: 20, max: 40 }, proof: (id) => `proof-for-${id}` },
  );
  return { d, opened, closed, failed };
}

type FakeNode = Awaited<ReturnType<typeof fakeNode>>;

/** Runs `body` with a stand-in node answering `status` (0: upgrade) and a dialler, both closed after. */
async function withDialer(status: number, body: (node: FakeNode, t: ReturnType<typeof dialer>) => Promise<void>): Promise<void> {
  const node = await fakeNode(status);
  const t = dialer();
  try {
    await body(node, t);
  } finally {
    t.d.close();
    await node.close();
  }
}

describe('NodeDialer', () => {
  it('dials each node as ?server=<id> and redials one that drops the socket', () =>
    withDialer(0, async (node, { d, opened, closed }) => {
      d.sync('srv-1', [{ node_id: 'n1', url: node.url }]);
      await until(() => node.sockets.length === 1, 3000, 'the first socket');
      expect(node.paths[0]).toBe('/atlas/link?server=srv-1');
      expect(node.proofs[0]).toBe('proof-for-srv-1');
      node.sockets[0]?.close(1011, 'node went away');
      await until(() => node.sockets.length === 2 && opened.length === 2, 3000, 'a redial');
      expect(closed).toEqual([1011]);
    }));

  it('lets go of a node that leaves the list, and never redials it', () =>
    withDialer(0, async (node, { d }) => {
      d.sync('srv-1', [{ node_id: 'n1', url: node.url }]);
      await until(() => node.sockets.length === 1, 3000, 'the socket');
      d.sync('srv-1', []);
      await until(() => node.sockets[0]?.readyState === WebSocket.CLOSED, 3000, 'the socket closed');
      await new Promise((r) => setTimeout(r, 150));
      expect(node.sockets).toHaveLength(1);
      expect(d.urls).toEqual([]);
    }));

  it('reports a refused upgrade with its status, and keeps trying', () =>
    withDialer(404, async (node, { d, failed }) => {
      d.sync('srv-9', [{ node_id: 'n1', url: node.url }]);
      await until(() => node.paths.length >= 2, 3000, 'two attempts');
      expect(failed[0]).toMatch(/refused the link: HTTP 404/);
    }));

  it('redials every node under a new id after the server registered anew', () =>
    withDialer(0, async (node, { d }) => {
      d.sync('srv-1', [{ node_id: 'n1', url: node.url }]);
      await until(() => node.sockets.length === 1, 3000, 'the first socket');
      d.sync('srv-2', [{ node_id: 'n1', url: node.url }]);
      await until(() => node.paths.length === 2, 3000, 'a dial under the new id');
      expect(node.paths[1]).toBe('/atlas/link?server=srv-2');
    }));
});
