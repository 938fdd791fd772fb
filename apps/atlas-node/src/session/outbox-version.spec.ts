// The outbox never puts a message on a session's wire that the session's version lacks.
import { CLIENT_SINCE, type ClientSingleMessage } from '@atlas/protocol';
import { FakeSocket } from '../testing/fake-socket';
import { Outbox } from './outbox';
import { ClientSession, Phase } from './session';

describe('Outbox and protocol versions', () => {
  const heartbeat: ClientSingleMessage = { type: 'Heartbeat', timestamp: 1, echo: 0 };

  it('writes at the session version and drops (and counts) a message newer than it', () => {
    const unsendable: string[] = [];
    const outbox = new Outbox({ maxBackpressureBytes: () => 1 << 20, unsendable: (t) => unsendable.push(t) });
    for (const version of [1, 2]) {
      const s = new ClientSession(1, 0);
      const ws = new FakeSocket();
      s.ws = ws;
      s.phase = Phase.Active;
      s.version = version;
      outbox.enqueue(s, heartbeat);
      outbox.flush();
      expect(ws.sent.map((f) => (f.data as Uint8Array)[0])).toEqual([version]);
    }
    // Pretend Heartbeat were new in version 2: a v1 session gets nothing, and it is counted.
    const table = CLIENT_SINCE as { Heartbeat: number };
    const was = table.Heartbeat;
    table.Heartbeat = 2;
    try {
      const s = new ClientSession(2, 0);
      const ws = new FakeSocket();
      s.ws = ws;
      s.phase = Phase.Active;
      s.version = 1;
      outbox.enqueue(s, heartbeat);
      outbox.flush();
      expect(ws.sent).toEqual([]);
      expect(unsendable).toEqual(['Heartbeat']);
    } finally {
      table.Heartbeat = was;
    }
  });
});
