import type { Namespace } from '../keyed-state-backend';
import { AbstractHeapState } from './abstract-heap-state';
import { TtlValue } from './state-ttl';

/**
 * The base of the kinds that keep one value per (key, namespace): value, reducing and aggregating
 * state. Stores `V` itself, or a `TtlValue<V>` when the state has a TTL; reads apply the TTL rules
 * (expired values read as absent and are removed), writes restamp.
 */
export abstract class AbstractHeapSingleValueState<V> extends AbstractHeapState<V | TtlValue<V>> {
  /** The value as a user read sees it: an expired value is removed, and returned only with 'returnExpiredIfNotCleanedUp'. */
  protected readValue(namespace: Namespace): V | undefined {
    const stored = this.getStored(namespace);
    const ttl = this.ttl;
    if (ttl === undefined || stored === undefined) return stored as V | undefined;
    const entry = stored as TtlValue<V>;
    const now = ttl.now();
    if (ttl.isExpired(entry, now)) {
      this.removeStored(namespace);
      return ttl.returnExpired ? entry.value : undefined;
    }
    if (ttl.updateOnRead) entry.timestamp = now;
    return entry.value;
  }

  /** The value a write folds into: an expired value never counts, whatever the visibility. */
  protected readForUpdate(namespace: Namespace): V | undefined {
    return this.live(this.getStored(namespace));
  }

  protected writeValue(namespace: Namespace, value: V): void {
    const ttl = this.ttl;
    this.putStored(namespace, ttl === undefined ? value : new TtlValue(value, ttl.now()));
  }

  /**
   * Folds the values of `sources` into `target` (session windows merging) and removes the sources,
   * as Flink's AbstractHeapMergingState: `merge(targetValue, mergedSources)`.
   */
  protected mergeNamespacesWith(target: Namespace, sources: readonly Namespace[], merge: (a: V, b: V) => V): void {
    let merged: V | undefined;
    for (let i = 0; i < sources.length; i++) {
      const source = sources[i];
      if (source === target) continue;
      const value = this.live(this.getStored(source));
      this.removeStored(source);
      if (value === undefined) continue;
      merged = merged === undefined ? value : merge(merged, value);
    }
    if (merged === undefined) return;
    const current = this.readForUpdate(target);
    this.writeValue(target, current === undefined ? merged : merge(current, merged));
  }

  private live(stored: V | TtlValue<V> | undefined): V | undefined {
    const ttl = this.ttl;
    if (ttl === undefined || stored === undefined) return stored as V | undefined;
    const entry = stored as TtlValue<V>;
    return ttl.isExpired(entry, ttl.now()) ? undefined : entry.value;
  }
}
