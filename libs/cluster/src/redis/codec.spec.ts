import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { normaliseServer } from '../model/validate';
import { decodeEvent, decodeServerColumns, decodeSession, encodeServerLoad, encodeServerRec } from './codec';

const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 });
const vec = fc.record({ x: finite, y: finite, z: finite });
const server = fc.record({
  id: fc.string({ minLength: 1, maxLength: 20 }),
  name: fc.string({ minLength: 1, maxLength: 20 }),
  address: fc.string({ minLength: 1, maxLength: 20 }),
  region: fc.option(
    fc.tuple(vec, vec).map(([a, b]) => ({
      min: { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), z: Math.min(a.z, b.z) },
      max: { x: Math.max(a.x, b.x), y: Math.max(a.y, b.y), z: Math.max(a.z, b.z) },
    })),
    { nil: null },
  ),
  capacity: fc.nat(),
  version: fc.string({ minLength: 1, maxLength: 8 }),
  nodeId: fc.string({ minLength: 1, maxLength: 8 }),
  metadata: fc.dictionary(fc.string(), fc.string()),
  load: fc.record({
    connections: fc.nat(),
    load: fc.double({ noNaN: true, min: 0, max: 1 }),
    accepting: fc.boolean(),
    avgTickMs: fc.double({ noNaN: true, min: 0, max: 1e3 }),
    memoryBytes: fc.nat(),
  }),
});

describe('Redis record codec', () => {
  it('server columns round-trip exactly, doubles included', () => {
    fc.assert(
      fc.property(server, (reg) => {
        const valid = normaliseServer(reg);
        if (E.isLeft(valid)) return; // e.g. -0 corner cases are the validator's business
        const back = decodeServerColumns(encodeServerRec(valid.right), 'active', encodeServerLoad(valid.right.load), '1700000000000', 'test');
        expect(back).toEqual(E.right({ ...valid.right, status: 'active', lastHeartbeat: 1_700_000_000_000 }));
      }),
      { numRuns: 200 },
    );
  });

  it('garbage from Redis or the channel becomes a corrupt error, never a throw', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        for (const result of [decodeEvent(text), decodeSession(text, 's'), decodeServerColumns(text, 'active', text, '1', 'x')]) {
          if (E.isLeft(result)) expect(result.left.kind).toBe('corrupt');
        }
      }),
      { numRuns: 300 },
    );
    expect(E.isLeft(decodeEvent('{"type":"node","change":"joined","row":{}}'))).toBe(true);
    expect(E.isLeft(decodeServerColumns('{}', 'sleeping', '{}', '1', 'x'))).toBe(true);
  });
});
