// The link's version: a server of this build answers version 2 (it acknowledges), and a
// server that refuses the newer LinkHello (4001, as a version 1 build does) is dialled
// again with a version 1 LinkHello.
import type { AddressInfo } from 'node:net';
import * as E from 'fp-ts/lib/Either.js';
import { WebSocketServer } from 'ws';
import { CloseCode } from '@atlas/protocol';
import { createGameServer } from '@atlas/server-sdk';
import { linkAuthFor } from './link-auth';
import { UpstreamLink, forLinkVersion } from './upstream-link';
import { until } from '@atlas/common/testing';

function link(address: string): UpstreamLink {
  const auth = linkAuthFor(undefined);
  if (E.isLeft(auth)) throw new Error(auth.left);
  return new UpstreamLink({ nodeId: 'n1', serverId: 'gs-1', address, auth: auth.right, events: { message: () => undefined, state: () => undefined }, backoffMs: { initial: 10, max: 20 } });
}

describe('the link version', () => {
  it('is 2 with a server of this build', async () => {
    const server = createGameServer({ port: 0 });
    const listened = await server.listen();
    if (E.isLeft(listened)) throw new Error(listened.left.message);
    const l = link(server.url);
    l.open();
    try {
      await until(() => l.isUp);
      expect(l.version).toBe(2);
    } finally {
      l.close();
      await server.close();
    }
  });

  it('falls back to 1 after a server refuses the version 2 LinkHello', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => wss.once('listening', r));
    const versions: number[] = [];
    wss.on('connection', (ws) =>
      ws.once('message', (data: Buffer) => {
        versions.push(data[0] as number);
        ws.close(CloseCode.UnsupportedVersion, 'unsupported protocol version');
      }),
    );
    const l = link(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}/atlas`);
    l.open();
    try {
      await until(() => versions.length >= 2);
      expect(versions.slice(0, 2)).toEqual([2, 1]);
    } finally {
      l.close();
      await new Promise((r) => wss.close(r));
    }
  });
});

describe('forLinkVersion', () => {
  const prepare = { type: 'TransferAccept', handle: 1, transferId: 2 } as const;
  const traced = { type: 'Traced', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', tracestate: '', message: prepare } as const;

  it('gives a version 1 link the message of a Traced alone, and a version 2 link the Traced', () => {
    expect(forLinkVersion(traced, 1)).toBe(prepare);
    expect(forLinkVersion(traced, 2)).toBe(traced);
    expect(forLinkVersion(prepare, 1)).toBe(prepare);
  });

  it("gives a version 1 link an Attach without replayAfter (version 2's field), and a version 2 link all of it", () => {
    const attach = { type: 'Attach', handle: 1, playerId: 'p', sessionId: 's', position: { x: 0, y: 0, z: 0 }, state: new Uint8Array(), claims: '{}', replayAfter: 9 } as const;
    const { replayAfter: _, ...v1 } = attach;
    expect(forLinkVersion(attach, 1)).toEqual(v1);
    expect(forLinkVersion(attach, 2)).toBe(attach);
  });
});
