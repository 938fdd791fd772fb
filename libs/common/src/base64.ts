// Strict base64 (RFC 4648) without Buffer: browsers have none, and btoa/atob go through
// binary strings. Two variants share one codec: standard with padding (section 4, the
// JSON envelope's `data`) and unpadded base64url (section 5, tokens and public keys).
// Decoding accepts only the canonical form (no foreign characters, padding only where
// it belongs, zero trailing bits), so every byte string has exactly one text form and a
// mutated frame or token cannot sneak through as a second valid encoding.
import * as E from 'fp-ts/lib/Either.js';

interface Variant {
  readonly enc: readonly number[];
  readonly dec: Int16Array;
  readonly padded: boolean;
}

const PAD = 0x3d; // '='

function variant(alphabet: string, padded: boolean): Variant {
  const enc = Array.from(alphabet, (c) => c.charCodeAt(0));
  const dec = new Int16Array(128).fill(-1);
  enc.forEach((code, i) => (dec[code] = i));
  return { enc, dec, padded };
}

const STANDARD = variant('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', true);
const URL = variant('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', false);

function encode(b: Uint8Array, { enc, padded }: Variant): string {
  const out: number[] = [];
  let i = 0;
  for (; i + 2 < b.length; i += 3) {
    const n = ((b[i] as number) << 16) | ((b[i + 1] as number) << 8) | (b[i + 2] as number);
    out.push(enc[n >>> 18] as number, enc[(n >>> 12) & 63] as number, enc[(n >>> 6) & 63] as number, enc[n & 63] as number);
  }
  const rest = b.length - i;
  if (rest === 1) {
    const n = (b[i] as number) << 16;
    out.push(enc[n >>> 18] as number, enc[(n >>> 12) & 63] as number);
    if (padded) out.push(PAD, PAD);
  } else if (rest === 2) {
    const n = ((b[i] as number) << 16) | ((b[i + 1] as number) << 8);
    out.push(enc[n >>> 18] as number, enc[(n >>> 12) & 63] as number, enc[(n >>> 6) & 63] as number);
    if (padded) out.push(PAD);
  }
  let s = '';
  for (let k = 0; k < out.length; k += 4096) s += String.fromCharCode(...out.slice(k, k + 4096));
  return s;
}

function decode(s: string, { dec, padded }: Variant): E.Either<number, Uint8Array> {
  let end = s.length;
  if (padded) {
    if (end % 4 !== 0) return E.left(end);
    if (end > 0 && s.charCodeAt(end - 1) === PAD) end -= s.charCodeAt(end - 2) === PAD ? 2 : 1;
  } else if (end % 4 === 1) return E.left(end);
  const out = new Uint8Array((end * 3) >>> 2);
  let value = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    const digit = c < 128 ? (dec[c] as number) : -1;
    if (digit < 0) return E.left(i);
    value = ((value << 6) | digit) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  // Leftover bits must be zero, or two strings would decode to the same bytes.
  if ((value & ((1 << bits) - 1)) !== 0) return E.left(end - 1);
  return E.right(out);
}

/** Encodes bytes as standard padded base64. */
export const encodeBase64 = (bytes: Uint8Array): string => encode(bytes, STANDARD);

/** Decodes canonical padded base64; Left is the index of the first offending character (the length for a bad length). */
export const decodeBase64 = (text: string): E.Either<number, Uint8Array> => decode(text, STANDARD);

/** Encodes bytes as unpadded base64url. */
export const encodeBase64url = (bytes: Uint8Array): string => encode(bytes, URL);

/** Decodes canonical unpadded base64url; Left is the index of the first offending character (the length for a bad length). */
export const decodeBase64url = (text: string): E.Either<number, Uint8Array> => decode(text, URL);
