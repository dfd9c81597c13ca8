import { JobDefinitionError } from '@weir/common';
import type { TimerService } from '@weir/core';
import { VOID_NAMESPACE, type InternalTimerService, type Namespace, type ProcessingTimeService } from '@weir/state';

/**
 * The TimerService a user function sees (`ctx.timerService()`): its timers are the operator's
 * internal timers in the void namespace, scoped to the current key. A non-keyed operator has no
 * timers, only the clocks; registering one there is a job definition error, as in Flink.
 */
export class UserTimerService implements TimerService {
  constructor(
    private readonly operatorName: string,
    private readonly processingTimeService: ProcessingTimeService,
    private readonly watermark: () => number,
    private readonly timers: InternalTimerService<Namespace> | undefined,
  ) {}

  currentProcessingTime(): number {
    return this.processingTimeService.getCurrentProcessingTime();
  }

  currentWatermark(): number {
    return this.watermark();
  }

  registerEventTimeTimer(time: number): void {
    this.keyedTimers().registerEventTimeTimer(VOID_NAMESPACE, time);
  }

  registerProcessingTimeTimer(time: number): void {
    this.keyedTimers().registerProcessingTimeTimer(VOID_NAMESPACE, time);
  }

  deleteEventTimeTimer(time: number): void {
    this.keyedTimers().deleteEventTimeTimer(VOID_NAMESPACE, time);
  }

  deleteProcessingTimeTimer(time: number): void {
    this.keyedTimers().deleteProcessingTimeTimer(VOID_NAMESPACE, time);
  }

  private keyedTimers(): InternalTimerService<Namespace> {
    if (this.timers === undefined) {
      throw new JobDefinitionError(
        `Operator '${this.operatorName}' set a timer, but timers need a keyed stream: call keyBy() first ` +
          'and use a KeyedProcessFunction (or KeyedCoProcessFunction, KeyedBroadcastProcessFunction).',
      );
    }
    return this.timers;
  }
}
