import type { InternalMapState } from '../keyed-state-backend';
import { AbstractHeapState } from './abstract-heap-state';
import { TtlValue } from './state-ttl';

const EMPTY: readonly never[] = Object.freeze([]);

/**
 * MapState on the heap: one JS `Map` per (key, namespace), removed when its last entry goes. User
 * keys compare as `Map` keys do (primitives by value, objects by identity). With TTL each entry
 * carries its own timestamp, as in Flink. Without TTL the iterators run over the live map.
 */
export class HeapMapState<UK, UV>
  extends AbstractHeapState<Map<UK, UV | TtlValue<UV>>>
  implements InternalMapState<UK, UV>
{
  get(key: UK): UV | undefined {
    const map = this.getStored(this.namespace);
    if (map === undefined) return undefined;
    const stored = map.get(key);
    if (this.ttl === undefined || stored === undefined) return stored as UV | undefined;
    return this.readEntry(map, key, stored as TtlValue<UV>) ? (stored as TtlValue<UV>).value : undefined;
  }

  put(key: UK, value: UV): void {
    let map = this.getStored(this.namespace);
    if (map === undefined) {
      map = new Map();
      this.putStored(this.namespace, map);
    }
    const ttl = this.ttl;
    map.set(key, ttl === undefined ? value : new TtlValue(value, ttl.now()));
  }

  putAll(entries: Iterable<readonly [UK, UV]>): void {
    for (const [key, value] of entries) this.put(key, value);
  }

  remove(key: UK): void {
    const map = this.getStored(this.namespace);
    if (map !== undefined && map.delete(key) && map.size === 0) this.removeStored(this.namespace);
  }

  contains(key: UK): boolean {
    const map = this.getStored(this.namespace);
    if (map === undefined) return false;
    if (this.ttl === undefined) return map.has(key);
    const stored = map.get(key);
    return stored !== undefined && this.readEntry(map, key, stored as TtlValue<UV>);
  }

  entries(): Iterable<[UK, UV]> {
    const map = this.getStored(this.namespace);
    if (map === undefined) return EMPTY;
    if (this.ttl === undefined) return (map as Map<UK, UV>).entries();
    return this.readLive(map);
  }

  keys(): Iterable<UK> {
    const map = this.getStored(this.namespace);
    if (map === undefined) return EMPTY;
    if (this.ttl === undefined) return map.keys();
    return this.readLive(map).map((entry) => entry[0]);
  }

  values(): Iterable<UV> {
    const map = this.getStored(this.namespace);
    if (map === undefined) return EMPTY;
    if (this.ttl === undefined) return (map as Map<UK, UV>).values();
    return this.readLive(map).map((entry) => entry[1]);
  }

  isEmpty(): boolean {
    const map = this.getStored(this.namespace);
    if (map === undefined) return true;
    return this.ttl !== undefined && this.readLive(map).length === 0;
  }

  /**
   * Applies TTL to one entry of a TTL map: whether it is visible. An expired entry is removed (and
   * the map with it when it was the last), and is visible only with 'returnExpiredIfNotCleanedUp'.
   */
  private readEntry(map: Map<UK, UV | TtlValue<UV>>, key: UK, entry: TtlValue<UV>): boolean {
    const ttl = this.ttl!;
    const now = ttl.now();
    if (!ttl.isExpired(entry, now)) {
      if (ttl.updateOnRead) entry.timestamp = now;
      return true;
    }
    map.delete(key);
    if (map.size === 0) this.removeStored(this.namespace);
    return ttl.returnExpired;
  }

  /** The visible entries of a TTL map, as a copy; expired entries are removed on the way. */
  private readLive(map: Map<UK, UV | TtlValue<UV>>): [UK, UV][] {
    const entries: [UK, UV][] = [];
    for (const [key, stored] of map) {
      const entry = stored as TtlValue<UV>;
      if (this.readEntry(map, key, entry)) entries.push([key, entry.value]);
    }
    return entries;
  }
}
