// Traced (v2): the envelope round-trips around any message it may carry, and refuses to
// carry a Batch, a handshake or another Traced.
import * as E from 'fp-ts/lib/Either.js';
import { encodeServerMessage } from './server-encode';
import { decodeServerMessage } from './server-decode';
import type { ServerMessage } from '../model/server-messages';

const accept = { type: 'TransferAccept', handle: 2, transferId: 9 } as const;
const traced = (message: unknown): ServerMessage => ({ type: 'Traced', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', tracestate: 'atlas=1', message }) as ServerMessage;

describe('Traced', () => {
  it('round-trips, also inside a Batch', () => {
    for (const m of [traced(accept), { type: 'Batch', messages: [traced(accept), { type: 'Ping', timestamp: 1 }] } as ServerMessage]) {
      expect(decodeServerMessage(encodeServerMessage(m))).toEqual(E.right(m));
    }
  });

  it.each([
    ['another Traced', traced(accept)],
    ['a LinkHello', { type: 'LinkHello', version: 2, nodeId: 'n', serverId: 's', nonce: new Uint8Array(0), proof: new Uint8Array(0) }],
  ])('refuses to carry %s', (_name, inner) => {
    expect(decodeServerMessage(encodeServerMessage(traced(inner)))).toMatchObject({ left: { kind: 'invalid-field', field: 'message' } });
  });

  it('refuses to carry a Batch', () => {
    const r = decodeServerMessage(encodeServerMessage(traced({ type: 'Batch', messages: [accept] })));
    expect(r).toMatchObject({ left: { kind: 'invalid-field', field: 'type' } });
  });
});
