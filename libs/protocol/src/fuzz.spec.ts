// 100,000 random and mutated frames into every decoder: each returns a value or a typed
// error with an offset inside the frame, never throws. A mutated binary frame that still
// decodes must re-encode to exactly the same bytes (the binary encoding is canonical).
import { decodeBase64, encodeBase64, seededRandom } from '@atlas/common';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { decodeClientMessage } from './binary/client-decode';
import { encodeClientMessage } from './binary/client-encode';
import { decodeServerMessage } from './binary/server-decode';
import { encodeServerMessage } from './binary/server-encode';
import type { ProtocolError } from './errors';
import { decodeClientJson, decodeServerJson, encodeClientJson, encodeServerJson } from './json/json-codec';
import { arbClientMessage, arbServerMessage } from './testing/arbitraries';
import { clientSamples, serverSamples } from './testing/samples';

const FRAMES = 100_000;
const KINDS = new Set(['truncated', 'unknown-type', 'unsupported-version', 'oversize', 'invalid-field']);

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function noise(n: number, int: (n: number) => number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = int(256);
  return out;
}

function mutate(seedFrames: readonly Uint8Array[], rand: () => number): Uint8Array {
  const int = (n: number): number => Math.floor(rand() * n);
  const base = seedFrames[int(seedFrames.length)] as Uint8Array;
  const op = int(8);
  if (op === 0) return noise(int(64), int); // pure noise
  const b = base.slice();
  switch (op) {
    case 1: // flip one bit
      if (b.length > 0) {
        const at = int(b.length);
        b[at] = (b[at] as number) ^ (1 << int(8));
      }
      return b;
    case 2: // overwrite a few bytes
      for (let i = 0; i < 1 + int(4) && b.length > 0; i++) b[int(b.length)] = int(256);
      return b;
    case 3: // truncate
      return b.subarray(0, int(b.length + 1));
    case 4: // append garbage
      return concat(b, noise(1 + int(8), int));
    case 5: // set a u32 somewhere to an extreme length
      if (b.length >= 6) new DataView(b.buffer).setUint32(2 + int(b.length - 5), [0, 1, 0xffff, 0xffffffff][int(4)] as number, true);
      return b;
    case 6: { // splice two frames
      const other = seedFrames[int(seedFrames.length)] as Uint8Array;
      return concat(b.subarray(0, int(b.length + 1)), other.subarray(int(other.length + 1)));
    }
    default: // keep the header, randomise the body
      return concat(b.subarray(0, 2), noise(int(40), int));
  }
}

function checkError(e: ProtocolError, length: number): void {
  if (!KINDS.has(e.kind) || !(e.offset >= 0 && e.offset <= length) || typeof e.message !== 'string') {
    throw new Error(`bad error ${JSON.stringify(e)} for a frame of ${length} bytes`);
  }
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

describe('fuzzing every decoder', () => {
  const clientMessages = [...Object.values(clientSamples), ...fc.sample(arbClientMessage, { numRuns: 200, seed: 1 })];
  const serverMessages = [...Object.values(serverSamples), ...fc.sample(arbServerMessage, { numRuns: 200, seed: 2 })];
  const clientSeeds = clientMessages.map((m) => encodeClientMessage(m));
  const serverSeeds = serverMessages.map((m) => encodeServerMessage(m));
  const clientTexts = clientMessages.map((m) => encodeClientJson(m));
  const serverTexts = serverMessages.map((m) => encodeServerJson(m));

  it.each([
    ['client', clientSeeds, decodeClientMessage, encodeClientMessage] as const,
    ['server', serverSeeds, decodeServerMessage, encodeServerMessage] as const,
  ])(`binary %s-link decoder survives ${FRAMES} random and mutated frames`, (_link, seeds, decode, encode) => {
    const rand = seededRandom(0xa71a5);
    let decoded = 0;
    for (let i = 0; i < FRAMES; i++) {
      const frame = mutate(seeds, rand);
      const r = decode(frame, { maxFrameBytes: 4096 });
      if (E.isLeft(r)) checkError(r.left, frame.length);
      else {
        decoded++;
        if (!sameBytes(encode(r.right as never), frame)) throw new Error(`non-canonical frame ${Array.from(frame).join(',')}`);
      }
    }
    expect(decoded).toBeGreaterThan(FRAMES / 100); // the mutations keep some frames valid
    expect(decoded).toBeLessThan(FRAMES);
  });

  it.each([
    ['client', clientTexts, decodeClientJson] as const,
    ['server', serverTexts, decodeServerJson] as const,
  ])(`JSON %s-link decoder survives ${FRAMES} mutated envelopes`, (_link, texts, decodeJson) => {
    const rand = seededRandom(0x15012);
    // Envelopes split around their data so a mutated body is spliced back without JSON.stringify.
    const parts = texts.map((t) => {
      const env = JSON.parse(t) as { data: string };
      const at = t.indexOf(env.data);
      const body = decodeBase64(env.data);
      return { head: t.slice(0, at), tail: t.slice(at + env.data.length), body: Uint8Array.from([0, 0, ...(E.isRight(body) ? body.right : [])]) };
    });
    const bodies = parts.map((p) => p.body);
    for (let i = 0; i < FRAMES; i++) {
      let text: string;
      const k = Math.floor(rand() * texts.length);
      if (rand() < 0.5) {
        // a mutated body inside a valid envelope
        const part = parts[k] as (typeof parts)[number];
        text = part.head + encodeBase64(mutate(bodies, rand).subarray(2)) + part.tail;
      } else {
        // mutated text
        const t = texts[k] as string;
        const at = Math.floor(rand() * t.length);
        text = t.slice(0, at) + String.fromCharCode(32 + Math.floor(rand() * 95)) + t.slice(at + 1);
        if (rand() < 0.2) text = text.slice(0, Math.floor(rand() * text.length));
      }
      const r = decodeJson(text);
      if (E.isLeft(r)) checkError(r.left, text.length);
    }
  });
});
