// What the node identity key signs in a version-2 Welcome: a label, the PlayerConnect
// frame exactly as it travelled, and the binary encoding of the Welcome with an empty
// signature. Both key shares are inside, so a relay that answers with its own share must
// sign with its own key, which a client that pinned the node's key refuses.
import { encodeClientMessage } from '../binary/client-encode';
import type { Welcome } from '../model/client-messages';

const LABEL = new TextEncoder().encode('atlas node identity v2\0');
const EMPTY = new Uint8Array(0);

/** The bytes the node signs (and the client verifies) for `welcome`, answering the PlayerConnect bytes `hello`. */
export function nodeSignedBytes(hello: Uint8Array, welcome: Welcome): Uint8Array {
  const body = encodeClientMessage({ ...welcome, nodeSignature: EMPTY }, undefined, welcome.version);
  const out = new Uint8Array(LABEL.length + 4 + hello.length + body.length);
  out.set(LABEL, 0);
  new DataView(out.buffer).setUint32(LABEL.length, hello.length, true);
  out.set(hello, LABEL.length + 4);
  out.set(body, LABEL.length + 4 + hello.length);
  return out;
}
