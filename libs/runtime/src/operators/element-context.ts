import { JobDefinitionError, type Key } from '@weir/common';
import { NO_TIMESTAMP } from '../time-constants';
import type {
  Collector,
  CoProcessFunction,
  KeyedCoProcessFunction,
  KeyedProcessFunction,
  OutputTag,
  ProcessFunction,
  TimeDomain,
} from '@weir/core';
import type { InternalTimer, KeyedStateBackend, Namespace, Triggerable } from '@weir/state';
import { timeServiceManagerOf } from './keyed-context';
import type { OperatorContext } from './operator-context';
import type { Output } from './output';
import type { TimestampedCollector } from './timestamped-collector';
import { UserTimerService } from './user-timer-service';

/** The name of the timer service behind `ctx.timerService()` (Flink's "user-timers"). */
const USER_TIMERS = 'user-timers';

/** A keyed function that may have an `onTimer` (KeyedProcessFunction and its co- and broadcast twins). */
export interface TimerFunction {
  onTimer?(timestamp: number, ctx: KeyedProcessFunction.OnTimerContext<Key>, out: Collector<unknown>): void;
}

export interface ElementContextOptions {
  readonly operator: OperatorContext;
  readonly output: Output<unknown>;
  /** The operator's collector: its timestamp is set with the context's. */
  readonly collector: TimestampedCollector<unknown>;
  /** The operator's current event time. */
  readonly currentWatermark: () => number;
  /**
   * Given for keyed functions: the context then owns the operator's user timers and fires them into
   * this function's `onTimer`. Omitted, the context has clocks but no timers.
   */
  readonly timerFunction?: TimerFunction;
}

/**
 * The one context object a process-style operator hands its user function, for every element and
 * every timer (Flink's ContextImpl and OnTimerContextImpl in one): the operator points it at the
 * current element's timestamp instead of allocating a context per record. It serves the non-keyed
 * and keyed Process and CoProcess functions alike; on a keyed operator it is also the Triggerable
 * of the user timers.
 */
export class ElementContext
  implements
    ProcessFunction.Context,
    CoProcessFunction.Context,
    KeyedProcessFunction.OnTimerContext<Key>,
    KeyedCoProcessFunction.OnTimerContext<Key>,
    Triggerable<Namespace>
{
  /** The element's (or firing timer's) timestamp; NO_TIMESTAMP when it has none. */
  private currentTimestamp = NO_TIMESTAMP;
  private currentTimeDomain: TimeDomain = 'event-time';
  private readonly out: Output<unknown>;
  private readonly collector: TimestampedCollector<unknown>;
  private readonly timers: UserTimerService;
  private readonly timerFunction: TimerFunction | undefined;
  protected readonly operatorName: string;
  protected readonly backend: KeyedStateBackend | undefined;

  constructor(options: ElementContextOptions) {
    const { operator, timerFunction } = options;
    this.out = options.output;
    this.collector = options.collector;
    this.timerFunction = timerFunction;
    this.operatorName = operator.operatorName;
    this.backend = operator.keyedStateBackend;
    const internalTimers =
      timerFunction === undefined
        ? undefined
        : timeServiceManagerOf(operator).getInternalTimerService<Namespace>(USER_TIMERS, this);
    this.timers = new UserTimerService(
      operator.operatorName,
      operator.processingTimeService,
      options.currentWatermark,
      internalTimers,
    );
  }

  /** Points the context (and the collector) at the element about to be processed. */
  setTimestamp(timestamp: number): void {
    this.currentTimestamp = timestamp;
    this.collector.timestamp = timestamp;
  }

  timestamp(): number | undefined {
    return this.currentTimestamp === NO_TIMESTAMP ? undefined : this.currentTimestamp;
  }

  output<X>(tag: OutputTag<X>, value: X): void {
    this.out.collectSide(tag.id, value, this.currentTimestamp);
  }

  timerService(): UserTimerService {
    return this.timers;
  }

  currentProcessingTime(): number {
    return this.timers.currentProcessingTime();
  }

  currentWatermark(): number {
    return this.timers.currentWatermark();
  }

  getCurrentKey(): Key {
    if (this.backend === undefined) {
      throw new JobDefinitionError(
        `Operator '${this.operatorName}' asked for the current key, but only a keyed stream has one: call keyBy() first.`,
      );
    }
    return this.backend.getCurrentKey();
  }

  /** Where the firing timer comes from; meaningful only inside `onTimer`. */
  timeDomain(): TimeDomain {
    return this.currentTimeDomain;
  }

  /** Results of an event-time timer carry its time, as in Flink; those of a processing-time timer none. */
  onEventTime(timer: InternalTimer<Namespace>): void {
    this.fireTimer(timer.timestamp, 'event-time', timer.timestamp);
  }

  onProcessingTime(timer: InternalTimer<Namespace>): void {
    this.fireTimer(timer.timestamp, 'processing-time', NO_TIMESTAMP);
  }

  private fireTimer(time: number, domain: TimeDomain, resultTimestamp: number): void {
    const fn = this.timerFunction;
    if (fn?.onTimer === undefined) return;
    this.currentTimestamp = time;
    this.currentTimeDomain = domain;
    this.collector.timestamp = resultTimestamp;
    fn.onTimer(time, this, this.collector);
  }
}
