import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { createPlayerTokensSync, createResumeTicketsSync, type PlayerTokensSync, type ResumeTicketsSync } from '../node/tokens';
import { createPlayerTokens, createResumeTickets, type PlayerTokens, type ResumeTickets } from '../web/tokens';

function must<A>(result: E.Either<unknown, A>): A {
  if (E.isLeft(result)) throw new Error(`unexpected ${JSON.stringify(result.left)}`);
  return result.right;
}

const SECRET = 'a token secret of at least thirty-two bytes';
const NOW = 1_700_000_000_000;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT signed by hand, as a third-party JWT library would. */
function foreignJwt(header: unknown, payload: unknown, secret = SECRET): string {
  const signed = `${b64(header)}.${b64(payload)}`;
  return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
}

describe('player tokens', () => {
  let web: PlayerTokens;
  let node: PlayerTokensSync;
  beforeAll(async () => {
    web = must(await createPlayerTokens(SECRET));
    node = must(createPlayerTokensSync(SECRET));
  });

  it('issue and verify across WebCrypto and node:crypto, with claims', async () => {
    const input = { playerId: 'player-42', expiresInSeconds: 300, claims: { name: 'Ada', roles: ['mod'] }, now: NOW };
    const fromWeb = await web.issue(input);
    const fromNode = node.issue(input);
    expect(fromWeb).toBe(fromNode);
    const expected = E.right({ playerId: 'player-42', issuedAt: NOW / 1000, expiresAt: NOW / 1000 + 300, claims: input.claims });
    expect(node.verify(fromWeb, { now: NOW })).toEqual(expected);
    expect(await web.verify(fromNode, { now: NOW })).toEqual(expected);
  });

  it('is a standard HS256 JWT: tokens from other JWT libraries verify', async () => {
    const token = foreignJwt({ typ: 'JWT', alg: 'HS256' }, { sub: 'p1', exp: NOW / 1000 + 10, nbf: NOW / 1000 - 5, team: 'red' });
    const expected = E.right({ playerId: 'p1', expiresAt: NOW / 1000 + 10, notBefore: NOW / 1000 - 5, claims: { team: 'red' } });
    expect(node.verify(token, { now: NOW })).toEqual(expected);
    expect(await web.verify(token, { now: NOW })).toEqual(expected);
  });

  it('rejects expired and not-yet-valid tokens, honouring clock skew', async () => {
    const token = node.issue({ playerId: 'p', expiresInSeconds: 60, now: NOW });
    const expiredAt = NOW / 1000 + 60;
    expect(node.verify(token, { now: NOW + 60_000 })).toEqual(E.left({ kind: 'expired', expiredAt }));
    expect(await web.verify(token, { now: NOW + 60_000 })).toEqual(E.left({ kind: 'expired', expiredAt }));
    expect(E.isRight(node.verify(token, { now: NOW + 60_000, clockSkewSeconds: 5 }))).toBe(true);
    const early = foreignJwt({ alg: 'HS256' }, { sub: 'p', exp: NOW / 1000 + 100, nbf: NOW / 1000 + 50 });
    expect(node.verify(early, { now: NOW })).toEqual(E.left({ kind: 'not-yet-valid', notBefore: NOW / 1000 + 50 }));
  });

  it('rejects another secret, alg none and malformed structure with typed errors', async () => {
    const other = must(createPlayerTokensSync('another secret, also thirty-two bytes long'));
    const token = other.issue({ playerId: 'p', expiresInSeconds: 60, now: NOW });
    expect(node.verify(token, { now: NOW })).toEqual(E.left({ kind: 'bad-signature' }));
    expect(await web.verify(token, { now: NOW })).toEqual(E.left({ kind: 'bad-signature' }));
    const none = `${b64({ alg: 'none' })}.${b64({ sub: 'p', exp: NOW / 1000 + 9 })}.`;
    expect(node.verify(none)).toMatchObject(E.left({ kind: 'malformed-token' }));
    // Correctly signed but not HS256 in the header, or missing sub/exp: malformed after the signature check.
    expect(node.verify(foreignJwt({ alg: 'HS512' }, { sub: 'p', exp: 1e12 }))).toMatchObject(E.left({ kind: 'malformed-token' }));
    expect(node.verify(foreignJwt({ alg: 'HS256' }, { exp: 1e12 }))).toMatchObject(E.left({ kind: 'malformed-token' }));
    expect(node.verify(foreignJwt({ alg: 'HS256' }, { sub: 'p', exp: '1e12' }))).toMatchObject(E.left({ kind: 'malformed-token' }));
    expect(node.verify(foreignJwt({ alg: 'HS256' }, [1, 2]))).toMatchObject(E.left({ kind: 'malformed-token' }));
    for (const junk of [undefined, 42, '', 'a.b', 'a.b.c.d', 'x'.repeat(5000), `${token}=`]) {
      expect(node.verify(junk)).toMatchObject(E.left({ kind: 'malformed-token' }));
      expect(await web.verify(junk)).toMatchObject(E.left({ kind: 'malformed-token' }));
    }
  });

  it('never throws and never accepts a mutated token (1,000 runs)', () => {
    const token = node.issue({ playerId: 'player', expiresInSeconds: 3600, claims: { level: 3 }, now: NOW });
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), fc.string({ minLength: 1, maxLength: 1 }), (at, char) => {
        fc.pre(token[at] !== char);
        const mutated = token.slice(0, at) + char + token.slice(at + 1);
        expect(E.isLeft(node.verify(mutated, { now: NOW }))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses short secrets and reserved claim names', async () => {
    expect(createPlayerTokensSync('short')).toMatchObject(E.left({ kind: 'weak-parameters' }));
    expect(await createPlayerTokens(new Uint8Array(31))).toMatchObject(E.left({ kind: 'weak-parameters' }));
    expect(() => node.issue({ playerId: 'p', expiresInSeconds: 60, claims: { exp: 1 } })).toThrow(TypeError);
    expect(() => node.issue({ playerId: '', expiresInSeconds: 60 })).toThrow(TypeError);
  });
});

describe('resume tickets', () => {
  let web: ResumeTickets;
  let node: ResumeTicketsSync;
  beforeAll(async () => {
    web = must(await createResumeTickets(SECRET));
    node = must(createResumeTicketsSync(SECRET));
  });
  const input = { playerId: 'p7', sessionId: 's-123', nodeId: 'node-a', expiresInSeconds: 120, now: NOW };

  it('are signed by one node and verified by another, on either backend', async () => {
    const ticket = node.issue(input);
    expect(ticket.startsWith('rt1.')).toBe(true);
    expect(await web.issue(input)).toBe(ticket);
    const expected = E.right({ playerId: 'p7', sessionId: 's-123', nodeId: 'node-a', ticketId: '', issuedAt: NOW / 1000, expiresAt: NOW / 1000 + 120 });
    expect(await web.verify(ticket, { now: NOW, playerId: 'p7', sessionId: 's-123' })).toEqual(expected);
    expect(node.verify(ticket, { now: NOW })).toEqual(expected);
  });

  it('carry their ticket id, so the session directory can redeem each ticket once', async () => {
    const ticket = node.issue({ ...input, ticketId: 'tid-1' });
    expect(await web.issue({ ...input, ticketId: 'tid-1' })).toBe(ticket);
    expect(node.verify(ticket, { now: NOW })).toMatchObject(E.right({ ticketId: 'tid-1' }));
    expect(node.issue({ ...input, ticketId: 'tid-2' })).not.toBe(ticket);
  });

  it('are bound to their player and session, and expire', async () => {
    const ticket = await web.issue(input);
    expect(node.verify(ticket, { now: NOW, playerId: 'p8' })).toEqual(E.left({ kind: 'ticket-mismatch', field: 'playerId' }));
    expect(node.verify(ticket, { now: NOW, sessionId: 's-124' })).toEqual(E.left({ kind: 'ticket-mismatch', field: 'sessionId' }));
    expect(node.verify(ticket, { now: NOW + 120_000 })).toEqual(E.left({ kind: 'expired', expiredAt: NOW / 1000 + 120 }));
  });

  it('never pass as player tokens, nor tokens as tickets, under one secret', async () => {
    const tokens = must(createPlayerTokensSync(SECRET));
    const token = tokens.issue({ playerId: 'p7', expiresInSeconds: 60, now: NOW });
    expect(node.verify(token, { now: NOW })).toEqual(E.left({ kind: 'bad-signature' }));
    expect(tokens.verify(node.issue(input), { now: NOW })).toEqual(E.left({ kind: 'bad-signature' }));
  });

  it('reject tampering with typed errors', async () => {
    const ticket = node.issue(input);
    const [prefix, payload, signature] = ticket.split('.') as [string, string, string];
    const forged = `${prefix}.${b64({ pid: 'p7', sid: 's-123', nid: 'node-a', iat: 0, exp: 1e12 })}.${signature}`;
    expect(node.verify(forged, { now: NOW })).toEqual(E.left({ kind: 'bad-signature' }));
    expect(await web.verify(`${prefix}.${payload}`, { now: NOW })).toMatchObject(E.left({ kind: 'malformed-token' }));
  });
});

describe('the examples in docs/encryption.md', () => {
  const secret = 'docs-example-secret-of-32-bytes-or-more';
  const now = 1_700_000_000_000;

  it('verify as documented', () => {
    const token =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJwbGF5ZXItNDIiLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMzYwMCwibmFtZSI6IkFkYSJ9.dXzRsJPJ8iPT_y6m6hXDJNURdiZnKcQWYiauA0N9im4';
    expect(must(createPlayerTokensSync(secret)).verify(token, { now })).toEqual(
      E.right({ playerId: 'player-42', issuedAt: 1_700_000_000, expiresAt: 1_700_003_600, claims: { name: 'Ada' } }),
    );
    const ticket =
      'rt1.eyJwaWQiOiJwbGF5ZXItNDIiLCJzaWQiOiJzLTdmM2EiLCJuaWQiOiJub2RlLTEiLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMDMwMH0.HbKFKhqlx0wxQiNUiMhVSgubedVHkW_QBW91pIBar00';
    expect(must(createResumeTicketsSync(secret)).verify(ticket, { now, playerId: 'player-42' })).toEqual(
      E.right({ playerId: 'player-42', sessionId: 's-7f3a', nodeId: 'node-1', ticketId: '', issuedAt: 1_700_000_000, expiresAt: 1_700_000_300 }),
    );
    // The ticket MAC, recomputed from its documented definition.
    const signed = ticket.slice(0, ticket.lastIndexOf('.'));
    const mac = createHmac('sha256', secret).update(`atlas/1 resume ticket\u0000${signed}`).digest('base64url');
    expect(ticket.endsWith(`.${mac}`)).toBe(true);
  });
});
