import type { ClientSingleMessage } from '@atlas/protocol';
import { routingFixture as setup } from '../testing/routing-fixture';

describe('deliveries', () => {
  const hello: ClientSingleMessage = { type: 'PlayerAction', seq: 0, channel: 0, tag: 5, data: Uint8Array.of(7) };

  it("reach a player addressed by handle only from the server that hosts it", () => {
    const t = setup();
    const p = t.join(1, 10);
    t.clients.take(p);
    t.b.receive({ type: 'Deliver', target: { kind: 'player', handle: 1 }, exclude: 0, message: hello });
    expect(t.clients.take(p)).toEqual([]);
    t.a.receive({ type: 'Deliver', target: { kind: 'players', handles: [1, 99] }, exclude: 0, message: hello });
    expect(t.clients.take(p)).toEqual([hello]);
  });

  it('reach everyone of a region or radius, whichever server hosts them, except the excluded and the inactive', () => {
    const t = setup();
    const [p1, p2, p3, p4] = [t.join(1, 10), t.join(2, 20), t.join(3, 150), t.join(4, 30)];
    (p4 as { routable: boolean }).routable = false;
    for (const p of [p1, p2, p3, p4]) t.clients.take(p);
    t.b.receive({ type: 'Deliver', target: { kind: 'region', regionId: 'a' }, exclude: 2, message: hello });
    expect([p1, p2, p3, p4].map((p) => t.clients.take(p).length)).toEqual([1, 0, 0, 0]);
    t.a.receive({ type: 'Deliver', target: { kind: 'radius', center: { x: 148, y: 50, z: 0 }, radius: 5 }, exclude: 0, message: hello });
    expect([p1, p2, p3, p4].map((p) => t.clients.take(p).length)).toEqual([0, 0, 1, 0]);
  });
});
