import * as E from 'fp-ts/lib/Either.js';
import { clientSamples, sampleMove, serverSamples } from '../testing/samples';
import { ByteWriter } from './byte-writer';
import { decodeClientMessage } from './client-decode';
import { encodeClientMessage } from './client-encode';
import { decodeServerMessage } from './server-decode';
import { encodeServerMessage } from './server-encode';

describe('binary codec', () => {
  it.each(Object.values(clientSamples))('round-trips the client-link sample $type', (m) => {
    expect(decodeClientMessage(encodeClientMessage(m))).toEqual(E.right(m));
  });

  it.each(Object.values(serverSamples))('round-trips the server-link sample $type', (m) => {
    expect(decodeServerMessage(encodeServerMessage(m))).toEqual(E.right(m));
  });

  it('encodes a PlayerMove without orientation in 51 bytes and with it in 67', () => {
    expect(encodeClientMessage(sampleMove).length).toBe(51);
    expect(encodeClientMessage(clientSamples.PlayerMove).length).toBe(67);
  });

  it('reuses the writer buffer on the hot path', () => {
    const w = new ByteWriter(64);
    const a = encodeClientMessage(sampleMove, w);
    const b = encodeClientMessage(sampleMove, w);
    expect(a.buffer).toBe(b.buffer);
  });

  it('refuses a server-link frame on the client link as an unknown type', () => {
    const r = decodeClientMessage(encodeServerMessage(serverSamples.Ping));
    expect(r).toEqual(E.left(expect.objectContaining({ kind: 'unknown-type', offset: 1, typeId: 75 })));
  });

  it('keeps a string field that starts with U+FEFF (a decoder strips a leading BOM by default)', () => {
    const m = { ...serverSamples.PeerMessage, fromServer: '\uFEFFgs-b' } as const;
    expect(decodeServerMessage(encodeServerMessage(m))).toEqual(E.right(m));
  });
});
