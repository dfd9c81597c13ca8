import { normalizeKey, type Key, type NormalizedKey } from '@weir/common';

// Bound once: calls through a package's re-export getters are not inlined (see HeapKeyedStateBackend).
const normalize = normalizeKey;

const FIRST_SLOTS = 1024;

/**
 * What the SlicingWindowOperator knows of each key with pending slices, kept in a slot per key: how
 * many pending slices hold it, the latest of them, and the last window it fired in. Each slice keeps
 * its keys' slots beside them, so a firing reads them without a hash lookup, and clearing a slice
 * counts its keys down there: only a key's first slice and its last clear look it up by hash. (With
 * a count per key in a Map, q5's profile put a tenth of its time on those lookups; without them it
 * uses 2% less CPU per event.)
 *
 * A key in several slices of a window fires once, with the first of them; the rest see that it
 * fired, and the first merges only the slices up to its latest, instead of looking the key up in
 * every slice of the window.
 */
export class SlicesOfKeys {
  private readonly slotOfKey = new Map<NormalizedKey, number>();
  private counts = new Int32Array(FIRST_SLOTS);
  private latestStarts = new Float64Array(FIRST_SLOTS);
  private firedIn = new Float64Array(FIRST_SLOTS);
  private readonly freeSlots: number[] = [];
  private slotsUsed = 0;

  /** The slice starting at `start` holds `key` too: its slot, the same until no slice holds it. */
  add(key: Key, start: number): number {
    const normalized = normalize(key);
    let slot = this.slotOfKey.get(normalized);
    if (slot === undefined) {
      slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.newSlot();
      this.slotOfKey.set(normalized, slot);
      this.latestStarts[slot] = start;
      this.firedIn[slot] = Number.NEGATIVE_INFINITY;
    } else if (start > this.latestStarts[slot]) {
      this.latestStarts[slot] = start;
    }
    this.counts[slot]++;
    return slot;
  }

  /** How many slices hold the key of `slot`. */
  count(slot: number): number {
    return this.counts[slot];
  }

  /** The start of the latest slice that holds the key of `slot`. */
  latestStart(slot: number): number {
    return this.latestStarts[slot];
  }

  /** True the first time it is asked for the window ending at `end`: the key of `slot` fires in it now. */
  firesIn(slot: number, end: number): boolean {
    if (this.firedIn[slot] === end) return false;
    this.firedIn[slot] = end;
    return true;
  }

  /** One fewer slice holds `key`, whose slot is `slot`. */
  remove(key: Key, slot: number): void {
    if (--this.counts[slot] > 0) return;
    this.slotOfKey.delete(normalize(key));
    this.freeSlots.push(slot);
  }

  private newSlot(): number {
    const capacity = this.counts.length;
    if (this.slotsUsed === capacity) {
      this.counts = grown(this.counts, new Int32Array(capacity * 2));
      this.latestStarts = grown(this.latestStarts, new Float64Array(capacity * 2));
      this.firedIn = grown(this.firedIn, new Float64Array(capacity * 2));
    }
    return this.slotsUsed++;
  }
}

function grown<A extends Int32Array | Float64Array>(from: A, to: A): A {
  to.set(from);
  return to;
}
