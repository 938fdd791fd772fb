import * as E from 'fp-ts/lib/Either.js';
import { fakeServer } from '../testing/fake-links';
import { FakeUpstream } from '../testing/fake-upstream';
import { linkAuthFor } from './link-auth';
import { LinkPool } from './link-pool';
import type { UpstreamState } from './ports';

function setup() {
  const auth = linkAuthFor(undefined);
  if (E.isLeft(auth)) throw new Error(auth.left);
  const states: string[] = [];
  const made: FakeUpstream[] = [];
  const pool = new LinkPool({
    nodeId: 'n1',
    auth: auth.right,
    events: { message: () => undefined, state: (link, st: UpstreamState) => states.push(`${link.serverId} ${st}`) },
    connect: (server, events) => {
      const link = new FakeUpstream(server.id, events, server.address);
      made.push(link);
      return link;
    },
  });
  return { pool, states, made };
}

describe('the link pool', () => {
  it('dials each registered server once, through the link kind it is given', () => {
    const t = setup();
    t.pool.sync([fakeServer('a', 0, 100), fakeServer('b', 100, 200)]);
    t.pool.sync([fakeServer('a', 0, 100), fakeServer('b', 100, 200)]);
    expect(t.made.map((l) => l.serverId)).toEqual(['a', 'b']);
    expect(t.states).toEqual(['a up', 'b up']);
    expect(t.pool.isUp('a')).toBe(true);
    expect(t.pool.send('b', { type: 'Detach', handle: 1, reason: 1 })).toBe(true);
    expect(t.made[1]?.sent).toEqual([{ type: 'Detach', handle: 1, reason: 1 }]);
    expect(t.pool.send('c', { type: 'Detach', handle: 1, reason: 1 })).toBe(false);
  });

  it('closes the links of servers that left the registry and re-dials a changed address', () => {
    const t = setup();
    t.pool.sync([fakeServer('a', 0, 100), fakeServer('b', 100, 200)]);
    t.pool.sync([{ ...fakeServer('a', 0, 100), address: 'fake://a-moved' }]);
    expect(t.states).toEqual(['a up', 'b up', 'a closed', 'b closed', 'a up']);
    expect(t.pool.get('a')?.address).toBe('fake://a-moved');
    expect([...t.pool.all()].map((l) => l.serverId)).toEqual(['a']);
    expect(t.pool.isUp('b')).toBe(false);
  });

  it('refuses sends on a link that is down', () => {
    const t = setup();
    t.pool.sync([fakeServer('a', 0, 100)]);
    t.made[0]?.lose();
    expect(t.pool.isUp('a')).toBe(false);
    expect(t.pool.send('a', { type: 'Detach', handle: 1, reason: 1 })).toBe(false);
  });
});
