import type { NormalizedKey } from '@weir/common';
import { VOID_NAMESPACE, type Namespace } from '../keyed-state-backend';
import { copyStateValue } from './copy-state-value';

/** The before-image of a key that had no entry at the snapshot: it was added after. */
const ABSENT = Symbol('absent');
/** Marks a before-image the snapshot has written already. */
const WRITTEN = Symbol('written');

/** What a snapshot reads of its table: the maps of one key group, by namespace (a fresh list). */
export interface StateTableMaps<S> {
  mapsOfKeyGroup(offset: number): [Namespace, Map<NormalizedKey, S>][];
  /** The snapshot is written or released: the table stops reporting changes to it. */
  endSnapshot(snapshot: StateTableSnapshot<S>): void;
}

/** The key group being written, and how far: its maps (as listed when it began), then the before-images. */
interface KeyGroupWriting<S> {
  readonly offset: number;
  readonly maps: [Namespace, Map<NormalizedKey, S>][];
  mapIndex: number;
  entries: IterableIterator<[NormalizedKey, S]> | undefined;
  images: IterableIterator<[Namespace, Map<NormalizedKey, unknown>]> | undefined;
  imagesNamespace: Namespace;
  imageEntries: IterableIterator<[NormalizedKey, unknown]> | undefined;
}

/**
 * A copy-on-write view of one StateTable at a checkpoint barrier (Flink's CopyOnWriteStateMap
 * snapshot, per entry rather than per bucket array). Taking it copies nothing: it marks every key
 * group pending. Until a key group has been written, the table reports each change to it first,
 * and the view keeps the entry's value of the barrier, its before-image, once per entry: the value
 * itself when the table replaces or removes it, a deep copy when the table hands it out to be
 * changed in place (a read of an object), or ABSENT when the key had no entry.
 *
 * Writing a key group iterates its live maps — JS map iterators go on correctly while entries are
 * added and removed, so processing may run between the steps of one key group — taking the
 * before-image instead of the live value where there is one, then writes the before-images not
 * written yet: those of entries removed before the iteration reached them. An entry untouched since
 * the barrier holds its value of the barrier; a before-image is that value too; so every value
 * written is the one of the barrier. An entry written from its live value and changed afterwards
 * (while its key group is still pending) gets a before-image, which may be written again: the same
 * key with the same value twice, which a restore (a put per entry) takes as once.
 */
export class StateTableSnapshot<S> {
  /** 1 while a key group is not completely written: changes to it keep before-images. */
  readonly pending: Uint8Array;
  /** Before-images per key group offset, of the void namespace and of the others. */
  private readonly voidImages: (Map<NormalizedKey, unknown> | undefined)[];
  private readonly namespacedImages: (Map<Namespace, Map<NormalizedKey, unknown>> | undefined)[];
  private remaining: number;
  private writing: KeyGroupWriting<S> | undefined;

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
   * The table is about to drop `map`, the whole of `namespace` in a pending key group. It leaves the
   * map as it is, so a write under way over it goes on; every entry keeps its value of the barrier.
   */
  beforeRemoveMap(offset: number, namespace: Namespace, map: Map<NormalizedKey, S>): void {
    const images = this.imagesOf(offset, namespace);
    for (const [key, value] of map) if (!images.has(key)) images.set(key, value);
  }

  /**
   * Appends entries of key group `offset` as they were at the barrier to `flat` (`key, namespace,
   * value` each), at most `limit` of them; returns true once the key group is done. Write one key
   * group to its end before the next. The values are live objects: encode them before the table is
   * used again.
   */
  writeKeyGroup(offset: number, flat: unknown[], limit: number): boolean {
    if (this.pending[offset] === 0) return true;
    let group = this.writing;
    if (group === undefined || group.offset !== offset) {
      group = this.writing = {
        offset,
        maps: this.table.mapsOfKeyGroup(offset),
        mapIndex: 0,
        entries: undefined,
        images: undefined,
        imagesNamespace: VOID_NAMESPACE,
        imageEntries: undefined,
      };
    }
    let count = 0;
    for (; group.mapIndex < group.maps.length; group.mapIndex++, group.entries = undefined) {
      const [namespace, map] = group.maps[group.mapIndex];
      // Fetched again each call: processing may have made it since.
      const images = this.existingImagesOf(offset, namespace);
      const entries = (group.entries ??= map.entries());
      while (count < limit) {
        const step = entries.next();
        if (step.done === true) break;
        const [key, live] = step.value;
        let value: unknown = live;
        if (images !== undefined) {
          const image = images.get(key);
          if (image !== undefined || images.has(key)) {
            if (image === ABSENT || image === WRITTEN) continue;
            images.set(key, WRITTEN);
            value = image;
          }
        }
        flat.push(key, namespace, value);
        count++;
      }
      if (count >= limit) return false;
    }
    group.images ??= this.allImages(offset);
    for (;;) {
      if (group.imageEntries === undefined) {
        const next = group.images.next();
        if (next.done === true) break;
        group.imagesNamespace = next.value[0];
        group.imageEntries = next.value[1].entries();
      }
      const namespace = group.imagesNamespace;
      while (count < limit) {
        const step = group.imageEntries.next();
        if (step.done === true) break;
        const [key, image] = step.value;
        if (image === ABSENT || image === WRITTEN) continue;
        flat.push(key, namespace, image);
        count++;
      }
      if (count >= limit) return false;
      group.imageEntries = undefined;
    }
    this.writing = undefined;
    this.release(offset);
    return true;
  }

  /** Ends the view (written, or given up): the table stops keeping before-images. */
  close(): void {
    this.writing = undefined;
    for (let offset = 0; offset < this.pending.length; offset++) if (this.pending[offset] === 1) this.release(offset);
  }

  private *allImages(offset: number): IterableIterator<[Namespace, Map<NormalizedKey, unknown>]> {
    const voidImages = this.voidImages[offset];
    if (voidImages !== undefined) yield [VOID_NAMESPACE, voidImages];
    const namespaced = this.namespacedImages[offset];
    if (namespaced !== undefined) yield* namespaced;
  }

  private release(offset: number): void {
    this.pending[offset] = 0;
    this.voidImages[offset] = undefined;
    this.namespacedImages[offset] = undefined;
    if (--this.remaining === 0) this.table.endSnapshot(this);
  }

  private existingImagesOf(offset: number, namespace: Namespace): Map<NormalizedKey, unknown> | undefined {
    return namespace === VOID_NAMESPACE ? this.voidImages[offset] : this.namespacedImages[offset]?.get(namespace);
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
