/**
 * The examples' generated data looks random but is the same on every run, at every parallelism:
 * each record is a function of its index alone (what DataGeneratorSource calls), through this hash.
 */

/** A well-mixed unsigned 32-bit hash of the whole number `i` (murmur3's finalizer). */
export function pseudoRandom(i: number): number {
  let h = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
