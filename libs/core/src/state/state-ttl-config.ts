/**
 * Time-to-live of keyed state, in processing time, as Flink's StateTtlConfig: an expired value reads
 * as absent and is cleaned up on access (and when snapshots are taken).
 */
export interface StateTtlConfig {
  ttl: number;
  /** Which accesses restart the clock (default: create and write). */
  updateType?: 'onCreateAndWrite' | 'onReadAndWrite';
  /** Whether a read may see an expired value not yet cleaned up (default: never). */
  stateVisibility?: 'neverReturnExpired' | 'returnExpiredIfNotCleanedUp';
}

export function normalizeTtl(ttl: number | StateTtlConfig | undefined): Required<StateTtlConfig> | undefined {
  if (ttl === undefined) return undefined;
  const config = typeof ttl === 'number' ? { ttl } : ttl;
  if (!(config.ttl > 0) || !Number.isFinite(config.ttl)) {
    throw new RangeError(`A state TTL must be a positive number of milliseconds, not ${config.ttl}.`);
  }
  return {
    ttl: config.ttl,
    updateType: config.updateType ?? 'onCreateAndWrite',
    stateVisibility: config.stateVisibility ?? 'neverReturnExpired',
  };
}
