import * as E from 'fp-ts/lib/Either.js';
import { horizonBody } from '../testing/horizon-body';
import { decodeWith, HeartbeatBodyCodec, RegisterBodyCodec } from './codecs';

const valid = horizonBody(0, 0);

describe('registration body codecs', () => {
  it('accepts Horizon bodies with a half-extent and Atlas bodies with a box', () => {
    expect(E.isRight(decodeWith(RegisterBodyCodec, valid))).toBe(true);
    const box: Record<string, unknown> = { ...valid, bounds: { min: { x: 0, y: 0, z: 0 }, max: { x: 10, y: 0, z: 10 } } };
    expect(E.isRight(decodeWith(RegisterBodyCodec, box))).toBe(true);
    const { version: _v, metadata: _m, center: _c, ...minimal } = box;
    expect(E.isRight(decodeWith(RegisterBodyCodec, minimal))).toBe(true);
  });

  it('reports every problem with its path, once per field', () => {
    const result = decodeWith(RegisterBodyCodec, {
      ...valid,
      name: '',
      capacity: -1,
      region_coord: { x: 1.5, y: 0 },
      bounds: { min: { x: 'a' } },
    });
    expect(result).toEqual(
      E.left([
        'body.name: expected string of 1..256 characters, got ""',
        'body.region_coord.x: expected integer, got 1.5',
        'body.region_coord.z: missing, expected integer',
        'body.bounds: expected a number > 0 (half-extent around center) or {min: {x, y, z}, max: {x, y, z}}, got {"min":{"x":"a"}}',
        'body.capacity: expected integer 0..2^53-1, got -1',
      ]),
    );
  });

  it('says so when the body is not an object', () => {
    const result = decodeWith(RegisterBodyCodec, [1]);
    expect(E.isLeft(result) && result.left.every((line) => line.startsWith('body'))).toBe(true);
  });

  it('decodes heartbeats, with Horizon defaults optional', () => {
    const hb = { server_id: 's', current_connections: 3, load: 0.25, accepting_connections: true };
    expect(decodeWith(HeartbeatBodyCodec, hb)).toEqual(E.right(hb));
    expect(decodeWith(HeartbeatBodyCodec, { ...hb, load: 'x', memory_bytes: 1.5 })).toEqual(
      E.left(['body.load: expected finite number >= 0, got "x"', 'body.memory_bytes: expected integer 0..2^53-1, got 1.5']),
    );
  });
});
