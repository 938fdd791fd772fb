// The opener and acceptor of a node <-> game-server link run against each other in
// memory; the fake driver's "proof" is valid when it equals the pre-shared key.
import { encodeServerFrame, type Frame } from '../codec';
import { CloseCode } from '../constants/close-codes';
import { pumpFrames } from '../testing/pump-frames';
import { LinkAcceptor, LinkOpener, type LinkHandshakeOutput, type LinkOpenerOptions } from './link-handshake';

const PSK = Uint8Array.of(7, 7, 7);
const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

function link(options: Partial<LinkOpenerOptions> = {}, acceptorProof = PSK) {
  const opener = new LinkOpener({ nodeId: 'n1', serverId: 'gs-a', nonce: Uint8Array.of(1), proof: PSK, ...options });
  const acceptor = new LinkAcceptor({ heartbeatMs: 1000, timeoutMs: 500 }, 0);
  const openerOut: LinkHandshakeOutput[] = [];
  const acceptorOut: LinkHandshakeOutput[] = [];
  const toAcceptor: Frame[] = [];
  const toOpener: Frame[] = [];
  const fromOpener = (outs: LinkHandshakeOutput[]): void => {
    openerOut.push(...outs);
    for (const o of outs) {
      if (o.kind === 'send') toAcceptor.push(o.frame);
      if (o.kind === 'verify' && o.welcome) {
        fromOpener(same(o.welcome.proof, PSK) ? opener.confirm(2) : opener.reject(CloseCode.LinkAuthFailed, 'bad proof', 2));
      }
    }
  };
  const fromAcceptor = (outs: LinkHandshakeOutput[]): void => {
    acceptorOut.push(...outs);
    for (const o of outs) {
      if (o.kind === 'send') toOpener.push(o.frame);
      if (o.kind === 'verify') {
        fromAcceptor(
          same(o.hello.proof, PSK) && o.hello.serverId === 'gs-a'
            ? acceptor.accept({ nonce: Uint8Array.of(2), proof: acceptorProof }, 1)
            : acceptor.reject(CloseCode.LinkAuthFailed, 'bad proof', 1),
        );
      }
    }
  };
  fromOpener(opener.start(0));
  pumpFrames(toAcceptor, (f) => fromAcceptor(acceptor.receive(f, 1)), toOpener, (g) => fromOpener(opener.receive(g, 2)));
  return { opener, acceptor, openerOut, acceptorOut };
}

const kinds = (outs: readonly { kind: string }[]): string[] => outs.map((o) => o.kind);

describe('link handshake machines', () => {
  it.each(['binary', 'json'] as const)('bring a link up over %s with mutual proofs', (encoding) => {
    const r = link({ encoding });
    expect(kinds(r.openerOut)).toEqual(['send', 'verify', 'established']);
    expect(kinds(r.acceptorOut)).toEqual(['verify', 'send', 'established']);
    const a = r.openerOut[2] as Extract<LinkHandshakeOutput, { kind: 'established' }>;
    const b = r.acceptorOut[2] as Extract<LinkHandshakeOutput, { kind: 'established' }>;
    expect(a.transcript).toEqual(b.transcript);
    expect(a.welcome.heartbeatMs).toBe(1000);
  });

  it('refuses an opener with a wrong pre-shared key', () => {
    const r = link({ proof: Uint8Array.of(0) });
    expect(r.acceptorOut).toContainEqual({ kind: 'close', code: CloseCode.LinkAuthFailed, reason: 'bad proof' });
    expect(r.opener.closed(CloseCode.LinkAuthFailed, 'bad proof')).toEqual([{ kind: 'failed', code: CloseCode.LinkAuthFailed, message: 'bad proof' }]);
  });

  it('lets the opener refuse an acceptor that cannot prove the key', () => {
    const r = link({}, Uint8Array.of(0));
    expect(r.openerOut).toContainEqual({ kind: 'close', code: CloseCode.LinkAuthFailed, reason: 'bad proof' });
    expect(r.opener.state).toBe('failed');
  });

  it('refuses a wrong version with UnsupportedVersion', () => {
    const r = link({ version: 9 });
    expect(kinds(r.acceptorOut)).toEqual(['close', 'failed']);
    expect(r.acceptorOut[0]).toMatchObject({ code: CloseCode.UnsupportedVersion });
  });

  it('times out on both sides', () => {
    const opener = new LinkOpener({ nodeId: 'n', serverId: 's', nonce: Uint8Array.of(), proof: Uint8Array.of(), timeoutMs: 100 });
    opener.start(0);
    expect(opener.tick(99)).toEqual([]);
    expect(opener.tick(100)).toContainEqual({ kind: 'close', code: CloseCode.HandshakeTimeout, reason: expect.any(String) });
    const acceptor = new LinkAcceptor({ heartbeatMs: 1, timeoutMs: 100 }, 0);
    expect(kinds(acceptor.tick(100))).toEqual(['close', 'failed']);
  });

  it('refuses a LinkWelcome for another server and anything but LinkHello first', () => {
    const opener = new LinkOpener({ nodeId: 'n1', serverId: 'gs-a', nonce: Uint8Array.of(), proof: Uint8Array.of() });
    opener.start(0);
    const wrong = encodeServerFrame(
      { type: 'LinkWelcome', version: 1, nodeId: 'n1', serverId: 'gs-b', nonce: Uint8Array.of(), proof: Uint8Array.of(), heartbeatMs: 1 },
      'binary',
    );
    expect(opener.receive(wrong, 1)).toContainEqual({ kind: 'close', code: CloseCode.LinkAuthFailed, reason: expect.any(String) });
    const acceptor = new LinkAcceptor({ heartbeatMs: 1 }, 0);
    expect(acceptor.receive(encodeServerFrame({ type: 'Ping', timestamp: 1 }, 'binary'), 0)).toContainEqual({
      kind: 'close',
      code: CloseCode.ProtocolViolation,
      reason: 'expected LinkHello, got Ping',
    });
  });
});
