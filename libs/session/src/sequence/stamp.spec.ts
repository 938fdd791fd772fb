import { ActionChannel, type ClientSingleMessage } from '@atlas/protocol';
import { lastStamped, stampSequence } from '..';

describe('stampSequence', () => {
  it('numbers sequenced messages with copies, leaves the rest alone, and wraps at u32', () => {
    const cursor = { nextSeq: 0xffff_ffff };
    const shared: ClientSingleMessage = { type: 'PlayerAction', seq: 0, channel: ActionChannel.Reliable, tag: 1, data: new Uint8Array(0) };
    const heartbeat: ClientSingleMessage = { type: 'Heartbeat', timestamp: 1, echo: 0 };
    expect(stampSequence(cursor, shared)).toMatchObject({ seq: 0xffff_ffff });
    expect(stampSequence(cursor, heartbeat)).toBe(heartbeat);
    expect(stampSequence(cursor, shared)).toMatchObject({ seq: 0 });
    expect(shared.seq).toBe(0);
    expect(lastStamped(cursor)).toBe(0);
    expect(lastStamped({ nextSeq: 1 })).toBe(0);
  });
});
