import * as E from 'fp-ts/lib/Either.js';
import { createLinkProofSync, derivePreSharedKeySync, verifyLinkProofSync } from './node/psk';
import { LinkRoles, MIN_PBKDF2_ITERATIONS, createLinkNonce, type LinkProofInput } from './psk';
import { createLinkProof, derivePreSharedKey, verifyLinkProof } from './web/psk';

function must<A>(result: E.Either<unknown, A>): A {
  if (E.isLeft(result)) throw new Error(`unexpected ${JSON.stringify(result.left)}`);
  return result.right;
}

const config = { secret: 'cluster passphrase', salt: 'deployment-salt-eu-1', iterations: MIN_PBKDF2_ITERATIONS };

describe('pre-shared keys', () => {
  it('derive the same 32-byte key with WebCrypto and node:crypto', async () => {
    const web = must(await derivePreSharedKey(config));
    expect(web).toHaveLength(32);
    expect(must(derivePreSharedKeySync(config))).toEqual(web);
  });

  it('enforce at least 100,000 iterations, a 16-byte salt and a secret', async () => {
    for (const bad of [
      { ...config, iterations: 99_999 },
      { ...config, iterations: 100_000.5 },
      { ...config, iterations: 20_000_000 },
      { ...config, salt: 'short salt' },
      { ...config, secret: '' },
    ]) {
      expect(derivePreSharedKeySync(bad)).toMatchObject(E.left({ kind: 'weak-parameters' }));
      expect(await derivePreSharedKey(bad)).toMatchObject(E.left({ kind: 'weak-parameters' }));
    }
  });
});

describe('link proofs (node <-> server challenge-response)', () => {
  const psk = new Uint8Array(32).fill(1);
  const initiatorNonce = createLinkNonce();
  const responderNonce = createLinkNonce();
  const context = new TextEncoder().encode('hello node-1 server-9');
  const as = (role: LinkProofInput['role']): LinkProofInput => ({ role, initiatorNonce, responderNonce, context });

  it('verify across backends for both roles', async () => {
    for (const role of [LinkRoles.Initiator, LinkRoles.Responder]) {
      const proof = must(await createLinkProof(psk, as(role)));
      expect(must(createLinkProofSync(psk, as(role)))).toEqual(proof);
      expect(verifyLinkProofSync(psk, proof, as(role))).toEqual(E.right(undefined));
      expect(await verifyLinkProof(psk, proof, as(role))).toEqual(E.right(undefined));
    }
  });

  it('reject a reflected proof, another key, other nonces or context', async () => {
    const proof = must(createLinkProofSync(psk, as(LinkRoles.Initiator)));
    const bad = E.left({ kind: 'bad-proof' });
    expect(verifyLinkProofSync(psk, proof, as(LinkRoles.Responder))).toEqual(bad);
    expect(await verifyLinkProof(new Uint8Array(32).fill(2), proof, as(LinkRoles.Initiator))).toEqual(bad);
    expect(verifyLinkProofSync(psk, proof, { ...as(LinkRoles.Initiator), responderNonce: createLinkNonce() })).toEqual(bad);
    expect(verifyLinkProofSync(psk, proof, { ...as(LinkRoles.Initiator), context: undefined })).toEqual(bad);
    expect(verifyLinkProofSync(psk, proof.subarray(1), as(LinkRoles.Initiator))).toEqual(bad);
  });

  it('refuse nonces that are too short or too long (peer input)', async () => {
    const short = { ...as(LinkRoles.Initiator), initiatorNonce: new Uint8Array(8) };
    expect(createLinkProofSync(psk, short)).toMatchObject(E.left({ kind: 'weak-parameters' }));
    const long = { ...as(LinkRoles.Initiator), responderNonce: new Uint8Array(256) };
    expect(await verifyLinkProof(psk, new Uint8Array(32), long)).toMatchObject(E.left({ kind: 'weak-parameters' }));
  });
});
