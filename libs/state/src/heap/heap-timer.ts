import type { Key, NormalizedKey } from '@weir/common';
import type { Namespace } from '../keyed-state-backend';
import type { InternalTimer } from '../timer-service';
import type { TimerFifo } from './timer-fifo';

/**
 * A timer as the heap timer services keep it: what a triggerable sees (timestamp, key, namespace)
 * plus its identity (timestamp, namespace key, normalized key, and their hash) and the bookkeeping
 * of its queue (see TimerQueue). The same object is handed to `onEventTime`/`onProcessingTime`, so
 * firing allocates nothing.
 */
export class HeapTimer<N> implements InternalTimer<N> {
  /** Position in the queue's binary heap while it is the first queued timer of its timestamp; else -1. */
  heapIndex = -1;
  /** While it is the first of its timestamp: the later timers of that timestamp, if any. */
  later: TimerFifo<N> | undefined = undefined;
  /** Position in the `later` timers of the first of its timestamp while it waits there; else -1. */
  laterIndex = -1;

  constructor(
    readonly timestamp: number,
    readonly key: Key,
    readonly namespace: N,
    readonly normalizedKey: NormalizedKey,
    readonly namespaceKey: Namespace,
    /** `timerHash` of the identity, kept so the timer set never rehashes strings. */
    readonly hash: number,
    readonly keyGroupOffset: number,
  ) {}
}
