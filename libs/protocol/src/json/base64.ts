// Standard base64 (RFC 4648, with padding), by hand: browsers have no Buffer and
// btoa/atob go through binary strings. Decoding is strict (canonical only) so every
// byte string has exactly one text form and a mutated frame cannot sneak through.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ENC: number[] = Array.from(ALPHABET, (c) => c.charCodeAt(0));
const DEC = new Int16Array(128).fill(-1);
for (let i = 0; i < ENC.length; i++) DEC[ENC[i] as number] = i;
const PAD = 0x3d; // '='

/** Encodes bytes as standard padded base64. */
export function base64Encode(b: Uint8Array): string {
  const out: number[] = new Array(Math.ceil(b.length / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < b.length; i += 3) {
    const n = ((b[i] as number) << 16) | ((b[i + 1] as number) << 8) | (b[i + 2] as number);
    out[o++] = ENC[n >>> 18] as number;
    out[o++] = ENC[(n >>> 12) & 63] as number;
    out[o++] = ENC[(n >>> 6) & 63] as number;
    out[o++] = ENC[n & 63] as number;
  }
  const rest = b.length - i;
  if (rest === 1) {
    const n = (b[i] as number) << 16;
    out[o++] = ENC[n >>> 18] as number;
    out[o++] = ENC[(n >>> 12) & 63] as number;
    out[o++] = PAD;
    out[o++] = PAD;
  } else if (rest === 2) {
    const n = ((b[i] as number) << 16) | ((b[i + 1] as number) << 8);
    out[o++] = ENC[n >>> 18] as number;
    out[o++] = ENC[(n >>> 12) & 63] as number;
    out[o++] = ENC[(n >>> 6) & 63] as number;
    out[o++] = PAD;
  }
  let s = '';
  for (let k = 0; k < out.length; k += 4096) s += String.fromCharCode(...out.slice(k, k + 4096));
  return s;
}

/** Decodes strict base64; returns the index of the first bad character instead of throwing. */
export function base64Decode(s: string): { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly at: number } {
  if (s.length % 4 !== 0) return { ok: false, at: s.length };
  let pad = 0;
  if (s.length > 0 && s.charCodeAt(s.length - 1) === PAD) pad = s.charCodeAt(s.length - 2) === PAD ? 2 : 1;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    const last = i + 4 === s.length;
    const a = sextet(s, i);
    const b = sextet(s, i + 1);
    const c = last && pad === 2 ? 0 : sextet(s, i + 2);
    const d = last && pad >= 1 ? 0 : sextet(s, i + 3);
    if (a < 0) return { ok: false, at: i };
    if (b < 0) return { ok: false, at: i + 1 };
    if (c < 0) return { ok: false, at: i + 2 };
    if (d < 0) return { ok: false, at: i + 3 };
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >>> 16;
    if (!(last && pad === 2)) out[o++] = (n >>> 8) & 255;
    else if ((n & 0xffff) !== 0) return { ok: false, at: i + 1 };
    if (!(last && pad >= 1)) out[o++] = n & 255;
    else if (pad === 1 && (n & 0xff) !== 0) return { ok: false, at: i + 2 };
  }
  return { ok: true, bytes: out };
}

function sextet(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c < 128 ? (DEC[c] as number) : -1;
}
