/**
 * The partition of a message the committer routes itself: a keyed one where Pulsar's clients put it
 * (their default JavaStringHash: Java's String.hashCode, its sign bit cleared, modulo the partition
 * count), so equal keys share a partition with what other producers write; one without a key by
 * its sequence id, round robin, so that a replay picks the same partition.
 */
export function partitionOf(key: string | undefined, sequenceId: number, partitions: number): number {
  if (key === undefined) return sequenceId % partitions;
  return (javaStringHash(key) & 0x7fffffff) % partitions;
}

/** Java's String.hashCode over UTF-16 code units, in 32-bit arithmetic. */
function javaStringHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}
