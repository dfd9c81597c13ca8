/*
 * Latencies counted in fixed buckets of 0.1 ms up to 60 s (one array increment per record, no
 * allocation), merged across subtasks on the client and read as percentiles.
 */

export const BUCKET_MS = 0.1;
const BUCKETS = 600_000;

export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKETS);
  private total = 0;

  record(latencyMs: number): void {
    let bucket = Math.floor(latencyMs / BUCKET_MS);
    if (bucket < 0) bucket = 0;
    else if (bucket >= BUCKETS) bucket = BUCKETS - 1;
    this.counts[bucket]++;
    this.total++;
  }

  get count(): number {
    return this.total;
  }

  /** The non-empty buckets as [bucket, count] pairs: what travels to the client. */
  toSparse(): [number, number][] {
    const pairs: [number, number][] = [];
    for (let i = 0; i < BUCKETS; i++) if (this.counts[i] !== 0) pairs.push([i, this.counts[i]]);
    return pairs;
  }

  addSparse(pairs: readonly (readonly [number, number])[]): void {
    for (const [bucket, count] of pairs) {
      this.counts[bucket] += count;
      this.total += count;
    }
  }

  /** The latency (ms, the bucket's upper bound) below which `fraction` of the records fall; NaN if empty. */
  percentile(fraction: number): number {
    if (this.total === 0) return NaN;
    const rank = Math.max(1, Math.ceil(fraction * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i];
      if (seen >= rank) return (i + 1) * BUCKET_MS;
    }
    return BUCKETS * BUCKET_MS;
  }
}
