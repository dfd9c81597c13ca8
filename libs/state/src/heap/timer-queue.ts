import type { Key, KeyGroupRange, NormalizedKey } from '@weir/common';
import type { Namespace } from '../keyed-state-backend';
import type { InternalTimer } from '../timer-service';
import { HeapTimer } from './heap-timer';
import { TimerFifo } from './timer-fifo';
import { timerHash, TimerSet } from './timer-set';

/**
 * The timers of one domain (event or processing time) of one timer service, as Flink's
 * HeapPriorityQueueSet: a set per key group (deduplication, and what a snapshot of a key group
 * takes) plus a priority queue over all of them, ordered by timestamp then registration order.
 *
 * Timers come in crowds that share a timestamp: every key's timer of a window goes off at the
 * window's end. So the binary min-heap holds only the first timer of each timestamp, and the later
 * ones wait behind it in a FIFO (TimerFifo), which is registration order. Polling a crowd is then a
 * queue shift instead of a sift through a heap of every timer; the heap stays as small as the number
 * of distinct timestamps, and its order needs no tie-break. Each timer knows where it waits, so
 * deleting one is O(log n) at worst.
 */
export class TimerQueue<N> {
  private readonly heap: HeapTimer<N>[] = [];
  /** The first queued timer of each timestamp: the heap's entries, by timestamp. */
  private readonly firstOfTimestamp = new Map<number, HeapTimer<N>>();
  private readonly byKeyGroup: (TimerSet<N> | undefined)[];
  private count = 0;

  constructor(private readonly keyGroupRange: KeyGroupRange) {
    this.byKeyGroup = new Array<TimerSet<N> | undefined>(keyGroupRange.numberOfKeyGroups).fill(undefined);
  }

  get size(): number {
    return this.count;
  }

  /** Adds the timer unless one with the same (timestamp, namespace key, key) is queued; returns whether it was added. */
  add(
    timestamp: number,
    key: Key,
    normalizedKey: NormalizedKey,
    namespace: N,
    namespaceKey: Namespace,
    keyGroupOffset: number,
  ): boolean {
    const hash = timerHash(timestamp, namespaceKey, normalizedKey);
    let timers = this.byKeyGroup[keyGroupOffset];
    if (timers === undefined) {
      timers = new TimerSet();
      this.byKeyGroup[keyGroupOffset] = timers;
    } else if (timers.find(timestamp, namespaceKey, normalizedKey, hash) !== undefined) {
      return false;
    }
    const timer = new HeapTimer(timestamp, key, namespace, normalizedKey, namespaceKey, hash, keyGroupOffset);
    timers.insert(timer);
    this.count++;
    const first = this.firstOfTimestamp.get(timestamp);
    if (first === undefined) {
      this.firstOfTimestamp.set(timestamp, timer);
      timer.heapIndex = this.heap.length;
      this.heap.push(timer);
      this.siftUp(timer.heapIndex);
    } else {
      if (first.later === undefined) first.later = new TimerFifo();
      first.later.push(timer);
    }
    return true;
  }

  /** Removes the timer with this identity, if queued; returns whether one was removed. */
  remove(timestamp: number, normalizedKey: NormalizedKey, namespaceKey: Namespace, keyGroupOffset: number): boolean {
    const timers = this.byKeyGroup[keyGroupOffset];
    if (timers === undefined) return false;
    const timer = timers.find(
      timestamp,
      namespaceKey,
      normalizedKey,
      timerHash(timestamp, namespaceKey, normalizedKey),
    );
    if (timer === undefined) return false;
    timers.delete(timer);
    this.count--;
    if (timer.heapIndex >= 0) {
      this.replaceFirst(timer);
    } else {
      const first = this.firstOfTimestamp.get(timestamp)!;
      const later = first.later!;
      later.remove(timer);
      if (later.size === 0) first.later = undefined;
    }
    return true;
  }

  /** The earliest timer, left in the queue. */
  peek(): HeapTimer<N> | undefined {
    return this.heap[0];
  }

  /** Takes the earliest timer out of the queue. */
  poll(): HeapTimer<N> | undefined {
    const head = this.heap[0];
    if (head === undefined) return undefined;
    this.byKeyGroup[head.keyGroupOffset]!.delete(head);
    this.count--;
    this.replaceFirst(head);
    return head;
  }

  /** The queued timers of one key group, in no particular order: what a snapshot of it writes. */
  timersOfKeyGroup(keyGroupIndex: number): InternalTimer<N>[] {
    if (!this.keyGroupRange.contains(keyGroupIndex)) {
      throw new RangeError(`Key group ${keyGroupIndex} is not in ${this.keyGroupRange} of this timer queue.`);
    }
    const timers = this.byKeyGroup[keyGroupIndex - this.keyGroupRange.startKeyGroup];
    return timers === undefined ? [] : timers.values();
  }

  /**
   * Takes out the first timer of its timestamp: the next one of that timestamp takes its place in
   * the heap (same timestamp, so the heap order holds as it is), or the timestamp leaves the heap.
   */
  private replaceFirst(first: HeapTimer<N>): void {
    const index = first.heapIndex;
    first.heapIndex = -1;
    const later = first.later;
    const next = later === undefined ? undefined : later.shift();
    if (next === undefined) {
      first.later = undefined;
      this.firstOfTimestamp.delete(first.timestamp);
      this.removeAt(index);
      return;
    }
    first.later = undefined;
    if (later!.size > 0) next.later = later;
    next.heapIndex = index;
    this.heap[index] = next;
    this.firstOfTimestamp.set(next.timestamp, next);
  }

  private removeAt(index: number): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (index === heap.length) return;
    heap[index] = last;
    last.heapIndex = index;
    if (index > 0 && last.timestamp < heap[(index - 1) >> 1].timestamp) this.siftUp(index);
    else this.siftDown(index);
  }

  private siftUp(index: number): void {
    const heap = this.heap;
    const timer = heap[index];
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex];
      if (timer.timestamp >= parent.timestamp) break;
      heap[index] = parent;
      parent.heapIndex = index;
      index = parentIndex;
    }
    heap[index] = timer;
    timer.heapIndex = index;
  }

  private siftDown(index: number): void {
    const heap = this.heap;
    const n = heap.length;
    const timer = heap[index];
    for (;;) {
      const left = 2 * index + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && heap[right].timestamp < heap[left].timestamp ? right : left;
      if (heap[child].timestamp >= timer.timestamp) break;
      heap[index] = heap[child];
      heap[index].heapIndex = index;
      index = child;
    }
    heap[index] = timer;
    timer.heapIndex = index;
  }
}
