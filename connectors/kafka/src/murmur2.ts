/**
 * Kafka's murmur2 (the Java producer's `Utils.murmur2`): the default partition of a keyed record is
 * `(murmur2(key) & 0x7fffffff) % partitions`, so Weir and Java producers put a key in the same place.
 */
const SEED = 0x9747b28c;
const M = 0x5bd1e995;

export function murmur2(bytes: Uint8Array, length = bytes.length): number {
  let h = SEED ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const tail = length & 3;
  if (tail > 0) {
    if (tail === 3) h ^= bytes[whole + 2] << 16;
    if (tail >= 2) h ^= bytes[whole + 1] << 8;
    h ^= bytes[whole];
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h;
}

export function keyPartition(key: Uint8Array, length: number, partitions: number): number {
  return (murmur2(key, length) & 0x7fffffff) % partitions;
}
