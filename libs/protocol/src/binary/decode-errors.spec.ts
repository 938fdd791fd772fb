// Decoders report what went wrong and where: a typed error with the byte offset.
import * as E from 'fp-ts/lib/Either.js';
import { decodeClientJson } from '../json/json-codec';
import { clientSamples, sampleMove, serverSamples } from '../testing/samples';
import { decodeClientMessage } from './client-decode';
import { encodeClientMessage } from './client-encode';
import { decodeServerMessage } from './server-decode';
import { encodeServerMessage } from './server-encode';

const move = (): Uint8Array => encodeClientMessage(sampleMove);
const err = (r: E.Either<unknown, unknown>): unknown => (E.isLeft(r) ? r.left : 'decoded');

describe('decode errors', () => {
  it('reports a truncated frame at the field that ran out', () => {
    expect(err(decodeClientMessage(move().subarray(0, 20)))).toMatchObject({ kind: 'truncated', offset: 15, needed: 3 });
    expect(err(decodeClientMessage(Uint8Array.of(1)))).toMatchObject({ kind: 'truncated', offset: 1 });
    expect(err(decodeClientMessage(Uint8Array.of()))).toMatchObject({ kind: 'truncated', offset: 0 });
  });

  it('refuses an unknown version at byte 0 and an unknown type at byte 1', () => {
    const f = move();
    f[0] = 9;
    expect(err(decodeClientMessage(f))).toMatchObject({ kind: 'unsupported-version', offset: 0, version: 9 });
    expect(err(decodeClientMessage(Uint8Array.of(1, 99)))).toMatchObject({ kind: 'unknown-type', offset: 1, typeId: 99 });
  });

  it('refuses frames over the size limit before reading them', () => {
    expect(err(decodeClientMessage(move(), { maxFrameBytes: 50 }))).toMatchObject({ kind: 'oversize', offset: 0, size: 51, limit: 50 });
    const batch = encodeClientMessage({ type: 'Batch', messages: [sampleMove, sampleMove, sampleMove] });
    expect(err(decodeClientMessage(batch, { maxBatchMessages: 2 }))).toMatchObject({ kind: 'oversize', offset: 2, size: 3, limit: 2 });
  });

  it('refuses non-finite floats, unknown flags, bad enums and trailing bytes with the field and offset', () => {
    const nan = move();
    new DataView(nan.buffer).setFloat32(43, Number.NaN, true);
    expect(err(decodeClientMessage(nan))).toMatchObject({ kind: 'invalid-field', offset: 43, field: 'velocity' });
    const flags = move();
    flags[14] = 2;
    expect(err(decodeClientMessage(flags))).toMatchObject({ kind: 'invalid-field', offset: 14, field: 'flags' });
    const action = encodeClientMessage(clientSamples.PlayerAction);
    action[6] = 7;
    expect(err(decodeClientMessage(action))).toMatchObject({ kind: 'invalid-field', offset: 6, field: 'channel' });
    expect(err(decodeClientMessage(Uint8Array.from([...move(), 0])))).toMatchObject({ kind: 'invalid-field', offset: 51, field: 'frame' });
  });

  it('refuses a full snapshot with a base, handle 0 and malformed UTF-8', () => {
    const full = encodeClientMessage({ type: 'StateSync', seq: 1, mode: 0, baseSeq: 3, data: Uint8Array.of() });
    expect(err(decodeClientMessage(full))).toMatchObject({ kind: 'invalid-field', offset: 7, field: 'baseSeq' });
    const detach = encodeServerMessage({ ...serverSamples.Detach, handle: 0 });
    expect(err(decodeServerMessage(detach))).toMatchObject({ kind: 'invalid-field', offset: 2, field: 'handle' });
    const error = encodeClientMessage({ type: 'Error', code: 4100, message: 'éé' });
    error[6] = 0xff;
    expect(err(decodeClientMessage(error))).toMatchObject({ kind: 'invalid-field', offset: 4, field: 'message' });
  });

  it('reports errors inside nested frames at their offset in the outer frame', () => {
    const fwd = encodeServerMessage({ type: 'Forward', handle: 5, message: sampleMove });
    fwd[10 + 14] = 4; // the inner move's flags byte (outer header 2 + handle 4 + length 4)
    expect(err(decodeServerMessage(fwd))).toMatchObject({ kind: 'invalid-field', offset: 24, field: 'flags' });
    const nested = encodeClientMessage({ type: 'Batch', messages: [] });
    const batchInBatch = Uint8Array.from([1, 15, 1, 0, nested.length, 0, 0, 0, ...nested]);
    expect(err(decodeClientMessage(batchInBatch))).toMatchObject({ kind: 'invalid-field', offset: 9, field: 'type' });
  });

  it('gives JSON envelope problems as typed errors too', () => {
    expect(err(decodeClientJson('not json'))).toMatchObject({ kind: 'invalid-field', field: 'json' });
    expect(err(decodeClientJson('{"message_type":"resume","player_id":"","data":"AwAAAA==","timestamp":0,"version":7}'))).toMatchObject({
      kind: 'unsupported-version',
      version: 7,
    });
    expect(err(decodeClientJson('{"message_type":"nope","player_id":"","data":"","timestamp":0,"version":1}'))).toMatchObject({
      kind: 'unknown-type',
      typeId: 'nope',
    });
    expect(err(decodeClientJson('{"message_type":"resume","player_id":"","data":"AwAA","timestamp":0,"version":1}'))).toMatchObject({
      kind: 'truncated',
      offset: 0,
    });
  });
});
