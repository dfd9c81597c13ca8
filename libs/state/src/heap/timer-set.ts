import { hashNumber, hashString, type NormalizedKey } from '@weir/common';
import type { Namespace } from '../keyed-state-backend';
import type { HeapTimer } from './heap-timer';

// Bound once: calls through a package's re-export getters are not inlined (see HeapKeyedStateBackend).
const hashOfNumber = hashNumber;
const hashOfString = hashString;

const MIN_CAPACITY = 8;

/**
 * The timers of one key group and domain, deduplicated by (timestamp, namespace key, key): an
 * open-addressing hash set (linear probing, backward-shift deletion) over the timers themselves.
 * A JS Map would need one composite string key per lookup; registering a timer that already exists
 * (a window's end timer, once per record) then costs a hash and a few comparisons, no allocation.
 *
 * The slots' hashes are kept beside them in a typed array, so probing and shifting read one array
 * instead of a timer object per slot (a cache miss each, as the timers of a key group are spread
 * over the heap), and the table is kept at most half full, which keeps probe runs short.
 */
export class TimerSet<N> {
  private table: (HeapTimer<N> | undefined)[] = new Array<HeapTimer<N> | undefined>(MIN_CAPACITY).fill(undefined);
  /** The hash of the timer in each slot of `table` (stale where the slot is empty). */
  private hashes = new Int32Array(MIN_CAPACITY);
  private mask = MIN_CAPACITY - 1;
  private count = 0;

  get size(): number {
    return this.count;
  }

  find(timestamp: number, namespaceKey: Namespace, key: NormalizedKey, hash: number): HeapTimer<N> | undefined {
    const table = this.table;
    const hashes = this.hashes;
    const mask = this.mask;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const timer = table[i];
      if (timer === undefined) return undefined;
      if (
        hashes[i] === hash &&
        timer.timestamp === timestamp &&
        timer.namespaceKey === namespaceKey &&
        timer.normalizedKey === key
      ) {
        return timer;
      }
    }
  }

  /** Adds a timer known not to be in the set. */
  insert(timer: HeapTimer<N>): void {
    if ((this.count + 1) * 2 > this.table.length) this.resize(this.table.length * 2);
    this.place(timer);
    this.count++;
  }

  /** Removes this timer object, which must be in the set. */
  delete(timer: HeapTimer<N>): void {
    const table = this.table;
    const hashes = this.hashes;
    const mask = this.mask;
    let hole = timer.hash & mask;
    while (table[hole] !== timer) hole = (hole + 1) & mask;
    // Backward shift: move later entries of the probe run into the hole unless that would put one
    // before its home slot, so lookups never need tombstones.
    for (let j = (hole + 1) & mask; ; j = (j + 1) & mask) {
      const next = table[j];
      if (next === undefined) break;
      const home = hashes[j] & mask;
      const staysPut = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (staysPut) continue;
      table[hole] = next;
      hashes[hole] = hashes[j];
      hole = j;
    }
    table[hole] = undefined;
    this.count--;
    // Only an empty set shrinks. Timers come and go in waves (a watermark fires most of what the
    // next wave registers again), and halving on the way down only to double on the way up rehashed
    // about every timer once more (q4). Kept at its peak, a table costs less than its peak's timers.
    if (this.count === 0 && this.table.length > MIN_CAPACITY) this.resize(MIN_CAPACITY);
  }

  values(): HeapTimer<N>[] {
    const timers: HeapTimer<N>[] = [];
    for (const timer of this.table) if (timer !== undefined) timers.push(timer);
    return timers;
  }

  private place(timer: HeapTimer<N>): void {
    const table = this.table;
    const mask = this.mask;
    let i = timer.hash & mask;
    while (table[i] !== undefined) i = (i + 1) & mask;
    table[i] = timer;
    this.hashes[i] = timer.hash;
  }

  private resize(capacity: number): void {
    const old = this.table;
    this.table = new Array<HeapTimer<N> | undefined>(capacity).fill(undefined);
    this.hashes = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let i = 0; i < old.length; i++) {
      const timer = old[i];
      if (timer !== undefined) this.place(timer);
    }
  }
}

/** The hash of a timer's identity, spread (murmur3's finaliser) because the set masks low bits. */
export function timerHash(timestamp: number, namespaceKey: Namespace, key: NormalizedKey): number {
  let h = hashOfNumber(timestamp);
  h = Math.imul(h, 31) + (typeof namespaceKey === 'number' ? hashOfNumber(namespaceKey) : hashOfString(namespaceKey));
  h = Math.imul(h, 31) + hashOfPrimitive(key);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function hashOfPrimitive(key: NormalizedKey): number {
  switch (typeof key) {
    case 'number':
      return hashOfNumber(key);
    case 'string':
      return hashOfString(key);
    case 'boolean':
      return key ? 1231 : 1237;
    default:
      return hashOfString(key.toString());
  }
}
