import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import type { ClientSingleMessage } from '../model/client-messages';
import { arbClientSingle, arbServerSingle } from '../testing/arbitraries';
import { createClientBatchWriter, createServerBatchWriter } from './batch-writer';
import { decodeClientMessage } from './client-decode';
import { encodeClientMessage } from './client-encode';
import { decodeServerMessage } from './server-decode';
import { encodeServerMessage } from './server-encode';

describe('BatchWriter', () => {
  it('emits nothing for no message, the plain frame for one, and a Batch for several', () => {
    fc.assert(
      fc.property(fc.array(arbClientSingle, { maxLength: 5 }), (messages) => {
        const b = createClientBatchWriter();
        for (const m of messages) b.add(m);
        const frame = b.finish();
        expect(b.byteLength).toBe(frame?.length ?? 0);
        if (messages.length === 0) expect(frame).toBeUndefined();
        else if (messages.length === 1) expect(frame).toEqual(encodeClientMessage(messages[0] as ClientSingleMessage));
        else expect(frame).toEqual(encodeClientMessage({ type: 'Batch', messages }));
        b.reset();
        expect(b.finish()).toBeUndefined();
      }),
      { numRuns: 1000 },
    );
  });

  it('builds server-link batches that decode to the same messages', () => {
    fc.assert(
      fc.property(fc.array(arbServerSingle, { minLength: 2, maxLength: 5 }), (messages) => {
        const b = createServerBatchWriter();
        for (const m of messages) b.add(m);
        const frame = b.finish() as Uint8Array;
        expect(frame).toEqual(encodeServerMessage({ type: 'Batch', messages }));
        expect(decodeServerMessage(frame)).toEqual(E.right({ type: 'Batch', messages }));
      }),
      { numRuns: 1000 },
    );
  });

  it('reuses its buffer turn after turn', () => {
    const b = createClientBatchWriter();
    const heartbeat = { type: 'Heartbeat', timestamp: 1, echo: 0 } as const;
    b.add(heartbeat);
    b.add(heartbeat);
    const first = b.finish() as Uint8Array;
    b.reset();
    b.add(heartbeat);
    b.add(heartbeat);
    expect(b.finish()?.buffer).toBe(first.buffer);
    expect(decodeClientMessage(first)).toEqual(E.right({ type: 'Batch', messages: [heartbeat, heartbeat] }));
  });
});
