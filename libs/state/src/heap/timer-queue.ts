import type { Key, KeyGroupRange, NormalizedKey } from '@weir/common';
import type { Namespace } from '../keyed-state-backend';
import type { InternalTimer } from '../timer-service';
import { HeapTimer } from './heap-timer';
import { timerHash, TimerSet } from './timer-set';

/**
 * The timers of one domain (event or processing time) of one timer service, as Flink's
 * HeapPriorityQueueSet: a set per key group (deduplication, and what a snapshot of a key group
 * takes) plus one binary min-heap over all of them, ordered by timestamp then registration order.
 * Each timer knows its heap index, so deleting one is O(log n).
 */
export class TimerQueue<N> {
  private readonly heap: HeapTimer<N>[] = [];
  private readonly byKeyGroup: (TimerSet<N> | undefined)[];
  private nextSequence = 0;

  constructor(private readonly keyGroupRange: KeyGroupRange) {
    this.byKeyGroup = new Array<TimerSet<N> | undefined>(keyGroupRange.numberOfKeyGroups).fill(undefined);
  }

  get size(): number {
    return this.heap.length;
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
    const timer = new HeapTimer(
      timestamp,
      key,
      namespace,
      normalizedKey,
      namespaceKey,
      hash,
      keyGroupOffset,
      this.nextSequence++,
    );
    timers.insert(timer);
    timer.heapIndex = this.heap.length;
    this.heap.push(timer);
    this.siftUp(timer.heapIndex);
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
    this.removeAt(timer.heapIndex);
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
    this.removeAt(0);
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

  private removeAt(index: number): void {
    const heap = this.heap;
    const removed = heap[index];
    removed.heapIndex = -1;
    const last = heap.pop()!;
    if (index === heap.length) return;
    heap[index] = last;
    last.heapIndex = index;
    if (index > 0 && before(last, heap[(index - 1) >> 1])) this.siftUp(index);
    else this.siftDown(index);
  }

  private siftUp(index: number): void {
    const heap = this.heap;
    const timer = heap[index];
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex];
      if (!before(timer, parent)) break;
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
      const child = right < n && before(heap[right], heap[left]) ? right : left;
      if (!before(heap[child], timer)) break;
      heap[index] = heap[child];
      heap[index].heapIndex = index;
      index = child;
    }
    heap[index] = timer;
    timer.heapIndex = index;
  }
}

function before(a: HeapTimer<unknown>, b: HeapTimer<unknown>): boolean {
  return a.timestamp < b.timestamp || (a.timestamp === b.timestamp && a.sequence < b.sequence);
}
