import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { containsPoint } from '../geometry/bounds';
import { vec3DistanceSq, type Vector3 } from '../geometry/vector';
import { arbBounds, arbVector3 } from '../testing/arbitraries';
import { createInterestGrid } from './create-interest-grid';

type Op = { op: 'insert' | 'move' | 'remove'; pick: number; to: Vector3 };

describe('InterestGrid properties', () => {
  it('answers radius and bounds queries exactly like a brute-force scan, through any insert/move/remove sequence', () => {
    const coord = fc.oneof(arbVector3({ min: -60, max: 60 }), arbVector3({ min: -60, max: 60, integer: true }));
    const op: fc.Arbitrary<Op> = fc.record({ op: fc.constantFrom('insert' as const, 'move' as const, 'remove' as const), pick: fc.nat(40), to: coord });
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 30, noNaN: true }),
        fc.array(op, { maxLength: 300 }),
        fc.array(fc.tuple(coord, fc.double({ min: 0, max: 80, noNaN: true }), arbBounds({ min: -70, max: 70 })), { minLength: 1, maxLength: 10 }),
        (cellSize, ops, queries) => {
          const created = createInterestGrid<number>({ cellSize, initialCapacity: 16 });
          if (E.isLeft(created)) throw new Error(created.left.message);
          const g = created.right;
          const model = new Map<number, Vector3>();
          for (const { op, pick, to } of ops) {
            if (op === 'insert') expect(E.isRight(g.insert(pick, to))).toBe(!model.has(pick));
            else if (op === 'move') expect(E.isRight(g.move(pick, to))).toBe(model.has(pick));
            else expect(g.remove(pick)).toBe(model.has(pick));
            if (op === 'remove') model.delete(pick);
            else if (op === 'move' ? model.has(pick) : !model.has(pick)) model.set(pick, to);
          }
          expect(g.size).toBe(model.size);
          const out: number[] = [];
          for (const [centre, radius, box] of queries) {
            const byRadius = g.queryRadius(centre, radius, out);
            const expected = [...model].filter(([, p]) => vec3DistanceSq(p, centre) <= radius * radius).map(([id]) => id).sort((a, b) => a - b);
            expect([...out].sort((a, b) => a - b)).toEqual(expected);
            expect(byRadius).toEqual(E.right(expected.length));
            g.queryBounds(box, out);
            const inBox = [...model].filter(([, p]) => containsPoint(box, p)).map(([id]) => id).sort((a, b) => a - b);
            expect([...out].sort((a, b) => a - b)).toEqual(inBox);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
