import type { NormalizedKey } from '@weir/common';
import { VOID_NAMESPACE, type Namespace } from '../keyed-state-backend';
import { copyStateValue } from './copy-state-value';

/** The before-image of a key that had no entry at the snapshot: it was added after. */
const ABSENT = Symbol('absent');
/** Marks a key the snapshot has written already: what happens to it now is not its concern. */
const WRITTEN = Symbol('written');

/** What a snapshot reads of its table: the maps of one key group, by namespace (a fresh list). */
export interface StateTableMaps<S> {
  mapsOfKeyGroup(offset: number): [Namespace, Map<NormalizedKey, S>][];
  /** The snapshot is written or released: the table stops reporting changes to it. */
  endSnapshot(snapshot: StateTableSnapshot<S>): void;
}

/**
 * A copy-on-write view of one StateTable at a checkpoint barrier (Flink's CopyOnWriteStateMap
 * snapshot, per entry rather than per bucket array). Taking it copies nothing: it marks every key
 * group pending. Until a key group has been written, the table reports each change to it first,
 * and the view keeps the entry's value of the barrier, its before-image, once per entry: the value
 * itself when the table replaces or removes it, a deep copy when the table hands it out to be
 * changed in place (a read of an object), or ABSENT when the key had no entry. Writing a key group
 * reads the live maps, taking the before-image instead of the live value where there is one, then
 * the before-images of entries removed since; so the writer sees exactly the state at the barrier,
 * while processing goes on between its steps. A key it has written is marked, so a change after
 * that costs no copy, and a key group may be written over many steps.
 *
 * The entries it yields are live objects: the caller encodes them before the table is touched again.
 */
export class StateTableSnapshot<S> {
  /** 1 while a key group is not completely written: changes to it keep before-images. */
  readonly pending: Uint8Array;
  /** Before-images (or marks) per key group offset, of the void namespace and of the others. */
  private readonly voidImages: (Map<NormalizedKey, unknown> | undefined)[];
  private readonly namespacedImages: (Map<Namespace, Map<NormalizedKey, unknown>> | undefined)[];
  private remaining: number;

  constructor(
    readonly name: string,
    private readonly table: StateTableMaps<S>,
    numberOfKeyGroups: number,
  ) {
    this.pending = new Uint8Array(numberOfKeyGroups).fill(1);
    this.voidImages = new Array<Map<NormalizedKey, unknown> | undefined>(numberOfKeyGroups).fill(undefined);
    this.namespacedImages = new Array<Map<Namespace, Map<NormalizedKey, unknown>> | undefined>(numberOfKeyGroups).fill(
      undefined,
    );
    this.remaining = numberOfKeyGroups;
  }

  /** The table hands out `value` (an object) of a pending key group, to be read or changed in place. */
  beforeRead(offset: number, key: NormalizedKey, namespace: Namespace, value: S): void {
    const images = this.imagesOf(offset, namespace);
    if (!images.has(key)) images.set(key, copyStateValue(value));
  }

  /** The table is about to put or remove the entry of `key` in a pending key group; `map` holds it if any. */
  beforeWrite(offset: number, key: NormalizedKey, namespace: Namespace, map: Map<NormalizedKey, S> | undefined): void {
    const images = this.imagesOf(offset, namespace);
    if (images.has(key)) return;
    images.set(key, map !== undefined && map.has(key) ? map.get(key) : ABSENT);
  }

  /**
   * The entries of one key group as they were at the barrier, `[key, namespace, value]`. Pull it to
   * the end before another key group's; the key group stops being pending when it ends.
   */
  *entriesOfKeyGroup(offset: number): Generator<[NormalizedKey, Namespace, unknown]> {
    if (this.pending[offset] === 0) return;
    for (const [namespace, map] of this.table.mapsOfKeyGroup(offset)) {
      const images = this.imagesOf(offset, namespace);
      for (const [key, live] of map) {
        const image = images.get(key);
        if (image === undefined && !images.has(key)) yield [key, namespace, live];
        else if (image !== ABSENT && image !== WRITTEN) yield [key, namespace, image];
        images.set(key, WRITTEN);
      }
    }
    // Entries removed since the barrier (their maps may be gone): only their before-images are left.
    const voidImages = this.voidImages[offset];
    if (voidImages !== undefined) yield* this.unwritten(VOID_NAMESPACE, voidImages);
    const namespaced = this.namespacedImages[offset];
    if (namespaced !== undefined)
      for (const [namespace, images] of namespaced) yield* this.unwritten(namespace, images);
    this.release(offset);
  }

  /** Ends the view (written, or given up): the table stops keeping before-images. */
  close(): void {
    for (let offset = 0; offset < this.pending.length; offset++) if (this.pending[offset] === 1) this.release(offset);
  }

  private *unwritten(
    namespace: Namespace,
    images: Map<NormalizedKey, unknown>,
  ): Generator<[NormalizedKey, Namespace, unknown]> {
    for (const [key, image] of images) {
      if (image === ABSENT || image === WRITTEN) continue;
      images.set(key, WRITTEN);
      yield [key, namespace, image];
    }
  }

  private release(offset: number): void {
    this.pending[offset] = 0;
    this.voidImages[offset] = undefined;
    this.namespacedImages[offset] = undefined;
    if (--this.remaining === 0) this.table.endSnapshot(this);
  }

  private imagesOf(offset: number, namespace: Namespace): Map<NormalizedKey, unknown> {
    if (namespace === VOID_NAMESPACE) {
      let images = this.voidImages[offset];
      if (images === undefined) this.voidImages[offset] = images = new Map();
      return images;
    }
    let byNamespace = this.namespacedImages[offset];
    if (byNamespace === undefined) this.namespacedImages[offset] = byNamespace = new Map();
    let images = byNamespace.get(namespace);
    if (images === undefined) byNamespace.set(namespace, (images = new Map()));
    return images;
  }
}
