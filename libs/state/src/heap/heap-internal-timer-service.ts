import { JobDefinitionError, normalizeKey, RecordError } from '@weir/common';
import type { KeyedStateBackend, Namespace } from '../keyed-state-backend';
import type {
  InternalTimer,
  InternalTimerService,
  InternalTimeServiceManager,
  ProcessingTimeService,
  Triggerable,
} from '../timer-service';
import type { HeapTimer } from './heap-timer';
import { TimerQueue } from './timer-queue';

// Bound once, as in HeapKeyedStateBackend: calls through a package's re-export getters are not inlined.
const normalize = normalizeKey;

export type TimeDomain = 'event' | 'processing';

export interface HeapInternalTimerServiceOptions<N> {
  name: string;
  triggerable: Triggerable<N>;
  /** Maps a namespace to its primitive identity; absent when namespaces are primitives already. */
  namespaceKey: ((namespace: N) => Namespace) | undefined;
  backend: KeyedStateBackend;
  processingTimeService: ProcessingTimeService;
  /** The manager that owns the watermark and fires event-time timers across services. */
  manager: InternalTimeServiceManager;
}

/**
 * One named timer service of an operator (Flink's InternalTimerServiceImpl): timers for the backend's
 * current key, deduplicated, stored per key group. Event-time timers are fired by the manager as the
 * watermark advances; for processing time only the earliest pending timer is scheduled with the
 * ProcessingTimeService at any moment, so a million timers cost one scheduled callback.
 */
export class HeapInternalTimerService<N> implements InternalTimerService<N> {
  readonly name: string;
  readonly triggerable: Triggerable<N>;
  private readonly namespaceKey: ((namespace: N) => Namespace) | undefined;
  private readonly backend: KeyedStateBackend;
  private readonly processingTimeService: ProcessingTimeService;
  private readonly manager: InternalTimeServiceManager;
  private readonly startKeyGroup: number;
  private readonly eventTimers: TimerQueue<N>;
  private readonly processingTimers: TimerQueue<N>;
  /** The time the ProcessingTimeService will call back at; +Infinity when nothing is scheduled. */
  private scheduledTime = Number.POSITIVE_INFINITY;
  private cancelScheduled: (() => void) | undefined;
  private firingProcessingTimers = false;
  private readonly onProcessingTimeCallback: (time: number) => void;

  constructor(options: HeapInternalTimerServiceOptions<N>) {
    this.name = options.name;
    this.triggerable = options.triggerable;
    this.namespaceKey = options.namespaceKey;
    this.backend = options.backend;
    this.processingTimeService = options.processingTimeService;
    this.manager = options.manager;
    this.startKeyGroup = options.backend.keyGroupRange.startKeyGroup;
    this.eventTimers = new TimerQueue(options.backend.keyGroupRange);
    this.processingTimers = new TimerQueue(options.backend.keyGroupRange);
    this.onProcessingTimeCallback = (time) => this.onProcessingTime(time);
  }

  currentProcessingTime(): number {
    return this.processingTimeService.getCurrentProcessingTime();
  }

  currentWatermark(): number {
    return this.manager.currentWatermark();
  }

  registerEventTimeTimer(namespace: N, time: number): void {
    this.addTimer(this.eventTimers, namespace, time);
  }

  deleteEventTimeTimer(namespace: N, time: number): void {
    this.removeTimer(this.eventTimers, namespace, time);
  }

  registerProcessingTimeTimer(namespace: N, time: number): void {
    if (this.addTimer(this.processingTimers, namespace, time) && !this.firingProcessingTimers) {
      if (time < this.scheduledTime) this.schedule(time);
    }
  }

  deleteProcessingTimeTimer(namespace: N, time: number): void {
    if (this.removeTimer(this.processingTimers, namespace, time) && !this.firingProcessingTimers) {
      this.scheduleEarliest();
    }
  }

  numTimers(): number {
    return this.eventTimers.size + this.processingTimers.size;
  }

  /** The earliest pending event-time timer, left in place (the manager compares services with it). */
  peekEventTimer(): InternalTimer<N> | undefined {
    return this.eventTimers.peek();
  }

  /** Fires the earliest event-time timer with its key set on the backend. */
  fireNextEventTimer(): void {
    const timer = this.eventTimers.poll()!;
    this.backend.setCurrentKey(timer.key);
    this.triggerable.onEventTime(timer);
  }

  /** The pending timers of one domain in one key group: what a snapshot of that key group writes. */
  timersOfKeyGroup(domain: TimeDomain, keyGroupIndex: number): InternalTimer<N>[] {
    return (domain === 'event' ? this.eventTimers : this.processingTimers).timersOfKeyGroup(keyGroupIndex);
  }

  private addTimer(queue: TimerQueue<N>, namespace: N, time: number): boolean {
    if (Number.isNaN(time)) {
      throw new RecordError(`A timer of timer service '${this.name}' was registered for NaN; use a timestamp in ms.`);
    }
    const key = this.backend.getCurrentKey();
    const offset = this.backend.getCurrentKeyGroupIndex() - this.startKeyGroup;
    return queue.add(time, key, normalize(key), namespace, this.namespaceKeyOf(namespace), offset);
  }

  private removeTimer(queue: TimerQueue<N>, namespace: N, time: number): boolean {
    const key = this.backend.getCurrentKey();
    const offset = this.backend.getCurrentKeyGroupIndex() - this.startKeyGroup;
    return queue.remove(time, normalize(key), this.namespaceKeyOf(namespace), offset);
  }

  private namespaceKeyOf(namespace: N): Namespace {
    if (this.namespaceKey !== undefined) return this.namespaceKey(namespace);
    if (typeof namespace === 'string' || typeof namespace === 'number') return namespace;
    throw new JobDefinitionError(
      `Timer service '${this.name}' got a namespace that is not a string or number; pass a namespaceKey ` +
        'function to getInternalTimerService (for windows: w => w.namespaceKey()).',
    );
  }

  private onProcessingTime(time: number): void {
    this.cancelScheduled = undefined;
    this.scheduledTime = Number.POSITIVE_INFINITY;
    // A late callback fires everything due by now, not only what was due at its scheduled time.
    const now = Math.max(time, this.processingTimeService.getCurrentProcessingTime());
    const queue = this.processingTimers;
    this.firingProcessingTimers = true;
    let timer: HeapTimer<N> | undefined;
    while ((timer = queue.peek()) !== undefined && timer.timestamp <= now) {
      queue.poll();
      this.backend.setCurrentKey(timer.key);
      this.triggerable.onProcessingTime(timer);
    }
    this.firingProcessingTimers = false;
    this.scheduleEarliest();
  }

  private scheduleEarliest(): void {
    const head = this.processingTimers.peek();
    const time = head === undefined ? Number.POSITIVE_INFINITY : head.timestamp;
    if (time !== this.scheduledTime) this.schedule(time);
  }

  private schedule(time: number): void {
    if (this.cancelScheduled !== undefined) this.cancelScheduled();
    this.cancelScheduled = undefined;
    this.scheduledTime = time;
    if (time !== Number.POSITIVE_INFINITY) {
      this.cancelScheduled = this.processingTimeService.registerTimer(time, this.onProcessingTimeCallback);
    }
  }
}
