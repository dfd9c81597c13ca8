import type { Key, NormalizedKey } from '@weir/common';
import type { Namespace } from '../keyed-state-backend';
import type { InternalTimer } from '../timer-service';

/**
 * A timer as the heap timer services keep it: what a triggerable sees (timestamp, key, namespace)
 * plus its identity (timestamp, namespace key, normalized key, and their hash) and the bookkeeping
 * of its queue. The same object is handed to `onEventTime`/`onProcessingTime`, so firing allocates
 * nothing.
 */
export class HeapTimer<N> implements InternalTimer<N> {
  /** Position in the queue's binary heap; -1 once the timer left the queue. */
  heapIndex = -1;

  constructor(
    readonly timestamp: number,
    readonly key: Key,
    readonly namespace: N,
    readonly normalizedKey: NormalizedKey,
    readonly namespaceKey: Namespace,
    /** `timerHash` of the identity, kept so the timer set never rehashes strings. */
    readonly hash: number,
    readonly keyGroupOffset: number,
    /** Registration order, so timers with equal timestamps fire in the order they were registered. */
    readonly sequence: number,
  ) {}
}
