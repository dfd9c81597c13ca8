import { JobDefinitionError, type KeyGroupRange, type NormalizedKey } from '@weir/common';
import { VOID_NAMESPACE, type Namespace } from '../keyed-state-backend';
import { NamespaceMaps } from './namespace-maps';
import { StateTableSnapshot, type StateTableMaps } from './state-table-snapshot';

/**
 * The storage of one heap state: per key group (an array indexed by `keyGroup - range.start`, so a
 * snapshot or restore can take whole key groups, DESIGN.md §4), a map from normalized key to the
 * stored value `S`. Plain keyed state lives in one `Map` per key group; namespaced state (windows)
 * gets `namespace -> key -> S` maps (NamespaceMaps) only once a non-void namespace is used, so the common case pays
 * for nothing it does not use. Namespace first because a window's namespace is shared by every key:
 * one map per live window, not one per key. An entry whose value became empty is deleted, and so is
 * a namespace with no entries, so memory follows the live data.
 *
 * State is mostly touched in pairs on one entry: a window's accumulator is read to see whether the
 * window is new and then folded into, a keyed function reads a value and then updates it. So the
 * table remembers the entry it looked up last (and the map that holds it): the second access costs
 * a few comparisons instead of two hash lookups, and writing back the object that is already stored
 * (an accumulator updated in place) costs nothing. Every write and removal goes through the table,
 * which keeps that memory exact.
 *
 * A checkpoint takes a copy-on-write view of the table (`snapshot()`, see StateTableSnapshot): while
 * one is open, each access to a key group it has not written yet first lets it keep what it needs;
 * with none open that costs one field check per access.
 */
export class StateTable<S> implements StateTableMaps<S> {
  private readonly voidMaps: (Map<NormalizedKey, S> | undefined)[];
  private readonly namespacedMaps: (NamespaceMaps<S> | undefined)[];
  /** The last entry looked up; `lastOffset` is -1 when there is none to trust. */
  private lastOffset = -1;
  private lastKey: NormalizedKey = 0;
  private lastNamespace: Namespace = VOID_NAMESPACE;
  /** The map that holds the last entry, undefined when its namespace had none in that key group. */
  private lastMap: Map<NormalizedKey, S> | undefined = undefined;
  private lastValue: S | undefined = undefined;
  /** The open copy-on-write snapshot, if any. */
  private cow: StateTableSnapshot<S> | undefined = undefined;

  constructor(
    readonly name: string,
    readonly keyGroupRange: KeyGroupRange,
  ) {
    const n = keyGroupRange.numberOfKeyGroups;
    this.voidMaps = new Array<Map<NormalizedKey, S> | undefined>(n).fill(undefined);
    this.namespacedMaps = new Array<NamespaceMaps<S> | undefined>(n).fill(undefined);
  }

  get(keyGroupOffset: number, key: NormalizedKey, namespace: Namespace): S | undefined {
    if (this.isLast(keyGroupOffset, key, namespace)) return this.lastValue;
    const map = this.mapOf(keyGroupOffset, namespace);
    if (map === undefined && keyGroupOffset < 0) this.throwNoKey();
    const value = map === undefined ? undefined : map.get(key);
    // An object handed out may be changed in place. (A remembered entry went through here or put first.)
    const cow = this.cow;
    if (cow !== undefined && typeof value === 'object' && value !== null && cow.pending[keyGroupOffset] === 1) {
      cow.beforeRead(keyGroupOffset, key, namespace, value);
    }
    this.remember(keyGroupOffset, key, namespace, map, value);
    return value;
  }

  put(keyGroupOffset: number, key: NormalizedKey, namespace: Namespace, value: S): void {
    let map: Map<NormalizedKey, S> | undefined;
    if (this.isLast(keyGroupOffset, key, namespace)) {
      // Stored already (undefined is a value a map may hold, so it is always written).
      if (value === this.lastValue && value !== undefined) return;
      map = this.lastMap;
    } else {
      map = this.mapOf(keyGroupOffset, namespace);
    }
    const cow = this.cow;
    if (cow !== undefined && cow.pending[keyGroupOffset] === 1) {
      cow.beforeWrite(keyGroupOffset, key, namespace, map);
    }
    if (map === undefined) map = this.createMap(keyGroupOffset, namespace);
    map.set(key, value);
    this.remember(keyGroupOffset, key, namespace, map, value);
  }

  remove(keyGroupOffset: number, key: NormalizedKey, namespace: Namespace): void {
    // The removal may drop the map of the remembered entry too.
    this.lastOffset = -1;
    const cow = this.cow;
    if (cow !== undefined && cow.pending[keyGroupOffset] === 1) {
      cow.beforeWrite(keyGroupOffset, key, namespace, this.mapOf(keyGroupOffset, namespace));
    }
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

  /**
   * Removes every entry of `namespace`, dropping its map in each key group whole: removing the keys
   * one by one would shrink (reallocate) each map again and again on its way to empty.
   */
  removeNamespace(namespace: Namespace): void {
    this.lastOffset = -1;
    const cow = this.cow;
    for (let offset = 0; offset < this.voidMaps.length; offset++) {
      const byNamespace = this.namespacedMaps[offset];
      const map = namespace === VOID_NAMESPACE ? this.voidMaps[offset] : byNamespace?.get(namespace);
      if (map === undefined) continue;
      if (cow !== undefined && cow.pending[offset] === 1) cow.beforeRemoveMap(offset, namespace, map);
      if (namespace === VOID_NAMESPACE) {
        this.voidMaps[offset] = undefined;
      } else {
        byNamespace!.delete(namespace);
        if (byNamespace!.size === 0) this.namespacedMaps[offset] = undefined;
      }
    }
  }

  /** Number of (key, namespace) entries over all key groups. */
  size(): number {
    let n = 0;
    for (let i = 0; i < this.voidMaps.length; i++) {
      const map = this.voidMaps[i];
      if (map !== undefined) n += map.size;
      const byNamespace = this.namespacedMaps[i];
      if (byNamespace !== undefined) for (const [, m] of byNamespace.entries()) n += m.size;
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

  /**
   * Opens a copy-on-write view of the table as it is now, for a checkpoint. One at a time: write or
   * close the previous one first.
   */
  snapshot(): StateTableSnapshot<S> {
    if (this.cow !== undefined) {
      throw new RangeError(`State '${this.name}' has a snapshot open already; write or close it first.`);
    }
    // A remembered entry has not been reported to the new view.
    this.lastOffset = -1;
    this.cow = new StateTableSnapshot(this.name, this, this.keyGroupRange.numberOfKeyGroups);
    return this.cow;
  }

  endSnapshot(snapshot: StateTableSnapshot<S>): void {
    if (this.cow === snapshot) this.cow = undefined;
  }

  mapsOfKeyGroup(offset: number): [Namespace, Map<NormalizedKey, S>][] {
    const maps: [Namespace, Map<NormalizedKey, S>][] = [];
    const map = this.voidMaps[offset];
    if (map !== undefined) maps.push([VOID_NAMESPACE, map]);
    const byNamespace = this.namespacedMaps[offset];
    if (byNamespace !== undefined) for (const entry of byNamespace.entries()) maps.push(entry);
    return maps;
  }

  clearAll(): void {
    this.cow?.close();
    this.lastOffset = -1;
    this.voidMaps.fill(undefined);
    this.namespacedMaps.fill(undefined);
  }

  private *entriesAt(offset: number): IterableIterator<[NormalizedKey, Namespace, S]> {
    for (const [namespace, map] of this.mapsOfKeyGroup(offset))
      for (const [key, value] of map) yield [key, namespace, value];
  }

  private isLast(keyGroupOffset: number, key: NormalizedKey, namespace: Namespace): boolean {
    return (
      keyGroupOffset === this.lastOffset &&
      keyGroupOffset >= 0 &&
      key === this.lastKey &&
      namespace === this.lastNamespace
    );
  }

  private remember(
    keyGroupOffset: number,
    key: NormalizedKey,
    namespace: Namespace,
    map: Map<NormalizedKey, S> | undefined,
    value: S | undefined,
  ): void {
    this.lastOffset = keyGroupOffset;
    this.lastKey = key;
    this.lastNamespace = namespace;
    this.lastMap = map;
    this.lastValue = value;
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
      byNamespace = new NamespaceMaps();
      this.namespacedMaps[keyGroupOffset] = byNamespace;
    }
    byNamespace.add(namespace, map);
    return map;
  }

  private throwNoKey(): never {
    throw new JobDefinitionError(
      `Keyed state '${this.name}' was used with no current key. Keyed state can only be read or written ` +
        'while a record or timer of a keyed stream is processed (not in open() or close()).',
    );
  }
}
