import * as E from 'fp-ts/lib/Either.js';
import { generateKeyPairSync } from 'node:crypto';
import { nodeIdentityFrom, nodePin } from './node-identity';

const pem = (type: 'ed25519' | 'x25519') => generateKeyPairSync(type as 'ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const none = { node_identity_key: '', node_identity_key_file: '' };

describe('nodeIdentityFrom', () => {
  it('is none without a key, and loads inline PEM or the key file', () => {
    expect(nodeIdentityFrom(none)).toEqual(E.right(undefined));
    const inline = nodeIdentityFrom({ ...none, node_identity_key: pem('ed25519') });
    const file = pem('ed25519');
    const fromFile = nodeIdentityFrom({ ...none, node_identity_key_file: '/etc/atlas/node.pem' }, (path) => (path === '/etc/atlas/node.pem' ? file : ''));
    if (E.isLeft(inline) || E.isLeft(fromFile) || inline.right === undefined || fromFile.right === undefined) throw new Error('not loaded');
    expect(nodePin(inline.right)).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(nodePin(fromFile.right)).not.toBe(nodePin(inline.right));
  });

  it('says which setting is wrong: an unreadable file, a key of another type', () => {
    const missing = nodeIdentityFrom({ ...none, node_identity_key_file: '/nonexistent/node.pem' });
    expect(missing).toEqual(E.left('security.node_identity_key_file: cannot read /nonexistent/node.pem: ENOENT'));
    expect(nodeIdentityFrom({ ...none, node_identity_key: pem('x25519') })).toEqual(E.left(expect.stringMatching(/^security\.node_identity_key: invalid node identity key: a x25519 key/)));
  });
});
