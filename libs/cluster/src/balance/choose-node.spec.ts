import { seededRandom } from '@atlas/common';
import fc from 'fast-check';
import type { NodeInfo, NodeStatus } from '../model/node';
import { chooseNode, nodeCost } from './choose-node';

const node = (id: string, connections: number, load = 0, status: NodeStatus = 'active'): NodeInfo => ({
  id,
  address: 'x',
  status,
  connections,
  load,
  metadata: {},
  lastHeartbeat: 0,
});

const nodes = fc.array(
  fc.record({
    connections: fc.nat(1000),
    load: fc.double({ noNaN: true, min: 0, max: 1 }),
    status: fc.constantFrom<NodeStatus>('active', 'active', 'draining', 'failed', 'starting'),
  }),
  { maxLength: 12 },
).map((list) => list.map((n, i) => node(`n${i}`, n.connections, n.load, n.status)));

describe('chooseNode (power of two choices)', () => {
  it('only picks active, non-excluded nodes, and never the single most expensive of several', () => {
    fc.assert(
      fc.property(nodes, fc.integer(), (list, seed) => {
        const exclude = new Set(['n0']);
        const chosen = chooseNode(list, { random: seededRandom(seed), exclude });
        const eligible = list.filter((n) => n.status === 'active' && !exclude.has(n.id));
        if (eligible.length === 0) return expect(chosen).toBeUndefined();
        expect(chosen?.status).toBe('active');
        expect(chosen?.id).not.toBe('n0');
        if (eligible.length >= 2 && chosen !== undefined) {
          const costs = eligible.map((n) => nodeCost(n)).sort((a, b) => b - a);
          if ((costs[0] ?? 0) > (costs[1] ?? 0)) expect(nodeCost(chosen)).toBeLessThan(costs[0] ?? 0);
        }
      }),
    );
  });

  it('with two candidates, picks the cheaper: connections weighted by load', () => {
    const busy = node('busy', 100, 0.9);
    const calm = node('calm', 120, 0.1);
    expect(chooseNode([busy, calm], { random: () => 0.3 })?.id).toBe('calm');
    expect(chooseNode([busy, calm], { random: () => 0.3, loadWeight: 0 })?.id).toBe('busy');
  });

  it('spreads clients far more evenly than picking at random', () => {
    const spread = (pick: (list: NodeInfo[]) => NodeInfo) => {
      let list = Array.from({ length: 10 }, (_, i) => node(`n${i}`, 0));
      for (let i = 0; i < 2000; i += 1) {
        const chosen = pick(list);
        list = list.map((n) => (n.id === chosen.id ? { ...n, connections: n.connections + 1 } : n));
      }
      const counts = list.map((n) => n.connections);
      return Math.max(...counts) - Math.min(...counts);
    };
    const random = seededRandom(7);
    const p2c = spread((list) => chooseNode(list, { random }) as NodeInfo);
    const uniform = spread((list) => list[Math.floor(random() * list.length)] as NodeInfo);
    expect(p2c).toBeLessThan(uniform / 3);
  });
});
