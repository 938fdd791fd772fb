// The client and node handshake machines run against each other in memory, with a
// fake driver: tokens "good-*" verify, tickets "ticket-*" resume, everything else fails.
import fc from 'fast-check';
import { encodeClientFrame, type Encoding, type Frame } from '../codec';
import { CloseCode } from '../constants/close-codes';
import { Codec } from '../constants/enums';
import { arbClientMessage } from '../testing/arbitraries';
import { pumpFrames } from '../testing/pump-frames';
import { ClientHandshake, type ClientHandshakeOptions, type ClientHandshakeOutput } from './client-handshake';
import { ServerHandshake, type ServerHandshakeOutput } from './server-handshake';

const families = [[Codec.Lz4, Codec.Raw], [Codec.X25519Aes256Gcm, Codec.P256Aes256Gcm]];
const clientDefaults: ClientHandshakeOptions = {
  token: 'good-token',
  keyShare: Uint8Array.of(1, 2, 3),
  codecs: [Codec.Raw, Codec.Lz4, Codec.P256Aes256Gcm],
};

interface Run {
  client: ClientHandshake;
  server: ServerHandshake;
  clientOut: ClientHandshakeOutput[];
  serverOut: ServerHandshakeOutput[];
}

/** Connects the two machines; `answer` = false makes the driver never verify (to test timeouts). */
function run(options: Partial<ClientHandshakeOptions> = {}, answer = true, deliverToClient = true): Run {
  const client = new ClientHandshake({ ...clientDefaults, ...options });
  const server = new ServerHandshake({ codecFamilies: families, heartbeatMs: 5000, timeoutMs: 1000 }, 0);
  const r: Run = { client, server, clientOut: [], serverOut: [] };
  const toServer: Frame[] = [];
  const toClient: Frame[] = [];
  const absorbClient = (outs: ClientHandshakeOutput[]): void => {
    r.clientOut.push(...outs);
    for (const o of outs) if (o.kind === 'send') toServer.push(o.frame);
  };
  const absorbServer = (outs: ServerHandshakeOutput[]): void => {
    r.serverOut.push(...outs);
    for (const o of outs) {
      if (o.kind === 'send' && deliverToClient) toClient.push(o.frame);
      if (o.kind === 'verify' && answer) absorbServer(driverVerdict(server, o.connect.token, o.connect.resumeTicket));
    }
  };
  absorbClient(client.start(0));
  pumpFrames(toServer, (f) => absorbServer(server.receive(f, 1)), toClient, (g) => absorbClient(client.receive(g, 2)));
  return r;
}

function driverVerdict(server: ServerHandshake, token: string, ticket: string): ServerHandshakeOutput[] {
  if (ticket !== '') {
    if (!ticket.startsWith('ticket-')) return server.reject(CloseCode.ResumeFailed, 'unknown ticket', 1);
    return server.accept({ playerId: 'p-1', sessionId: 's-old', serverKeyShare: Uint8Array.of(9), resumeTicket: 'ticket-2', resumed: true }, 1);
  }
  if (!token.startsWith('good-')) return server.reject(CloseCode.AuthFailed, 'bad token', 1);
  return server.accept({ playerId: 'p-1', sessionId: 's-1', serverKeyShare: Uint8Array.of(9), resumeTicket: 'ticket-1', resumed: false }, 1);
}

const kinds = (outs: readonly { kind: string }[]): string[] => outs.map((o) => o.kind);

describe('client and node handshake machines', () => {
  it.each<Encoding>(['binary', 'json'])('open a session over %s with the same transcript on both sides', (encoding) => {
    const r = run({ encoding });
    expect(kinds(r.clientOut)).toEqual(['send', 'established']);
    expect(kinds(r.serverOut)).toEqual(['verify', 'send', 'established']);
    const c = r.clientOut[1] as Extract<ClientHandshakeOutput, { kind: 'established' }>;
    const s = r.serverOut[2] as Extract<ServerHandshakeOutput, { kind: 'established' }>;
    expect(c.transcript).toEqual(s.transcript);
    expect(c.welcome).toEqual(s.welcome);
    expect(c.welcome.codecs).toEqual([Codec.Lz4, Codec.P256Aes256Gcm]);
    expect(c.encoding).toBe(encoding);
    expect(s.encoding).toBe(encoding);
    expect(r.client.state).toBe('established');
    expect(r.server.state).toBe('established');
  });

  it('refuses a wrong protocol version with an Error and close code 4001', () => {
    const r = run({ version: 3 });
    expect(r.serverOut.slice(0, 2)).toEqual([
      { kind: 'send', frame: expect.any(Uint8Array) },
      { kind: 'close', code: CloseCode.UnsupportedVersion, reason: expect.stringContaining('supported: 1, 2') },
    ]);
    expect(r.clientOut[1]).toEqual({ kind: 'failed', code: CloseCode.UnsupportedVersion, message: expect.any(String) });
    expect(r.client.state).toBe('failed');
  });

  it.each([
    [1, 1],
    [2, 2],
  ])('a client announcing version %i gets a session at version %i, stated in the Welcome header', (announced, settled) => {
    const r = run({ version: announced });
    const c = r.clientOut.find((o) => o.kind === 'established') as Extract<ClientHandshakeOutput, { kind: 'established' }>;
    const v = r.serverOut.find((o) => o.kind === 'verify') as Extract<ServerHandshakeOutput, { kind: 'verify' }>;
    expect(v.version).toBe(settled);
    expect(c.welcome.version).toBe(settled);
    expect(c.transcript.welcome[0]).toBe(settled);
    // A v1 Welcome has no signature field: its bytes are those of the v1 protocol.
    expect('nodeSignature' in c.welcome).toBe(settled >= 2);
  });

  it('a client refuses a Welcome newer than it announced', () => {
    const client = new ClientHandshake({ ...clientDefaults, version: 1 });
    client.start(0);
    const welcome = encodeClientFrame(
      { type: 'Welcome', version: 2, playerId: 'p', sessionId: 's', serverKeyShare: Uint8Array.of(), codecs: [], heartbeatMs: 1, resumeTicket: '', resumed: false, nodeSignature: Uint8Array.of() },
      'binary',
    );
    expect(client.receive(welcome, 1)).toContainEqual({ kind: 'failed', code: CloseCode.UnsupportedVersion, message: expect.stringContaining('newer') });
  });

  it('refuses a bad token with AuthFailed', () => {
    const r = run({ token: 'forged' });
    expect(r.serverOut).toContainEqual({ kind: 'close', code: CloseCode.AuthFailed, reason: 'bad token' });
    expect(r.clientOut).toContainEqual({ kind: 'failed', code: CloseCode.AuthFailed, message: 'bad token' });
  });

  it('resumes a session with a ticket and refuses an unknown ticket', () => {
    const ok = run({ resumeTicket: 'ticket-1' });
    const est = ok.clientOut.find((o) => o.kind === 'established');
    expect(est).toMatchObject({ welcome: { resumed: true, sessionId: 's-old', resumeTicket: 'ticket-2' } });
    const bad = run({ resumeTicket: 'stolen' });
    expect(bad.clientOut).toContainEqual({ kind: 'failed', code: CloseCode.ResumeFailed, message: 'unknown ticket' });
  });

  it('refuses a client with no codec in common', () => {
    const r = run({ codecs: [Codec.Deflate, Codec.X25519Aes256Gcm] });
    expect(r.clientOut).toContainEqual({ kind: 'failed', code: CloseCode.UnsupportedCodec, message: 'no codec in common' });
  });

  it('times out on the client when no Welcome comes', () => {
    const r = run({ timeoutMs: 500 }, true, false);
    expect(r.client.tick(499)).toEqual([]);
    expect(r.client.tick(500)).toEqual([
      { kind: 'close', code: CloseCode.HandshakeTimeout, reason: expect.any(String) },
      { kind: 'failed', code: CloseCode.HandshakeTimeout, message: expect.any(String) },
    ]);
    expect(r.client.tick(900)).toEqual([]);
  });

  it('times out on the node when the client stays silent or verification never ends', () => {
    const silent = new ServerHandshake({ codecFamilies: families, heartbeatMs: 1, timeoutMs: 1000 }, 0);
    expect(silent.tick(999)).toEqual([]);
    expect(kinds(silent.tick(1000))).toEqual(['close', 'failed']);
    const stuck = run({}, false);
    expect(stuck.server.state).toBe('verifying');
    expect(stuck.server.tick(1000)).toContainEqual({ kind: 'close', code: CloseCode.HandshakeTimeout, reason: 'handshake timeout' });
    expect(stuck.server.accept({ playerId: 'late', sessionId: 's', serverKeyShare: Uint8Array.of(), resumeTicket: '', resumed: false }, 1001)).toEqual([]);
  });

  it('closes with ProtocolViolation on garbage or on an unexpected first message', () => {
    const s1 = new ServerHandshake({ codecFamilies: families, heartbeatMs: 1 }, 0);
    expect(s1.receive(Uint8Array.of(1, 200), 0)).toContainEqual({ kind: 'close', code: CloseCode.ProtocolViolation, reason: expect.any(String) });
    const s2 = new ServerHandshake({ codecFamilies: families, heartbeatMs: 1 }, 0);
    const move = encodeClientFrame({ type: 'Resume', lastReceivedSeq: 1 }, 'json');
    expect(s2.receive(move, 0)).toContainEqual({ kind: 'close', code: CloseCode.ProtocolViolation, reason: 'expected PlayerConnect, got Resume' });
    const c = new ClientHandshake(clientDefaults);
    c.start(0);
    expect(kinds(c.receive('{"nope":1}', 1))).toEqual(['close', 'failed']);
  });

  it('fails a client whose Welcome claims a resume it did not ask for', () => {
    const c = new ClientHandshake(clientDefaults);
    c.start(0);
    const welcome = encodeClientFrame(
      { type: 'Welcome', version: 1, playerId: 'p', sessionId: 's', serverKeyShare: Uint8Array.of(), codecs: [], heartbeatMs: 1, resumeTicket: '', resumed: true },
      'binary',
    );
    expect(c.receive(welcome, 1)).toContainEqual({ kind: 'failed', code: CloseCode.ProtocolViolation, message: 'resumed without a ticket' });
  });

  it('reports a socket closed mid-handshake', () => {
    const c = new ClientHandshake(clientDefaults);
    c.start(0);
    expect(c.closed(CloseCode.ServerFull, 'full')).toEqual([{ kind: 'failed', code: CloseCode.ServerFull, message: 'full' }]);
  });

  it('never throws and stays consistent under any sequence of frames, ticks and verdicts', () => {
    const step = fc.oneof(
      arbClientMessage.map((m) => ({ op: 'frame' as const, frame: encodeClientFrame(m, 'binary') })),
      fc.uint8Array({ maxLength: 20 }).map((frame) => ({ op: 'frame' as const, frame })),
      fc.integer({ min: 0, max: 2000 }).map((t) => ({ op: 'tick' as const, t })),
      fc.constant({ op: 'accept' as const }),
      fc.constantFrom(CloseCode.AuthFailed, CloseCode.ResumeFailed).map((code) => ({ op: 'reject' as const, code })),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        const s = new ServerHandshake({ codecFamilies: [], heartbeatMs: 1, timeoutMs: 1000 }, 0);
        const all: ServerHandshakeOutput[] = [];
        for (const st of steps) {
          const outs =
            st.op === 'frame'
              ? s.receive(st.frame, 0)
              : st.op === 'tick'
                ? s.tick(st.t)
                : st.op === 'accept'
                  ? s.accept({ playerId: 'p', sessionId: 's', serverKeyShare: Uint8Array.of(), resumeTicket: '', resumed: false }, 0)
                  : s.reject(st.code, 'no', 0);
          all.push(...outs);
        }
        const k = kinds(all);
        expect(k.filter((x) => x === 'established').length + k.filter((x) => x === 'failed').length).toBeLessThanOrEqual(1);
        if (k.includes('close')) expect(k[k.length - 1]).toBe('failed');
        if (k.includes('established')) expect(k.indexOf('verify')).toBeLessThan(k.indexOf('established'));
      }),
      { numRuns: 1000 },
    );
  });
});
