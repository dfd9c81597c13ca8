import { JobDefinitionError, type KeyGroupRange, type NormalizedKey } from '@weir/common';
import { VOID_NAMESPACE, type Namespace } from '../keyed-state-backend';

/**
 * The storage of one heap state: per key group (an array indexed by `keyGroup - range.start`, so a
 * snapshot or restore can take whole key groups, DESIGN.md §4), a map from normalized key to the
 * stored value `S`. Plain keyed state lives in one `Map` per key group; namespaced state (windows)
 * gets `namespace -> key -> S` maps only once a non-void namespace is used, so the common case pays
 * for nothing it does not use. Namespace first because a window's namespace is shared by every key:
 * one map per live window, not one per key. An entry whose value became empty is deleted, and so is
 * a namespace with no entries, so memory follows the live data.
 */
export class StateTable<S> {
  private readonly voidMaps: (Map<NormalizedKey, S> | undefined)[];
  private readonly namespacedMaps: (Map<Namespace, Map<NormalizedKey, S>> | undefined)[];

  constructor(
    readonly name: string,
    readonly keyGroupRange: KeyGroupRange,
  ) {
    const n = keyGroupRange.numberOfKeyGroups;
    this.voidMaps = new Array<Map<NormalizedKey, S> | undefined>(n).fill(undefined);
    this.namespacedMaps = new Array<Map<Namespace, Map<NormalizedKey, S>> | undefined>(n).fill(undefined);
  }

  get(keyGroupOffset: number, key: NormalizedKey, namespace: Namespace): S | undefined {
    const map = this.mapOf(keyGroupOffset, namespace);
    if (map === undefined) {
      if (keyGroupOffset < 0) this.throwNoKey();
      return undefined;
    }
    return map.get(key);
  }

  put(keyGroupOffset: number, key: NormalizedKey, namespace: Namespace, value: S): void {
    let map = this.mapOf(keyGroupOffset, namespace);
    if (map === undefined) map = this.createMap(keyGroupOffset, namespace);
    map.set(key, value);
  }

  remove(keyGroupOffset: number, key: NormalizedKey, namespace: Namespace): void {
    if (namespace === VOID_NAMESPACE) {
      const map = this.voidMaps[keyGroupOffset];
      if (map !== undefined) map.delete(key);
      else if (keyGroupOffset < 0) this.throwNoKey();
      return;
    }
    const byNamespace = this.namespacedMaps[keyGroupOffset];
    if (byNamespace === undefined) {
      if (keyGroupOffset < 0) this.throwNoKey();
      return;
    }
    const map = byNamespace.get(namespace);
    if (map === undefined || !map.delete(key) || map.size > 0) return;
    byNamespace.delete(namespace);
    if (byNamespace.size === 0) this.namespacedMaps[keyGroupOffset] = undefined;
  }

  /** Number of (key, namespace) entries over all key groups. */
  size(): number {
    let n = 0;
    for (let i = 0; i < this.voidMaps.length; i++) {
      const map = this.voidMaps[i];
      if (map !== undefined) n += map.size;
      const byNamespace = this.namespacedMaps[i];
      if (byNamespace !== undefined) for (const m of byNamespace.values()) n += m.size;
    }
    return n;
  }

  /** The keys with an entry in `namespace`, over all key groups (a copy). */
  keys(namespace: Namespace): NormalizedKey[] {
    const keys: NormalizedKey[] = [];
    for (let i = 0; i < this.voidMaps.length; i++) {
      const map = namespace === VOID_NAMESPACE ? this.voidMaps[i] : this.namespacedMaps[i]?.get(namespace);
      if (map !== undefined) for (const key of map.keys()) keys.push(key);
    }
    return keys;
  }

  /**
   * Every (key, namespace, stored value) of one key group: what a snapshot of that key group writes.
   * The values are the live stored objects, not copies.
   */
  entriesOfKeyGroup(keyGroupIndex: number): IterableIterator<[NormalizedKey, Namespace, S]> {
    if (!this.keyGroupRange.contains(keyGroupIndex)) {
      throw new RangeError(`Key group ${keyGroupIndex} is not in ${this.keyGroupRange} of state '${this.name}'.`);
    }
    return this.entriesAt(keyGroupIndex - this.keyGroupRange.startKeyGroup);
  }

  clearAll(): void {
    this.voidMaps.fill(undefined);
    this.namespacedMaps.fill(undefined);
  }

  private *entriesAt(offset: number): IterableIterator<[NormalizedKey, Namespace, S]> {
    const map = this.voidMaps[offset];
    if (map !== undefined) for (const [key, value] of map) yield [key, VOID_NAMESPACE, value];
    const byNamespace = this.namespacedMaps[offset];
    if (byNamespace === undefined) return;
    for (const [namespace, m] of byNamespace) for (const [key, value] of m) yield [key, namespace, value];
  }

  private mapOf(keyGroupOffset: number, namespace: Namespace): Map<NormalizedKey, S> | undefined {
    if (namespace === VOID_NAMESPACE) return this.voidMaps[keyGroupOffset];
    const byNamespace = this.namespacedMaps[keyGroupOffset];
    return byNamespace === undefined ? undefined : byNamespace.get(namespace);
  }

  private createMap(keyGroupOffset: number, namespace: Namespace): Map<NormalizedKey, S> {
    if (keyGroupOffset < 0) this.throwNoKey();
    const map = new Map<NormalizedKey, S>();
    if (namespace === VOID_NAMESPACE) {
      this.voidMaps[keyGroupOffset] = map;
      return map;
    }
    let byNamespace = this.namespacedMaps[keyGroupOffset];
    if (byNamespace === undefined) {
      byNamespace = new Map();
      this.namespacedMaps[keyGroupOffset] = byNamespace;
    }
    byNamespace.set(namespace, map);
    return map;
  }

  private throwNoKey(): never {
    throw new JobDefinitionError(
      `Keyed state '${this.name}' was used with no current key. Keyed state can only be read or written ` +
        'while a record or timer of a keyed stream is processed (not in open() or close()).',
    );
  }
}
