/** FNV-1a offset basis (32-bit). */
const OFFSET_BASIS = 0x811c9dc5;
/** FNV-1a prime (32-bit). */
const PRIME = 0x01000193;
/** Bound once: inside a vm context (Jest) each `Math.imul` lookup goes through the global proxy. */
const imul = Math.imul;

/**
 * 32-bit FNV-1a of `bytes[start, end)` as an unsigned integer. Not cryptographic: it tells a
 * delta's base apart from a different snapshot, it does not resist a forger.
 */
export function fnv1a32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let hash = OFFSET_BASIS;
  for (let i = start; i < end; i++) {
    hash = imul(hash ^ (bytes[i] as number), PRIME);
  }
  return hash >>> 0;
}
