import type { NormalizedKey } from '@weir/common';
import type { Namespace } from '../keyed-state-backend';

/** Up to this many namespaces are found by a scan; beyond, by a Map. */
const SCAN_LIMIT = 8;

/**
 * The namespaced state of one key group in a StateTable: a `key -> S` map per namespace. Windows
 * keep a key group's namespaces few at a time (the windows open at once: 5 for a 10 s window
 * sliding by 2 s), and comparing a handful of numbers is cheaper than a Map lookup, which every
 * access of window state paid on top of the key's. So the namespaces are kept in an array, in the
 * order they came, and scanned; past SCAN_LIMIT of them (session windows, one per key, or many
 * overlapping windows) a Map takes over, which it stays until the key group has none left.
 */
export class NamespaceMaps<S> {
  private readonly namespaces: Namespace[] = [];
  private readonly maps: Map<NormalizedKey, S>[] = [];
  private byNamespace: Map<Namespace, Map<NormalizedKey, S>> | undefined = undefined;
  /**
   * The namespace found last, with its map: a window's entries are touched in runs of one namespace
   * (a slice's partials arrive together, a firing goes through a slice's keys), and a window start
   * is a number past 2^31, which a Map hashes and compares as a heap number on every lookup.
   */
  private lastNamespace: Namespace | undefined = undefined;
  private lastMap: Map<NormalizedKey, S> | undefined = undefined;

  get size(): number {
    return this.byNamespace === undefined ? this.namespaces.length : this.byNamespace.size;
  }

  get(namespace: Namespace): Map<NormalizedKey, S> | undefined {
    if (namespace === this.lastNamespace) return this.lastMap;
    const map = this.find(namespace);
    if (map !== undefined) {
      this.lastNamespace = namespace;
      this.lastMap = map;
    }
    return map;
  }

  private find(namespace: Namespace): Map<NormalizedKey, S> | undefined {
    if (this.byNamespace !== undefined) return this.byNamespace.get(namespace);
    const namespaces = this.namespaces;
    for (let i = 0; i < namespaces.length; i++) if (namespaces[i] === namespace) return this.maps[i];
    return undefined;
  }

  /** Adds the map of a namespace that has none. */
  add(namespace: Namespace, map: Map<NormalizedKey, S>): void {
    if (this.byNamespace !== undefined) {
      this.byNamespace.set(namespace, map);
    } else if (this.namespaces.length < SCAN_LIMIT) {
      this.namespaces.push(namespace);
      this.maps.push(map);
    } else {
      this.byNamespace = new Map();
      for (let i = 0; i < this.namespaces.length; i++) this.byNamespace.set(this.namespaces[i], this.maps[i]);
      this.byNamespace.set(namespace, map);
      this.namespaces.length = 0;
      this.maps.length = 0;
    }
  }

  delete(namespace: Namespace): void {
    if (namespace === this.lastNamespace) {
      this.lastNamespace = undefined;
      this.lastMap = undefined;
    }
    if (this.byNamespace !== undefined) {
      this.byNamespace.delete(namespace);
      return;
    }
    const i = this.namespaces.indexOf(namespace);
    if (i < 0) return;
    this.namespaces.splice(i, 1);
    this.maps.splice(i, 1);
  }

  /** Every namespace with its map, in the order they came. */
  *entries(): IterableIterator<[Namespace, Map<NormalizedKey, S>]> {
    if (this.byNamespace !== undefined) {
      yield* this.byNamespace;
      return;
    }
    for (let i = 0; i < this.namespaces.length; i++) yield [this.namespaces[i], this.maps[i]];
  }
}
