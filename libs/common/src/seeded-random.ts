// A small seeded PRNG (mulberry32): reproducible runs of load tests, benchmarks and
// generated test data from one 32-bit seed. Not for secrets: use the crypto lib's
// random bytes for anything an attacker must not predict.

/** Uniform numbers in [0, 1). */
export type Random = () => number;

// Bound once: global lookups are slow inside vm contexts such as Jest's.
const imul = Math.imul;

/** A mulberry32 generator from a 32-bit seed. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
