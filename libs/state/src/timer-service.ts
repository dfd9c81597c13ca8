import type { Key } from '@weir/common';
import type { Namespace } from './keyed-state-backend';

/** A timer: fires for `key` (and `namespace`, e.g. a window) at `timestamp`. */
export interface InternalTimer<N> {
  readonly timestamp: number;
  readonly key: Key;
  readonly namespace: N;
}

/** What an operator implements to be told about its timers. The current key is set before each call. */
export interface Triggerable<N> {
  onEventTime(timer: InternalTimer<N>): void;
  onProcessingTime(timer: InternalTimer<N>): void;
}

/**
 * The timers of one operator, for the backend's current key. Registering the same (key, namespace,
 * timestamp) twice keeps one timer. Timers are stored per key group so they are snapshotted with state.
 */
export interface InternalTimerService<N> {
  currentProcessingTime(): number;
  currentWatermark(): number;
  registerEventTimeTimer(namespace: N, time: number): void;
  deleteEventTimeTimer(namespace: N, time: number): void;
  registerProcessingTimeTimer(namespace: N, time: number): void;
  deleteProcessingTimeTimer(namespace: N, time: number): void;
  /** Number of pending timers (both domains), for tests and metrics. */
  numTimers(): number;
}

/** The wall clock of a subtask; callbacks run on the subtask's own mailbox, never concurrently. */
export interface ProcessingTimeService {
  getCurrentProcessingTime(): number;
  /** Runs `callback(time)` at (or soon after) `time`; returns a cancel function. */
  registerTimer(time: number, callback: (time: number) => void): () => void;
}

/**
 * How a timer service's namespaces are written into a snapshot and read back, for namespaces that
 * are objects (windows); primitive namespaces are written as they are.
 */
export interface NamespaceSerializer<N> {
  toData(namespace: N): unknown;
  fromData(data: unknown): N;
}

/** Owns every timer service of one operator and drives event time through them. */
export interface InternalTimeServiceManager {
  /**
   * Gets or creates the named timer service. `namespaceKey` maps a namespace to the primitive that
   * identifies it (for a window: `w => w.namespaceKey()`); omit it for plain keyed timers.
   * `serializer` writes object namespaces into snapshots.
   */
  getInternalTimerService<N>(
    name: string,
    triggerable: Triggerable<N>,
    namespaceKey?: (namespace: N) => Namespace,
    serializer?: NamespaceSerializer<N>,
  ): InternalTimerService<N>;
  /** Fires every event-time timer with timestamp <= watermark, in timestamp order, then records the watermark. */
  advanceWatermark(watermark: number): void;
  currentWatermark(): number;
}
